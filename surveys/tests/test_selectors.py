"""The aggregate selectors the dashboard and the Excel summary build on, checked against the demo answers."""

from __future__ import annotations

import io

from django.core.management import call_command

from clusters.models import Cluster
from surveys.models import Survey
from surveys.selectors import (
    agreement_pairs,
    cluster_answers,
    completed_responses,
    key_figures,
    number_answers,
    option_counts,
)


def test_option_counts_are_in_option_order_with_zeros(demo_survey):
    counts = option_counts(survey=demo_survey, question_code="presence")
    assert counts == [
        ("own_office", "Selvstændigt fysisk kontor", 5),
        ("co_located", "Samlokation med Erhvervshuset", 2),
        ("none", "Ingen fysisk tilstedeværelse", 5),
    ]
    agreements = dict(
        (code, count) for code, _label, count in option_counts(survey=demo_survey, question_code="agreements")
    )
    assert agreements["851"] == 3 and agreements["810"] == 0 and sum(agreements.values()) > 7


def test_number_answers_list_every_completed_response(demo_survey):
    answers = number_answers(survey=demo_survey, question_code="unique_companies")
    assert len(answers) == 12
    assert sum(value for _cluster, value, _estimate in answers if value is not None) == 1740
    assert sum(1 for _cluster, value, _estimate in answers if value is None) == 2
    assert any(estimate for _cluster, _value, estimate in answers)


def test_agreement_pairs_are_the_municipal_agreements(demo_survey):
    pairs = agreement_pairs(survey=demo_survey)
    assert len(pairs) == key_figures(survey=demo_survey)["municipal_agreements"].value == 7
    assert len({municipality.code for _cluster, municipality in pairs}) == 5


def test_selectors_respect_the_cluster_restriction(demo_survey):
    clusters = Cluster.objects.filter(slug__in=["energy-cluster-denmark", "we-build-denmark"])
    assert completed_responses(survey=demo_survey, clusters=clusters).count() == 2
    assert len(agreement_pairs(survey=demo_survey, clusters=clusters)) == 6
    assert option_counts(survey=demo_survey, question_code="presence", clusters=clusters)[0][2] == 2


def test_cluster_answers_are_grouped_by_section_in_order(demo_survey):
    sections = cluster_answers(survey=demo_survey, cluster=Cluster.objects.get(slug="clean"))
    assert [section.title for section in sections][:2] == [
        "Dialog og samarbejde",
        "Tilstedeværelse og samarbejdspartnere",
    ]
    by_code = {answer.question_code: answer for section in sections for answer in section.answers}
    assert by_code["presence"].text == "Ingen fysisk tilstedeværelse"
    assert not by_code["office_municipality"].answered
    assert by_code["agreements"].text == "Green Hub Denmark, Hydrogen Valley"
    assert by_code["members_nj"].is_estimate


def test_reference_data_loads_idempotently(demo_survey):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "survey: 0 oprettet, 0 opdateret" in out.getvalue()
    assert Survey.objects.get(
        slug="klyngesurvey-2023"
    ).is_demo  # reference data leaves the demo answers alone
