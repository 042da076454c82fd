"""Changing an id in the URL never reaches an object the user may not see."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from clusters.models import ProgrammePeriod
from surveys.models import Answer, Survey
from surveys.services_waves import survey_start_next

ANONYMISED = "klyngesurvey-2023"  # the board sees aggregates only
COMMENT_MARK = "IDOR-kommentar-hemmelig"


@pytest.fixture
def surveys(demo_data):
    anonymised = Survey.objects.get(slug=ANONYMISED)
    open_survey = survey_start_next(
        survey=anonymised, period=ProgrammePeriod.objects.get(code="2021-2024"), year=2026, slug="aaben-2026"
    )
    open_survey.board_sees_cluster_answers = True
    open_survey.save()
    response = anonymised.responses.filter(status="completed").select_related("cluster").first()
    question = anonymised.questionnaire.questions.get(code="comments")
    Answer.objects.update_or_create(
        response=response, question=question, defaults={"value_text": COMMENT_MARK}
    )
    return anonymised, open_survey, response.cluster


def _clusters(survey: Survey) -> list[str]:
    return list(survey.responses.values_list("cluster__slug", flat=True))


def test_board_cannot_reach_cluster_answers_of_an_anonymised_survey_by_changing_the_slug(
    board_client, surveys
):
    anonymised, open_survey, _ = surveys
    for cluster in _clusters(open_survey):
        url = reverse("surveys:response-detail", kwargs={"slug": open_survey.slug, "cluster": cluster})
        assert board_client.get(url).status_code == 200, url
    for cluster in _clusters(anonymised):
        url = reverse("surveys:response-detail", kwargs={"slug": anonymised.slug, "cluster": cluster})
        assert board_client.get(url).status_code == 404, url


def test_board_sees_no_anonymised_answer_anywhere(board_client, staff_client, surveys):
    _, _, cluster = surveys
    profile = reverse("clusters:cluster-detail", kwargs={"slug": cluster.slug})
    assert COMMENT_MARK in staff_client.get(profile).content.decode(), "staff see it, so the check can fail"
    assert COMMENT_MARK not in board_client.get(profile).content.decode()
    key_figures = board_client.get(
        reverse("surveys:key-figures", kwargs={"slug": ANONYMISED})
    ).content.decode()
    assert cluster.slug not in key_figures and COMMENT_MARK not in key_figures
    for key in ("own_office", "completed", "with_nj_members"):
        url = reverse("surveys:dashboard-drilldown", kwargs={"slug": ANONYMISED, "key": key})
        assert board_client.get(url).status_code == 403


def test_board_excel_summary_of_an_anonymised_survey_has_no_cluster_answers(board_client, surveys):
    url = reverse("surveys:export", kwargs={"slug": ANONYMISED})
    for query in ("", "?presence=own_office", "?audience=direktion&bestyrelse=0"):
        response = board_client.get(url + query)
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        assert "Svar" not in workbook.sheetnames
        cells = " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        assert COMMENT_MARK not in cells


def test_administrator_cannot_edit_a_response_through_another_survey_or_an_uninvited_cluster(
    admin_client, surveys
):
    anonymised = surveys[0]
    invited = set(_clusters(anonymised))
    assert "marlog" not in invited
    url = reverse("surveys:response-edit", kwargs={"slug": ANONYMISED, "cluster": "marlog"})
    assert admin_client.get(url).status_code == 404
    url = reverse("surveys:response-edit", kwargs={"slug": "findes-ikke", "cluster": sorted(invited)[0]})
    assert admin_client.get(url).status_code == 404
