"""GDPR for contact persons: export, erasure without a trace (history included), the retention review and the
administrators' page."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from clusters.models import ContactPerson
from clusters.personal_data import ERASED_NAME, contacts_due_for_review
from clusters.tests.factories import ClusterFactory, ContactPersonFactory

pytestmark = pytest.mark.django_db

EMAIL = "mette.unik@klynge.example"


@pytest.fixture
def person():
    """A contact person edited twice by a user, the e-mail changed away and back, and an interview with them."""
    editor = get_user_model().objects.create_user("redaktoer")
    contact = ContactPersonFactory(name="Mette Unik", email=EMAIL, note="ring om formiddagen")
    for email in ("mette.gammel@klynge.example", EMAIL):
        contact.email, contact._history_user = email, editor
        contact.save()
    other = ContactPersonFactory(cluster=contact.cluster, name="Anden Person")
    LogEntry.objects.create(  # as the cluster's admin page logs a change in its contacts inline
        user=editor,
        content_type=ContentType.objects.get_for_model(contact.cluster),
        object_id=str(contact.cluster.pk),
        object_repr=str(contact.cluster),
        action_flag=CHANGE,
        change_message=json.dumps(
            [{"changed": {"name": "kontaktperson", "object": str(contact), "fields": ["email"]}}]
        ),
    )
    return contact, other


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _traces(text: str) -> list[str]:
    """Every table and text column that still holds `text`: all models, history and Django's own included."""
    return [
        f"{model._meta.db_table}.{field.column}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and model._base_manager.filter(**{f"{field.attname}__icontains": text}).exists()
    ]


def test_export_gives_the_contact_and_all_its_history_as_json(person):
    contact, other = person
    exported = json.loads(_run("contact_export", EMAIL))
    assert [row["id"] for row in exported["contacts"]] == [contact.pk]
    assert exported["contacts"][0]["note"] == "ring om formiddagen"
    assert [row["email"] for row in exported["history"]] == [EMAIL, "mette.gammel@klynge.example", EMAIL]
    assert exported["history"][1]["user"] == "redaktoer"
    assert other.email not in json.dumps(exported)


def test_erasure_leaves_no_trace_of_the_address_or_name_in_any_table(person):
    contact, other = person
    assert _traces(EMAIL), "the scan finds the address before erasure"
    output = _run("contact_erase", EMAIL)
    assert f"Slettet kontaktperson: Mette Unik ({contact.cluster})" in output
    assert _traces(EMAIL) == [] and _traces("mette.gammel") == [] and _traces("Mette Unik") == []
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert ContactPerson.objects.filter(pk=other.pk, email=other.email).exists()
    history = list(ContactPerson.history.filter(id=contact.pk).order_by("history_id"))
    assert {row.name for row in history} == {ERASED_NAME} and history[-1].history_type == "-"
    assert history[-1].history_change_reason.startswith(
        "GDPR-sletning · kommando: contact_erase (os-bruger: "
    )


@pytest.mark.parametrize("command", ["contact_export", "contact_erase"])
def test_an_unknown_address_is_refused_in_danish_and_changes_nothing(person, command):
    before = ContactPerson.history.count()
    with pytest.raises(
        CommandError, match=re.escape("Ingen kontaktperson har e-mailadressen ukendt@example.org")
    ):
        _run(command, "ukendt@example.org")
    assert ContactPerson.objects.count() == 2 and ContactPerson.history.count() == before


def test_retention_lists_contacts_of_clusters_that_left_long_ago(settings):
    settings.CONTACT_RETENTION_YEARS = 2
    ended = ContactPersonFactory(cluster=ClusterFactory(ended_on=dt.date(2022, 4, 1)))
    old_period = ContactPersonFactory(cluster=ClusterFactory(periods=["2017-2020"]))
    ContactPersonFactory(cluster=ClusterFactory(periods=["2021-2024", "2025-2028"]))
    ContactPersonFactory(cluster=ClusterFactory(ended_on=dt.date(2025, 6, 1), periods=["2017-2020"]))
    due = contacts_due_for_review(today=dt.date(2026, 12, 1))
    assert set(due) == {ended, old_period}
    output = _run("contact_retention")
    assert ended.email in output and "kontaktpersoner til gennemgang" in output


def test_personal_data_page_is_for_administrators_only(person, admin_client, staff_client, board_client):
    url = reverse("clusters:personal-data")
    page = admin_client.get(url)
    assert page.status_code == 200 and "Fortegnelse over behandlingen" in page.content.decode()
    assert staff_client.get(url).status_code == 403 and board_client.get(url).status_code == 403
