"""The key figures of the demo answers equal the contract's 2023 column (../shared/survey-2023.md)."""

from __future__ import annotations

import pytest

from clusters.models import Cluster
from surveys.filters_dashboard import DashboardFilterSet
from surveys.key_figures import KEYS, figures_payload, key_figure_clusters, key_figures, survey_numbers
from surveys.tests.contract import CONTRACT_2023


def test_demo_key_figures_equal_the_contract_2023_column(demo_survey):
    figures = key_figures(survey=demo_survey)
    assert list(figures) == list(CONTRACT_2023)
    assert {key: figure.value for key, figure in figures.items()} == CONTRACT_2023


def test_demo_reported_by_matches_the_presentation(demo_survey):
    figures = key_figures(survey=demo_survey)
    assert figures["invited"].reported_by == 13
    assert figures["unique_companies"].reported_by == 10
    assert figures["participants"].reported_by == 7
    assert figures["members_total"].reported_by == 12
    assert figures["unique_companies"].estimated_by > 0
    assert figures["response_rate"].unit == "%"
    assert figures["members_total"].question_code == "members_nj"


def test_key_figures_restricted_to_clusters(demo_survey):
    clusters = Cluster.objects.filter(
        slug__in=["energy-cluster-denmark", "clean", "uidentificeret-klynge-2021-2024"]
    )
    figures = key_figures(survey=demo_survey, clusters=clusters)
    assert figures["invited"].value == 3
    assert figures["completed"].value == 2
    assert figures["members_total"].value == 80 + 25
    assert figures["municipal_agreements"].value == 4


def test_key_figures_take_a_constant_number_of_queries(demo_survey, django_assert_num_queries):
    with django_assert_num_queries(4):
        key_figures(survey=demo_survey)


@pytest.mark.parametrize("filters", [None, {"stage": "ukendt"}, {"presence": "own_office"}])
def test_each_basis_is_the_number_of_clusters_in_its_drill_down(demo_survey, filters):
    clusters = DashboardFilterSet(filters, survey=demo_survey).clusters()
    bases = survey_numbers(survey=demo_survey, clusters=clusters).bases
    assert bases["max_municipal_agreements_one_cluster"] == 1  # energy-cluster-denmark, or nobody filtered
    for key, basis in bases.items():
        assert basis == len(key_figure_clusters(survey=demo_survey, key=key, clusters=clusters)), key


def test_drill_down_lists_the_clusters_behind_a_figure(demo_survey):
    names = [
        cluster.slug
        for cluster in key_figure_clusters(survey=demo_survey, key="max_municipal_agreements_one_cluster")
    ]
    assert names == ["energy-cluster-denmark"]
    assert len(key_figure_clusters(survey=demo_survey, key="without_agreement")) == 4
    assert len(key_figure_clusters(survey=demo_survey, key="unique_companies")) == 10


def test_payload_has_the_contract_shape(demo_survey):
    payload = figures_payload(survey=demo_survey, figures=key_figures(survey=demo_survey))
    assert payload["survey"] == "klyngesurvey-2023"
    assert list(payload["figures"]) == list(KEYS)
    assert payload["figures"]["invited"] == {
        "value": 13,
        "reported_by": 13,
        "estimated_by": 0,
        "label": "Inviterede klynger",
    }
