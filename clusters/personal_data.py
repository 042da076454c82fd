"""Contact persons are the portal's only personal data (GDPR): what is stored and why, everything about one
person, erasing a person, and the contacts due for review under the retention rule.

A person is found by e-mail address, in the contact persons and in their history (an address changed
since is still theirs). Erasure deletes the contact persons and pseudonymises every history row of them, so
no trace of the address or name remains while the history still shows that a contact existed and when
it was erased. History is never deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import ContactPerson, ProgrammeMembership

PERSONAL_FIELDS = ("name", "title", "email", "phone", "note")
ERASED_NAME = "slettet kontaktperson"
ERASURE_REASON = "GDPR-sletning"

# The record of processing, shown to administrators and summarised in README ("Persondata (GDPR)").
PROCESSING_RECORD = [
    {
        "what": gettext_lazy(
            "Navn, stilling, e-mail, telefon, kommune og note for klyngernes kontaktpersoner"
        ),
        "why": gettext_lazy(
            "BRN's samarbejde med klyngerne: hvem man kontakter, og hvem der får klyngens svarlink til surveyen"
        ),
        "who": gettext_lazy("BRN's medarbejdere og administratorer; aldrig bestyrelsen"),
        "retention": gettext_lazy(
            "Så længe klyngen er med i programmet; gennemgås, når klyngen har forladt det for mere end "
            "CONTACT_RETENTION_YEARS år siden"
        ),
    },
    {
        "what": gettext_lazy("Ændringshistorik for kontaktpersonerne (hvem ændrede hvad og hvornår)"),
        "why": gettext_lazy("Sporbarhed: hvem har ændret registrets oplysninger"),
        "who": gettext_lazy("BRN's medarbejdere og administratorer"),
        "retention": gettext_lazy("Som kontaktpersonen; ved sletning pseudonymiseres historikken"),
    },
]


class ContactNotFound(Exception):
    def __init__(self, email: str) -> None:
        super().__init__(
            _(
                "Ingen kontaktperson har e-mailadressen %(email)s (heller ikke i historikken); intet er ændret."
            )
            % {"email": email}
        )


def _person_ids(email: str) -> set[int]:
    ids = set(ContactPerson.objects.filter(email__iexact=email).values_list("pk", flat=True))
    ids |= set(ContactPerson.history.filter(email__iexact=email).values_list("id", flat=True))
    if not email.strip() or not ids:
        raise ContactNotFound(email)
    return ids


def contact_export(*, email: str) -> dict:
    """Everything the portal holds about the person with `email`: their contact records and their history."""
    ids = _person_ids(email)
    contacts = ContactPerson.objects.filter(pk__in=ids).select_related("cluster", "municipality")
    history = ContactPerson.history.filter(id__in=ids).select_related("history_user").order_by("history_date")
    return {
        "email": email,
        "contacts": [
            {
                "id": contact.pk,
                "cluster": contact.cluster.name,
                "municipality": contact.municipality.name if contact.municipality else None,
                **{name: getattr(contact, name) for name in PERSONAL_FIELDS},
                "updated_at": contact.updated_at.isoformat(),
                "interviews": list(contact.interviews.values_list("held_on", flat=True)),
            }
            for contact in contacts
        ],
        "history": [
            {
                "id": row.id,
                "date": row.history_date.isoformat(),
                "type": row.history_type,
                "user": row.history_user.get_username() if row.history_user else None,
                "reason": row.history_change_reason,
                **{name: getattr(row, name) for name in PERSONAL_FIELDS},
            }
            for row in history
        ],
    }


@dataclass(frozen=True)
class Erasure:
    contacts: list[str]  # "name (cluster)" of each contact person deleted
    history_rows: int  # history rows pseudonymised


@transaction.atomic
def contact_erase(*, email: str) -> Erasure:
    """Delete the person's contact records and pseudonymise all their history, keeping one line per record
    that says when it was erased."""
    ids = _person_ids(email)
    contacts = list(ContactPerson.objects.filter(pk__in=ids).select_related("cluster"))
    removed = [str(contact) for contact in contacts]
    for contact in contacts:
        contact._change_reason = ERASURE_REASON
        contact.delete()
    pseudonymised = ContactPerson.history.filter(id__in=ids).update(
        name=ERASED_NAME, title="", email="", phone="", note=""
    )
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPerson), object_id__in=[str(pk) for pk in ids]
    ).update(object_repr=ERASED_NAME, change_message="")
    for label in removed:  # a cluster's admin log names the contacts changed in its inline
        LogEntry.objects.filter(change_message__contains=label).update(
            change_message=Replace("change_message", Value(label), Value(ERASED_NAME))
        )
    return Erasure(contacts=removed, history_rows=pseudonymised)


def contacts_due_for_review(*, today: dt.date | None = None) -> QuerySet[ContactPerson]:
    """Contacts of clusters that left the programme more than CONTACT_RETENTION_YEARS years ago: ended by
    then, or (not ended) in programme periods that all ended by then."""
    today = today or timezone.localdate()
    cutoff = today.replace(year=today.year - settings.CONTACT_RETENTION_YEARS)
    memberships = ProgrammeMembership.objects.filter(cluster=OuterRef("cluster"))
    recent = memberships.filter(period__end_year__gte=cutoff.year)
    left = Q(cluster__ended_on__lte=cutoff) | Q(cluster__ended_on__isnull=True) & Exists(
        memberships
    ) & ~Exists(recent)
    return ContactPerson.objects.filter(left).select_related("cluster").order_by("cluster__name", "name")
