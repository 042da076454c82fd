"""Interviews with clusters and North Jutland actors: recorded by staff, shown on the cluster's and actor's
pages and in a filtered list for staff and administrators, never to the board (pages, pack and export)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from clusters.models import Actor, Cluster, ContactPerson
from collaboration.models_interviews import Interview, InterviewFollowUp, InterviewQuote, InterviewTheme
from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import SLUG

demo = dashboard_support.demo  # the fixture

SECRET_POINT = "Hemmelig hovedpointe om kontorplanerne"
QUOTABLE = "Vi vil gerne have et fast kontor i Aalborg."
NOT_QUOTABLE = "Det her må ikke citeres."
CREATE = reverse("collaboration:interview-create")


def _formset(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def _post_data(**fields) -> dict:
    data = {
        "held_on": "2024-01-05",
        "interviewee_role": "Direktør",
        "key_points": SECRET_POINT,
        **fields,
        **_formset("quotes", [{"text": QUOTABLE, "is_quotable": "on"}, {"text": NOT_QUOTABLE}]),
        **_formset("follow_ups", [{"description": "Send tal for medlemmer", "due_on": "2024-02-01"}]),
    }
    return data


def _interview(cluster: Cluster | None = None, actor: Actor | None = None) -> Interview:
    interview = Interview.objects.create(
        held_on=dt.date(2024, 1, 5),
        cluster=cluster,
        actor=actor,
        interviewee_role="Direktør",
        key_points=SECRET_POINT,
    )
    InterviewQuote.objects.create(interview=interview, text=QUOTABLE, is_quotable=True)
    InterviewQuote.objects.create(interview=interview, text=NOT_QUOTABLE, is_quotable=False)
    InterviewFollowUp.objects.create(interview=interview, description="Send tal", due_on=dt.date(2024, 2, 1))
    return interview


def test_staff_record_an_interview_with_themes_quotes_and_follow_ups(reference_data, staff_client):
    cluster = Cluster.objects.get(slug="energy-cluster-denmark")
    theme = InterviewTheme.objects.get(slug="tilstedevaerelse")
    response = staff_client.post(CREATE, _post_data(cluster=cluster.pk, themes=[theme.pk]))
    interview = Interview.objects.get()
    assert response.status_code == 302 and response.url == interview.get_absolute_url()
    assert interview.interviewer == staff_client.user
    assert list(interview.themes.all()) == [theme]
    assert [(q.text, q.is_quotable) for q in interview.quotes.all()] == [
        (QUOTABLE, True),
        (NOT_QUOTABLE, False),
    ]
    assert interview.follow_ups.get().due_on == dt.date(2024, 2, 1)
    assert interview.history.exists()  # the m2m themes add a second record
    assert InterviewQuote.history.count() == 2


def test_the_themes_are_an_editable_list_loaded_from_the_reference_data(reference_data):
    assert InterviewTheme.objects.count() == 5
    assert all(theme.source for theme in InterviewTheme.objects.all())


def test_an_interview_without_a_cluster_or_actor_is_refused_and_saves_nothing(reference_data, staff_client):
    response = staff_client.post(CREATE, _post_data())
    assert response.status_code == 200
    assert "Vælg den klynge eller den nordjyske aktør" in response.content.decode()
    assert not Interview.objects.exists() and not InterviewQuote.objects.exists()


def test_a_contact_person_is_only_referenced_and_must_belong_to_the_cluster(reference_data, staff_client):
    energy = Cluster.objects.get(slug="energy-cluster-denmark")
    other = ContactPerson.objects.create(cluster=Cluster.objects.get(slug="made"), name="Mette Madsen")
    response = staff_client.post(CREATE, _post_data(cluster=energy.pk, contact=other.pk))
    assert "Kontaktpersonen hører ikke til interviewets klynge." in response.content.decode()
    own = ContactPerson.objects.create(cluster=energy, name="Erik Energi", email="erik@example.org")
    staff_client.post(CREATE, _post_data(cluster=energy.pk, contact=own.pk))
    interview = Interview.objects.get()
    assert interview.contact == own
    assert (
        "Erik" not in interview.interviewee_role + interview.interviewee_organisation + interview.key_points
    )
    own.delete()  # erasing the contact person leaves the interview without a reference to them
    interview.refresh_from_db()
    assert interview.contact is None


@pytest.mark.parametrize("name", ["interview-list", "interview-create", "interview-detail", "interview-edit"])
def test_the_board_gets_no_interview_page(reference_data, board_client, name):
    interview = _interview(cluster=Cluster.objects.get(slug="made"))
    kwargs = {"pk": interview.pk} if name in {"interview-detail", "interview-edit"} else {}
    assert board_client.get(reverse(f"collaboration:{name}", kwargs=kwargs)).status_code == 403


def test_the_cluster_and_actor_pages_show_interviews_to_staff_only(
    reference_data, staff_client, board_client
):
    cluster = Cluster.objects.get(slug="energy-cluster-denmark")
    actor = Actor.objects.get(slug="aau")
    _interview(cluster=cluster)
    _interview(actor=actor)
    for page in (cluster.get_absolute_url(), actor.get_absolute_url()):
        staff_html = staff_client.get(page).content.decode()
        assert 'id="interviews"' in staff_html and "Direktør" in staff_html
        cache.clear()
        board_html = board_client.get(page).content.decode()
        assert 'id="interviews"' not in board_html
        assert "Direktør" not in board_html and SECRET_POINT not in board_html


def test_the_list_filters_by_theme_subject_and_open_follow_ups(reference_data, staff_client):
    theme = InterviewTheme.objects.get(slug="medlemmer")
    with_theme = _interview(cluster=Cluster.objects.get(slug="made"))
    with_theme.themes.add(theme)
    done = _interview(actor=Actor.objects.get(slug="aau"))
    done.follow_ups.update(done_on=dt.date(2024, 3, 1))
    url = reverse("collaboration:interview-list")

    def listed(**query) -> list[Interview]:
        return list(staff_client.get(url, query).context["interviews"])

    assert listed(theme="medlemmer") == [with_theme]
    assert listed(actor="aau") == [done]
    assert listed(open_follow_ups="true") == [with_theme]
    assert listed(open_follow_ups="false") == [done]
    response = staff_client.get(url, {"theme": "findes-ikke"})
    assert list(response.context["interviews"]) == []
    assert "field-error" in response.content.decode()


def test_the_management_pack_quotes_only_quotable_quotes_without_names(demo, staff_client, board_client):
    contact = ContactPerson.objects.create(cluster=Cluster.objects.get(slug="made"), name="Mette Madsen")
    interview = _interview(cluster=contact.cluster)
    interview.contact = contact
    interview.interviewee_organisation = "MADE"
    interview.save()
    direktion = reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "direktion"})
    html = staff_client.get(direktion).content.decode()
    assert "Fra interviewene" in html
    assert QUOTABLE in html
    for hidden in (NOT_QUOTABLE, "Mette Madsen", "Direktør", SECRET_POINT):
        assert hidden not in html
    cache.clear()
    board_pack = reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "bestyrelse"})
    board_html = board_client.get(board_pack).content.decode()
    assert QUOTABLE not in board_html and "Fra interviewene" not in board_html


def test_the_boards_excel_summary_holds_no_interview(demo, board_client):
    _interview(cluster=Cluster.objects.get(slug="made"))
    response = board_client.get(reverse("surveys:export", kwargs={"slug": SLUG}))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = " ".join(
        str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value
    )
    for text in (QUOTABLE, NOT_QUOTABLE, SECRET_POINT):
        assert text not in cells


def _grow(count: int) -> None:
    themes = list(InterviewTheme.objects.all())
    clusters = list(Cluster.objects.all()[:3])
    for index in range(count):
        interview = _interview(cluster=clusters[index % len(clusters)])
        interview.themes.set(themes)


def _queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.slow
def test_interview_pages_query_counts_do_not_grow_with_the_data(reference_data, staff_client):
    cluster = Cluster.objects.get(slug="made")
    _grow(2)
    detail = reverse("collaboration:interview-detail", kwargs={"pk": Interview.objects.first().pk})
    urls = (reverse("collaboration:interview-list"), cluster.get_absolute_url(), detail)
    _queries(staff_client, urls[0])  # warm the session and role caches
    small = [_queries(staff_client, url) for url in urls]
    _grow(20)
    assert [_queries(staff_client, url) for url in urls] == small
