"""Personal answer links: a signed, expiring, revocable token per invitation, e-mailed or copied.

The token is Django's signing of (link pk, random key) with a timestamp: it cannot be guessed or altered, it
expires after SURVEY_LINK_MAX_AGE_DAYS, and it stops working when the link is revoked or the wave closes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clusters.models import ContactPerson
from surveys.models import AnswerLink, Response, ResponseStatus, Survey

SALT = "surveys.answer-link"


class LinkInvalid(Exception):
    """The token does not open a form; `message` says why, revealing nothing else."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


TAMPERED = _("Linket er ikke gyldigt. Kontrollér, at hele linket er kopieret, eller bed om et nyt.")
EXPIRED = _("Linket er udløbet. Bed Business Region North Denmark om et nyt.")
REVOKED = _("Linket er trukket tilbage. Bed Business Region North Denmark om et nyt.")
CLOSED = _("Surveyen er lukket for svar.")
NOT_OPEN = _("Surveyen er ikke åbnet for svar endnu.")


def link_token(link: AnswerLink) -> str:
    return signing.dumps({"l": link.pk, "k": link.key}, salt=SALT)


def link_url(link: AnswerLink) -> str:
    return settings.PORTAL_BASE_URL + reverse("surveys:answer", kwargs={"token": link_token(link)})


def link_for_token(token: str) -> AnswerLink:
    """The live link a token opens; LinkInvalid when it is tampered, expired, revoked or the wave is closed."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.SURVEY_LINK_MAX_AGE_DAYS))
    except signing.SignatureExpired:
        raise LinkInvalid(EXPIRED) from None
    except signing.BadSignature:
        raise LinkInvalid(TAMPERED) from None
    link = (
        AnswerLink.objects.select_related("response__cluster", "response__survey__questionnaire")
        .filter(pk=data.get("l"))
        .first()
    )
    if link is None or not secrets.compare_digest(link.key, str(data.get("k"))):
        raise LinkInvalid(REVOKED)
    if link.revoked_at is not None:
        raise LinkInvalid(REVOKED)
    survey, today = link.response.survey, timezone.localdate()
    if survey.closes_on and today > survey.closes_on:
        raise LinkInvalid(CLOSED)
    if survey.sent_on and today < survey.sent_on:
        raise LinkInvalid(NOT_OPEN)
    return link


def link_get_or_create(*, response: Response, user=None) -> AnswerLink:
    """The response's live link, or a new one (with a new key) when there is none or it was revoked."""
    link = AnswerLink.objects.filter(response=response).first()
    if link is None:
        link = AnswerLink(response=response, key=secrets.token_urlsafe(32))
        link._history_user = user
        link.save()
    elif link.revoked_at is not None:
        link.key = secrets.token_urlsafe(32)
        link.revoked_at = link.sent_at = link.copied_at = link.opened_at = link.submitted_at = None
        link._history_user = user
        link.save()
    return link


def link_revoke(*, link: AnswerLink, user=None) -> None:
    link.revoked_at = timezone.now()
    link._history_user = user
    link.save(update_fields=["revoked_at"])


def link_opened(*, link: AnswerLink) -> None:
    if link.opened_at is None:
        link.opened_at = timezone.now()
        link.save(update_fields=["opened_at"])


def link_submitted(*, link: AnswerLink) -> None:
    link.submitted_at = timezone.now()
    link.save(update_fields=["submitted_at"])


def link_copied(*, response: Response, user=None) -> AnswerLink:
    """The live link an administrator copies to hand over by hand: the overview counts the cluster invited."""
    link = link_get_or_create(response=response, user=user)
    link.copied_at = timezone.now()
    link._history_user = user
    link.save(update_fields=["copied_at"])
    return link


def cluster_recipients(response: Response) -> dict[str, list[str]]:
    """The e-mail addresses of the cluster's own contact persons (nobody of another cluster), by the
    language each prefers."""
    recipients: dict[str, list[str]] = {}
    contacts = (
        ContactPerson.objects.filter(cluster_id=response.cluster_id)
        .exclude(email="")
        .order_by("name")
        .values_list("language", "email")
    )
    for language, email in contacts:
        recipients.setdefault(language, []).append(email)
    return recipients


@dataclass(frozen=True)
class Sending:
    link: AnswerLink
    recipients: list[str]


def _send(link: AnswerLink, recipients: dict[str, list[str]], *, template: str) -> None:
    """One e-mail per language, each in the language its recipients prefer."""
    survey = link.response.survey
    for language, addresses in recipients.items():
        with translation.override(language):
            context = {"survey": survey, "cluster": link.response.cluster, "url": link_url(link)}
            subject = render_to_string(f"surveys/email/{template}_subject.txt", context).strip()
            body = render_to_string(f"surveys/email/{template}.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)


def _flat(recipients: dict[str, list[str]]) -> list[str]:
    return [address for addresses in recipients.values() for address in addresses]


@transaction.atomic
def link_send(*, response: Response, user=None) -> Sending:
    """E-mail the cluster's contact persons their personal link; no recipients: nothing is sent."""
    link = link_get_or_create(response=response, user=user)
    recipients = cluster_recipients(response)
    if recipients:
        _send(link, recipients, template="invitation")
        link.sent_at = timezone.now()
        link._history_user = user
        link.save(update_fields=["sent_at"])
    return Sending(link, _flat(recipients))


def links_remind(*, survey: Survey, user=None) -> list[Sending]:
    """Remind every invited cluster that has not submitted, at most once per SURVEY_REMINDER_INTERVAL_DAYS.

    Only clusters already sent a link are reminded; each reminder is logged in the link's history."""
    now = timezone.now()
    quiet_since = now - timedelta(days=settings.SURVEY_REMINDER_INTERVAL_DAYS)
    links = (
        AnswerLink.objects.filter(response__survey=survey, revoked_at__isnull=True, sent_at__isnull=False)
        .exclude(response__status=ResponseStatus.COMPLETED)
        .select_related("response__cluster", "response__survey")
        .order_by("response__cluster__name")
    )
    sent = []
    for link in links:
        last = max(moment for moment in (link.sent_at, link.reminded_at) if moment)
        recipients = cluster_recipients(link.response)
        if last > quiet_since or not recipients or link.submitted_at:
            continue
        _send(link, recipients, template="reminder")
        link.reminded_at = now
        link._history_user = user
        link.save(update_fields=["reminded_at"])
        sent.append(Sending(link, _flat(recipients)))
    return sent
