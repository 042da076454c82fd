"""Survey pages: overview, answer entry with optimistic locking, per-cluster answers, JSON, import, next year."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster
from clusters.tests.factories import ClusterFactory
from surveys.key_figures import KEYS, key_figures
from surveys.models import Answer, Response, ResponseStatus, Survey
from surveys.services_waves import survey_invite

ENERGY = "energy-cluster-denmark"
# Besides members_nj, what a completed response must answer (presence and agreements), in the form and in Excel.
REQUIRED_ELSE = {"presence": "none", "agreements": ["brn"]}
REQUIRED_CELLS_ELSE = {"presence": "none", "agreements:brn": 1}


def edit_url(survey: Survey, cluster: str = ENERGY) -> str:
    return reverse("surveys:response-edit", kwargs={"slug": survey.slug, "cluster": cluster})


def detail_url(survey: Survey, cluster: str = ENERGY) -> str:
    return reverse("surveys:response-detail", kwargs={"slug": survey.slug, "cluster": cluster})


def form_data(response: Response, action: str = "draft", **answers) -> dict:
    return {"version": response.version, "action": action, **answers}


def grow(survey: Survey, times: int) -> None:
    """Invite `times` × as many extra clusters (tenfold data for the query-count tests)."""
    clusters = ClusterFactory.create_batch(times * survey.responses.count())
    survey_invite(survey=survey, clusters=clusters)


# --- Overview ------------------------------------------------------------------------------------------


def test_overview_shows_statuses_completion_and_a_copyable_reminder_list(admin_client, demo_survey):
    page = admin_client.get(demo_survey.get_absolute_url())
    content = page.content.decode()
    assert page.status_code == 200
    assert 'class="demo-banner"' in content
    assert "92,3 %" in content
    assert '<textarea id="reminder-list"' in content
    assert "Uidentificeret klynge (2021-2024) (ikke besvaret)" in content
    assert "Gennemført" in content


def test_board_sees_only_aggregates_on_the_overview(board_client, demo_survey):
    content = board_client.get(demo_survey.get_absolute_url()).content.decode()
    assert "reminder-list" not in content
    assert detail_url(demo_survey) not in content
    assert "92,3 %" in content


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.slow
def test_overview_query_count_does_not_grow_with_the_data(
    admin_client, demo_survey, django_assert_num_queries
):
    url = demo_survey.get_absolute_url()
    small = queries_for(admin_client, url)
    grow(demo_survey, 10)
    with django_assert_num_queries(small):
        admin_client.get(url)


def test_survey_list_lists_the_survey_with_demo_badge(staff_client, demo_survey):
    content = staff_client.get(reverse("surveys:survey-list")).content.decode()
    assert demo_survey.get_absolute_url() in content and "badge--demo" in content


# --- Answer entry --------------------------------------------------------------------------------------


def test_entry_form_groups_questions_with_radios_checkboxes_and_estimates(admin_client, survey):
    content = admin_client.get(edit_url(survey)).content.decode()
    assert "<legend>Tilstedeværelse og samarbejdspartnere</legend>" in content
    assert 'type="radio" name="presence" value="own_office"' in content
    assert 'type="checkbox" name="agreements" value="851"' in content
    assert 'name="members_nj__estimate"' in content
    assert 'name="version"' in content
    assert "Gem kladde" in content and "Markér som gennemført" in content


def test_saving_a_draft_then_completing_writes_typed_answers_and_history(admin_client, survey):
    response = Response.objects.get(survey=survey, cluster__slug=ENERGY)
    answers = {
        "dialog": "ja",
        "presence": "co_located",
        "office_municipality": "851",
        "members_nj": "12",
        "members_nj__estimate": "on",
        "partners": ["aau", "brn"],
        "agreements": ["brn"],
    }
    saved = admin_client.post(edit_url(survey), form_data(response, **answers))
    assert saved.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.PARTIAL and response.version == 2
    assert response.updated_by == admin_client.user
    members = response.answers.get(question__code="members_nj")
    assert (members.value_int, members.is_estimate) == (12, True)
    assert key_figures(survey=survey)["completed"].value == 0

    admin_client.post(edit_url(survey), form_data(response, action="complete", **answers))
    response.refresh_from_db()
    assert response.status == ResponseStatus.COMPLETED
    figures = key_figures(survey=survey)
    assert figures["co_located"].value == 1 and figures["members_total"].estimated_by == 1
    assert set(response.history.values_list("status", flat=True)) == {"not_started", "partial", "completed"}
    assert Answer.history.filter(response_id=response.pk, history_user=admin_client.user).count() >= 4


def test_form_errors_are_danish_and_beside_the_field_and_nothing_is_saved(admin_client, survey):
    response = Response.objects.get(survey=survey, cluster__slug=ENERGY)
    page = admin_client.post(
        edit_url(survey),
        form_data(
            response,
            presence="none",
            office_municipality="851",
            members_nj="10",
            members_nj_large="8",
            members_nj_small="5",
            participants="-2",
        ),
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "Svarene er ikke gemt" in content
    field_html = content.split('id="q-participants"')[1].split('<div class="field')[0]
    assert (
        '<ul class="field-error" id="id_participants_error"><li>Denne værdi skal være større end eller lig 0.</li></ul>'
        in field_html
    )
    # The summary at the top takes the focus and links each error to its field.
    summary = content.split('class="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in summary and 'href="#id_participants"' in summary
    assert re.search(r'aria-describedby="[^"]*id_participants_error', field_html)  # the input names its error
    response.refresh_from_db()
    assert response.version == 1 and not response.answers.exists()


def test_rule_errors_are_shown_beside_the_question(admin_client, survey):
    response = Response.objects.get(survey=survey, cluster__slug=ENERGY)
    page = admin_client.post(
        edit_url(survey),
        form_data(
            response,
            presence="none",
            office_municipality="851",
            members_nj="10",
            members_nj_large="8",
            members_nj_small="5",
        ),
    )
    form = page.context["form"]
    assert "kun, når klyngen er fysisk til stede" in form.errors["office_municipality"][0]
    assert "må tilsammen ikke overstige" in form.errors["members_nj"][0]


def test_second_of_two_concurrent_saves_is_refused_and_overwrites_nothing(
    admin_client, client_for_role, survey
):
    other_admin = client_for_role("admin")
    response = Response.objects.get(survey=survey, cluster__slug=ENERGY)
    opened_version = response.version  # both administrators opened the form at this version
    first = admin_client.post(
        edit_url(survey), {"version": opened_version, "action": "draft", "members_nj": "10"}
    )
    assert first.status_code == 302
    second = other_admin.post(
        edit_url(survey),
        {"version": opened_version, "action": "complete", "members_nj": "99", **REQUIRED_ELSE},
    )
    assert second.status_code == 409
    assert "En anden har gemt svarene" in second.content.decode()
    response.refresh_from_db()
    assert response.status == ResponseStatus.PARTIAL
    assert response.answers.get(question__code="members_nj").value_int == 10


@pytest.mark.slow
def test_entry_page_query_count_does_not_grow_with_the_data(
    admin_client, demo_survey, django_assert_num_queries
):
    url = edit_url(demo_survey)
    small = queries_for(admin_client, url)
    grow(demo_survey, 10)
    with django_assert_num_queries(small):
        admin_client.get(url)


def test_staff_and_board_may_not_enter_answers(staff_client, board_client, survey):
    assert staff_client.get(edit_url(survey)).status_code == 403
    assert board_client.post(edit_url(survey), {"version": 1}).status_code == 403


# --- Reading answers -----------------------------------------------------------------------------------


def test_staff_see_a_clusters_answers_with_the_demo_banner(staff_client, demo_survey):
    content = staff_client.get(detail_url(demo_survey)).content.decode()
    assert "Selvstændigt fysisk kontor" in content
    assert 'class="demo-banner"' in content
    assert "estimat" in content


def test_board_sees_cluster_answers_only_when_the_survey_allows_it(board_client, demo_survey):
    assert board_client.get(detail_url(demo_survey)).status_code == 404
    demo_survey.board_sees_cluster_answers = True
    demo_survey.save()
    assert board_client.get(detail_url(demo_survey)).status_code == 200


def test_cluster_profile_shows_survey_answers_to_staff_not_board(staff_client, board_client, demo_survey):
    url = Cluster.objects.get(slug=ENERGY).get_absolute_url()
    staff_page = staff_client.get(url).content.decode()
    assert 'id="survey-answers"' in staff_page and "badge--demo" in staff_page
    assert 'id="survey-answers"' not in board_client.get(url).content.decode()


def test_key_figures_json_has_the_contract_shape(board_client, demo_survey):
    page = board_client.get(reverse("surveys:key-figures", kwargs={"slug": demo_survey.slug}))
    payload = json.loads(page.content)
    assert payload["survey"] == "klyngesurvey-2023"
    assert list(payload["figures"]) == list(KEYS)
    assert payload["figures"]["invited"] == {
        "value": 13,
        "reported_by": 13,
        "estimated_by": 0,
        "label": "Inviterede klynger",
    }
    assert payload["figures"]["unique_companies"]["reported_by"] == 10
    assert payload["is_demo"] is True


# --- Import page ---------------------------------------------------------------------------------------


def test_import_page_previews_then_confirms(admin_client, survey, fill):
    url = reverse("surveys:import", kwargs={"slug": survey.slug})
    data = fill(survey, {ENERGY: {"status": "completed", "members_nj": 7, **REQUIRED_CELLS_ELSE}})
    upload = _upload(data)
    preview = admin_client.post(url, {"file": upload})
    content = preview.content.decode()
    assert preview.status_code == 200
    assert "Energy Cluster Denmark" in content and "Bekræft og importér" in content
    assert key_figures(survey=survey)["completed"].value == 0  # nothing written before confirmation
    token = preview.context["confirm_form"].initial["token"]
    confirmed = admin_client.post(url, {"token": token})
    assert confirmed.status_code == 302
    assert key_figures(survey=survey)["members_total"].value == 7
    assert Response.history.filter(history_user=admin_client.user, history_change_reason="import").exists()


def test_import_page_shows_every_error_and_offers_no_confirmation(admin_client, survey, fill):
    url = reverse("surveys:import", kwargs={"slug": survey.slug})
    data = fill(survey, {ENERGY: {"status": "completed", "members_nj": -7, "participants": "mange"}})
    page = admin_client.post(url, {"file": _upload(data)})
    content = page.content.decode()
    assert (
        "Filen har 2 fejl" in content and "Må ikke være negativt." in content and "Er ikke et tal." in content
    )
    assert "Bekræft og importér" not in content


def test_import_confirmation_needs_the_uploaders_token(admin_client, client_for_role, survey, fill):
    url = reverse("surveys:import", kwargs={"slug": survey.slug})
    preview = admin_client.post(
        url,
        {
            "file": _upload(
                fill(survey, {ENERGY: {"status": "completed", "members_nj": 7, **REQUIRED_CELLS_ELSE}})
            )
        },
    )
    token = preview.context["confirm_form"].initial["token"]
    stranger = client_for_role("admin")
    assert stranger.post(url, {"token": token}).status_code == 302
    assert key_figures(survey=survey)["completed"].value == 0


def test_import_page_refuses_a_file_that_is_not_xlsx(admin_client, survey):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("surveys:import", kwargs={"slug": survey.slug})
    page = admin_client.post(url, {"file": SimpleUploadedFile("svar.csv", b"cluster;status\n")})
    assert "Filen skal være en Excel-fil af typen .xlsx." in page.content.decode()


def test_template_download_is_an_xlsx(admin_client, survey):
    page = admin_client.get(reverse("surveys:template", kwargs={"slug": survey.slug}))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(page.streaming_content)[:2] == b"PK"


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("svar.xlsx", data)


# --- Next year's survey --------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2025-2028"])
def test_starting_next_years_survey_copies_the_questionnaire_and_invites_the_period(
    admin_client, demo_survey, period
):
    url = reverse("surveys:start-next", kwargs={"slug": demo_survey.slug})
    page = admin_client.post(
        url, {"period": period, "year": 2025, "title": "Klyngesurvey 2025", "slug": "klyngesurvey-2025"}
    )
    assert page.status_code == 302
    new = Survey.objects.get(slug="klyngesurvey-2025")
    assert not new.is_demo and new.questionnaire_id != demo_survey.questionnaire_id
    assert list(new.questionnaire.questions.values_list("code", flat=True)) == list(
        demo_survey.questionnaire.questions.values_list("code", flat=True)
    )
    assert new.questionnaire.rules.count() == 2
    assert set(new.responses.values_list("cluster__slug", flat=True)) == set(
        Cluster.objects.active_in(period).values_list("slug", flat=True)
    )
    assert key_figures(survey=new)["completed"].value == 0
    again = admin_client.post(
        url, {"period": period, "year": 2025, "title": "x", "slug": "klyngesurvey-2025"}
    )
    assert "findes allerede" in again.content.decode()
