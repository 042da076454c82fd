"""Clusters answering through personal links: tokens, draft and submit, the lock, e-mails and reminders."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusters.models import ContactPerson
from surveys import services
from surveys.models import AnswerLink, Response, ResponseStatus
from surveys.schema import AnswerValue
from surveys.services_links import (
    SALT,
    link_for_token,
    link_get_or_create,
    link_revoke,
    link_send,
    link_token,
    links_remind,
)

ENERGY, CLEAN = "energy-cluster-denmark", "clean"
COMPLETE = {
    "version": "",
    "dialog": "ja",
    "presence": "own_office",
    "office_municipality": "851",
    "members_nj": "40",
    "agreements": ["851"],
}


@pytest.fixture
def open_survey(survey):
    today = timezone.localdate()
    survey.sent_on, survey.closes_on = today - timedelta(days=1), today + timedelta(days=14)
    survey.save()
    return survey


def _response(survey, slug: str) -> Response:
    return Response.objects.select_related("cluster").get(survey=survey, cluster__slug=slug)


def _url(survey, slug: str) -> str:
    link = link_get_or_create(response=_response(survey, slug))
    return reverse("surveys:answer", kwargs={"token": link_token(link)})


def _post(client: Client, url: str, action: str, **answers):
    version = _response_for_url(url).version
    return client.post(url, {**COMPLETE, **answers, "version": version, "action": action})


def _response_for_url(url: str) -> Response:
    token = url.rstrip("/").rsplit("/", 1)[-1]
    return AnswerLink.objects.get(pk=signing.loads(token, salt=SALT)["l"]).response


def test_link_opens_only_that_clusters_form_without_an_account(open_survey):
    page = Client().get(_url(open_survey, ENERGY))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Energy Cluster Denmark" in content and "CLEAN" not in content
    assert 'class="main-nav"' not in content  # nothing else of the portal
    assert AnswerLink.objects.get(response__cluster__slug=ENERGY).opened_at is not None


def test_a_token_for_one_cluster_cannot_be_turned_into_another(open_survey):
    energy = link_get_or_create(response=_response(open_survey, ENERGY))
    clean = link_get_or_create(response=_response(open_survey, CLEAN))
    forged = signing.dumps({"l": clean.pk, "k": energy.key}, salt=SALT)
    page = Client().post(reverse("surveys:answer", kwargs={"token": forged}), {**COMPLETE, "action": "draft"})
    assert page.status_code == 410
    assert not _response(open_survey, CLEAN).answers.exists()
    tampered = link_token(energy)[:-2] + "zz"
    page = Client().get(reverse("surveys:answer", kwargs={"token": tampered}))
    assert page.status_code == 410 and "ikke gyldigt" in page.content.decode()
    assert "Energy" not in page.content.decode()


def test_expired_revoked_and_closed_links_give_the_plain_page(open_survey, settings):
    url = _url(open_survey, ENERGY)
    settings.SURVEY_LINK_MAX_AGE_DAYS = -1
    assert "udløbet" in Client().get(url).content.decode()
    settings.SURVEY_LINK_MAX_AGE_DAYS = 120
    open_survey.closes_on = timezone.localdate() - timedelta(days=1)
    open_survey.save()
    assert "lukket" in Client().get(url).content.decode()
    open_survey.closes_on = None
    open_survey.save()
    link_revoke(link=AnswerLink.objects.get())
    page = Client().get(url)
    assert page.status_code == 410 and "trukket tilbage" in page.content.decode()
    assert "Energy" not in page.content.decode()
    renewed = _url(open_survey, ENERGY)  # a new link works; the old one stays revoked
    assert Client().get(renewed).status_code == 200 and Client().get(url).status_code == 410


def test_draft_then_submit_then_read_only_with_history(open_survey):
    client, url = Client(), _url(open_survey, ENERGY)
    assert _post(client, url, "draft", members_nj="30").status_code == 302
    response = _response(open_survey, ENERGY)
    assert response.status == ResponseStatus.PARTIAL
    assert response.answers.get(question__code="members_nj").value_int == 30
    latest = response.history.order_by("-history_id").first()
    link = AnswerLink.objects.get(response=response)
    assert (latest.history_change_reason, latest.history_user) == (f"svarlink: {link.pk}", None)
    assert "30" in client.get(url).content.decode()  # coming back shows the draft
    assert _post(client, url, "complete").status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED
    assert AnswerLink.objects.get().submitted_at is not None
    page = client.get(url)
    assert (
        "kan ikke længere ændres" in page.content.decode()
        and '<form method="post" class="stacked' not in page.content.decode()
    )
    _post(client, url, "draft", members_nj="99")
    assert response.answers.get(question__code="members_nj").value_int == 40


def test_submit_breaking_a_rule_is_refused_like_the_admin_form(open_survey):
    client, url = Client(), _url(open_survey, ENERGY)
    page = _post(client, url, "complete", members_nj="10", members_nj_large="8", members_nj_small="8")
    assert page.status_code == 200
    assert _response(open_survey, ENERGY).status == ResponseStatus.NOT_STARTED


def test_a_concurrent_administrator_edit_wins_and_the_respondent_is_told(open_survey, django_user_model):
    client, url = Client(), _url(open_survey, ENERGY)
    response = _response(open_survey, ENERGY)
    opened_version = response.version
    admin = django_user_model.objects.create(username="admin-edit")
    services.response_save(
        response=response,
        status=ResponseStatus.PARTIAL,
        answers={"members_nj": AnswerValue(12)},
        version=opened_version,
        user=admin,
    )
    page = client.post(url, {**COMPLETE, "version": opened_version, "action": "draft"})
    assert page.status_code == 409
    assert _response(open_survey, ENERGY).answers.get(question__code="members_nj").value_int == 12
    reasons = set(response.history.values_list("history_change_reason", flat=True))
    assert "svarformular" in reasons


def _contacts(survey):
    energy = _response(survey, ENERGY).cluster
    clean = _response(survey, CLEAN).cluster
    ContactPerson.objects.create(cluster=energy, name="Eva Energi", email="eva@energy.example")
    ContactPerson.objects.create(cluster=energy, name="Uden Mail")
    ContactPerson.objects.create(cluster=clean, name="Carl Clean", email="carl@clean.example")


def test_invitation_email_names_brn_survey_deadline_and_link_to_the_clusters_own_contacts(open_survey):
    _contacts(open_survey)
    sending = link_send(response=_response(open_survey, ENERGY))
    (message,) = mail.outbox
    assert message.to == ["eva@energy.example"]
    assert "Business Region North Denmark" in message.subject and open_survey.title in message.subject
    # The token carries its signing second, so it is read back from the e-mail rather than made again.
    (token,) = re.findall(r"/svar/([^/\s]+)/", message.body)
    assert link_for_token(token) == sending.link
    assert open_survey.closes_on.strftime("%Y") in message.body and "Svarfristen" in message.body
    assert "carl@clean.example" not in message.body and "CLEAN" not in message.body
    assert AnswerLink.objects.get().sent_at is not None


def test_invitation_in_english_to_the_contacts_who_prefer_it_and_danish_to_the_others(open_survey):
    _contacts(open_survey)
    energy = _response(open_survey, ENERGY).cluster
    ContactPerson.objects.create(
        cluster=energy, name="Emma English", email="emma@energy.example", language="en"
    )
    sending = link_send(response=_response(open_survey, ENERGY))
    by_recipient = {tuple(message.to): message.body for message in mail.outbox}
    assert set(by_recipient) == {("eva@energy.example",), ("emma@energy.example",)}
    assert "deadline" in by_recipient[("emma@energy.example",)].lower()
    assert "Svarfristen" in by_recipient[("eva@energy.example",)]
    assert sorted(sending.recipients) == ["emma@energy.example", "eva@energy.example"]


def test_reminders_go_to_those_not_submitted_and_never_twice_within_the_interval(open_survey):
    _contacts(open_survey)
    link_send(response=_response(open_survey, ENERGY))
    link_send(response=_response(open_survey, CLEAN))
    Response.objects.filter(cluster__slug=CLEAN).update(status=ResponseStatus.COMPLETED)
    mail.outbox.clear()
    assert links_remind(survey=open_survey) == []  # just invited: within the interval
    AnswerLink.objects.update(sent_at=timezone.now() - timedelta(days=8))
    out = io.StringIO()
    call_command("survey_remind", open_survey.slug, stdout=out)
    assert [message.to for message in mail.outbox] == [["eva@energy.example"]]
    assert "Påmindelse" in mail.outbox[0].subject and "1 påmindelser sendt" in out.getvalue()
    call_command("survey_remind", open_survey.slug, stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert AnswerLink.history.filter(reminded_at__isnull=False).count() == 1  # logged


def test_admin_copies_a_link_and_sends_without_email_gets_the_link_to_copy(admin_client, open_survey):
    url = reverse("surveys:link-action", kwargs={"slug": open_survey.slug, "cluster": ENERGY})
    page = admin_client.post(url, {"action": "send"}, follow=True)
    assert (
        "ingen kontaktperson med e-mail" in page.content.decode()
        and "/surveys/svar/" in page.content.decode()
    )
    page = admin_client.post(url, {"action": "copy"}, follow=True)
    assert "Personligt link til Energy Cluster Denmark" in page.content.decode()
    assert AnswerLink.objects.get().copied_at is not None  # handed out by hand: counted as invited
    assert "link kopieret" in admin_client.get(open_survey.get_absolute_url()).content.decode()
    admin_client.post(url, {"action": "revoke"})
    assert AnswerLink.objects.get().revoked_at is not None
    overview = admin_client.get(open_survey.get_absolute_url()).content.decode()
    assert "Inviteret" in overview and "Åbnet" in overview and "Indsendt" in overview
