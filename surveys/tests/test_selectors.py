"""The aggregate selectors the dashboard and the Excel summary build on, checked against the demo answers."""

from __future__ import annotations

from clusters.models import Cluster
from surveys.key_figures import key_figures
from surveys.selectors import (
    completed_responses,
    largest_by_members,
    largest_by_municipal_agreements,
    number_answers,
    option_counts,
    response_sections,
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


def test_largest_by_municipal_agreements_holds_every_municipal_agreement_most_first(demo_survey):
    largest = largest_by_municipal_agreements(survey=demo_survey, limit=40)
    assert len(largest) == 12
    held = [len(chosen) for _name, chosen in largest]
    assert held == sorted(held, reverse=True)
    assert sum(held) == key_figures(survey=demo_survey)["municipal_agreements"].value == 7
    assert len(set().union(*(chosen for _name, chosen in largest))) == 5
    assert largest_by_municipal_agreements(survey=demo_survey, limit=2) == largest[:2]


def test_largest_by_members_orders_by_both_size_bands_and_stops_at_the_limit(demo_survey):
    largest = largest_by_members(survey=demo_survey, limit=40)
    assert len(largest) == 12
    sizes = [(row.large or 0) + (row.small or 0) for row in largest]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 0
    by_name = {
        cluster.name: value
        for cluster, value, _estimate in number_answers(survey=demo_survey, question_code="members_nj_large")
    }
    assert all(row.large == by_name[row.name] for row in largest)
    assert largest_by_members(survey=demo_survey, limit=3) == largest[:3]


def test_selectors_respect_the_cluster_restriction(demo_survey):
    clusters = Cluster.objects.filter(slug__in=["energy-cluster-denmark", "we-build-denmark"])
    assert completed_responses(survey=demo_survey, clusters=clusters).count() == 2
    largest = largest_by_municipal_agreements(survey=demo_survey, limit=40, clusters=clusters)
    assert sum(len(chosen) for _name, chosen in largest) == 6
    assert {row.name for row in largest_by_members(survey=demo_survey, limit=40, clusters=clusters)} == set(
        clusters.values_list("name", flat=True)
    )
    assert option_counts(survey=demo_survey, question_code="presence", clusters=clusters)[0][2] == 2


def test_a_responses_answers_are_grouped_by_section_in_order(demo_survey):
    sections = response_sections(response=demo_survey.responses.get(cluster__slug="clean"))
    assert [section.title for section in sections][:2] == [
        "Dialog og samarbejde",
        "Tilstedeværelse og samarbejdspartnere",
    ]
    by_code = {answer.question_code: answer for section in sections for answer in section.answers}
    assert by_code["presence"].text == "Ingen fysisk tilstedeværelse"
    assert not by_code["office_municipality"].answered
    assert by_code["agreements"].text == "Green Hub Denmark, Hydrogen Valley"
    assert by_code["members_nj"].is_estimate
