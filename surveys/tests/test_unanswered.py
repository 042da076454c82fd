"""An untouched question is unanswered, not "none chosen", in the form, the Excel import and the key figures;
a response is completed only with its required questions answered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from surveys.forms import NONE_CHOSEN
from surveys.key_figures import key_figures
from surveys.models import Answer, Response, ResponseStatus
from surveys.services_import import survey_import

pytestmark = pytest.mark.django_db

ENERGY = "energy-cluster-denmark"
REQUIRED = {"presence": "none", "members_nj": "5", "agreements": [NONE_CHOSEN]}


def _post(client, survey, action: str, **answers):
    response = Response.objects.get(survey=survey, cluster__slug=ENERGY)
    url = reverse("surveys:response-edit", kwargs={"slug": survey.slug, "cluster": ENERGY})
    return client.post(url, {"version": response.version, "action": action, **answers})


def _answered(survey, code: str) -> bool:
    return Answer.objects.filter(
        response__survey=survey, response__cluster__slug=ENERGY, question__code=code
    ).exists()


def test_the_form_stores_an_untouched_question_as_unanswered_and_none_of_these_as_an_answer(
    admin_client, survey
):
    assert _post(admin_client, survey, "complete", **REQUIRED).status_code == 302
    assert not _answered(survey, "partners")  # untouched
    agreements = Answer.objects.get(response__cluster__slug=ENERGY, question__code="agreements")
    assert not agreements.choices.exists()  # "ingen af disse": answered, nothing chosen
    figures = key_figures(survey=survey)
    assert figures["without_agreement"].value == 1
    assert figures["with_nj_partner"].reported_by == 0  # the unanswered question is in no base
    assert figures["with_activities"].reported_by == 0


def test_completing_requires_presence_members_and_agreements(admin_client, survey):
    page = _post(admin_client, survey, "complete", presence="none", members_nj="5")
    assert page.status_code == 200
    assert "Skal besvares, før besvarelsen kan markeres som gennemført." in str(
        page.context["form"].errors["agreements"]
    )
    assert Response.objects.get(survey=survey, cluster__slug=ENERGY).status == ResponseStatus.NOT_STARTED
    assert _post(admin_client, survey, "draft", presence="none").status_code == 302  # a draft may be partial


def test_none_of_these_cannot_be_combined_with_an_option(admin_client, survey):
    page = _post(admin_client, survey, "complete", **{**REQUIRED, "agreements": [NONE_CHOSEN, "851"]})
    assert "Ingen af disse" in str(page.context["form"].errors["agreements"])


def test_the_import_reads_blank_option_cells_as_unanswered_and_zeros_as_none_chosen(survey, fill):
    row = {"status": "completed", "presence": "none", "members_nj": 5, "agreements:brn": 0}
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: row}))
    assert result.ok, [str(error) for error in result.errors]
    assert _answered(survey, "agreements") and not _answered(survey, "partners")
    assert key_figures(survey=survey)["with_nj_partner"].reported_by == 0


def test_the_import_refuses_a_completed_row_without_a_required_answer(survey, fill):
    row = {"status": "completed", "presence": "none", "members_nj": 5}
    result = survey_import(survey=survey, file=fill(survey, {ENERGY: row}))
    assert not result.ok
    assert [error.column for error in result.errors] == ["agreements"]
    assert "før besvarelsen kan markeres som gennemført" in str(result.errors[0])
