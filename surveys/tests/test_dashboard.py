"""The survey dashboard: every contract figure, what it rests on, filters, the board's view and query counts."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster, ProgrammePeriod
from portal.core.testing import committed, external_resources
from surveys.dashboard import latest_survey
from surveys.filters_dashboard import DashboardFilterSet
from surveys.key_figures import figures_payload, key_figures
from surveys.models import Option, Response, ResponseStatus
from surveys.services_waves import survey_start_next
from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import CONTRACT_2023, SLUG, grow, tile_values

demo = dashboard_support.demo  # the fixture
URL = reverse("surveys:dashboard", kwargs={"slug": SLUG})


def test_dashboard_shows_every_figure_of_the_contracts_2023_column(demo, staff_client):
    html = staff_client.get(URL).content.decode()
    assert tile_values(html) == CONTRACT_2023
    assert "Demodata" in html  # illustrative answers are marked as such


def test_tiles_say_what_a_summed_figure_rests_on(demo, staff_client):
    figure = key_figures(survey=demo)["unique_companies"]
    html = staff_client.get(URL).content.decode()
    estimates = f"heraf {figure.estimated_by} estimat" + ("er" if figure.estimated_by != 1 else "")
    assert f"minimumstal · oplyst af 10 af 12 klynger · {estimates}" in html
    assert "i nordjylland" not in html  # labels keep their case


def test_tiles_stand_under_the_decks_headings_with_the_base_said_once(demo, staff_client):
    response = staff_client.get(URL)
    groups = response.context["tile_groups"]
    assert [group.title for group in groups] == [
        "Besvarelser",
        "Tilstedeværelse og samarbejdspartnere",
        "Medlemmer, deltagere og aktivitetstyper",
        "Samarbejdsaftaler",
    ]
    assert [tile.figure.key for group in groups for tile in group.tiles] == list(CONTRACT_2023)
    html = response.content.decode()
    assert html.count("Blandt de 12 klynger, der svarede") == 3  # once per group, never on a tile
    assert "blandt 12 klynger, der svarede" not in html


def test_the_dashboard_opens_with_the_headline_findings_in_the_decks_order(demo, board_client):
    html = board_client.get(URL).content.decode()
    order = [
        "Surveyen blev sendt til 13 klynger; 12 har svaret",
        "indgår gerne i en tæt dialog",
        "er fysisk til stede i Nordjylland",
        "har virksomhedsmedlemmer i Region Nordjylland",
        "unikke virksomheder",
        "har ikke en samarbejdsaftale",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert positions[-1] < html.index('class="tile-group"')


def test_a_filter_nobody_in_which_answered_says_so_instead_of_drawing_zeros(demo, staff_client):
    Response.objects.filter(survey=demo, cluster__area_da="Energi").update(status=ResponseStatus.NOT_STARTED)
    response = staff_client.get(URL, {"area": "Energi"})
    html = response.content.decode()
    assert "Ingen af klyngerne i udsnittet har gennemført surveyen" in html
    assert 'class="chart"' not in html and 'class="tile-group"' not in html


def test_every_chart_carries_its_numbers_as_a_table(demo, staff_client):
    response = staff_client.get(URL)
    keys = [chart.key for chart in response.context["charts"]]
    assert keys == [
        "status",
        "presence",
        "partners",
        "members",
        "activities",
        "agreements-actor",
        "agreements-municipality",
        "members-cluster",
        "agreement-matrix",
    ]
    presence = response.context["chart_map"]["presence"]
    assert [row[1] for row in presence.rows] == [5, 5, 2]  # most chosen first
    matrix = response.context["chart_map"]["agreement_matrix"]
    assert sum(sum(row) for row in matrix.figure["data"][0]["z"]) == 7
    html = response.content.decode()
    assert html.count("vendor/plotly.min.js") == 1
    assert html.count('class="chart"') == len(keys)


def test_filters_apply_to_every_tile_and_agree_with_the_key_figure_selector(demo, staff_client):
    response = staff_client.get(URL, {"presence": "own_office"})
    html = response.content.decode()
    clusters = DashboardFilterSet({"presence": "own_office"}, survey=demo).clusters()
    payload = figures_payload(survey=demo, figures=key_figures(survey=demo, clusters=clusters))["figures"]
    assert payload["completed"]["value"] == 5
    shown = tile_values(html)
    for key, figure in payload.items():
        assert shown[key] == response.context["tiles"][list(payload).index(key)].value_text
        assert response.context["figures"][key].value == figure["value"]
    assert "Fysisk tilstedeværelse: Selvstændigt fysisk kontor" in html
    assert response.context["chart_map"]["presence"].rows[1][1] == 0  # co-located filtered away


def test_an_invalid_filter_is_shown_and_no_figures_are_guessed(demo, staff_client):
    response = staff_client.get(URL, {"presence": "nonsense"})
    assert response.status_code == 200
    assert "tiles" not in response.context
    assert response.context["filter"].errors["presence"]


def test_board_sees_no_cluster_level_answers_on_an_anonymised_survey(demo, board_client):
    assert not demo.board_sees_cluster_answers
    response = board_client.get(URL)
    html = response.content.decode()
    assert "agreement_matrix" not in response.context["chart_map"]
    assert "members_cluster" not in response.context["chart_map"]
    assert "/dashboard/own_office/" not in html  # no drill-down links
    responding = Response.objects.filter(survey=demo, status=ResponseStatus.COMPLETED).select_related(
        "cluster"
    )
    for response_ in responding:
        assert response_.cluster.name not in html


def test_board_sees_every_unfiltered_key_figure_as_the_deck_did(demo, board_client):
    board = board_client.get(URL)
    assert tile_values(board.content.decode()) == CONTRACT_2023
    presence = dict(board.context["chart_map"]["presence"].rows)
    assert [count for label, count in presence.items() if "Erhvervshus" in label] == [2]


def test_board_sees_cluster_level_charts_when_the_survey_allows_it(demo, board_client):
    demo.board_sees_cluster_answers = True
    demo.save()
    response = board_client.get(URL)
    assert "agreement_matrix" in response.context["chart_map"]
    assert tile_values(response.content.decode())["co_located"] == "2"


def test_drilldown_lists_the_clusters_behind_a_figure_for_staff(demo, staff_client, board_client):
    url = reverse("surveys:dashboard-drilldown", kwargs={"slug": SLUG, "key": "own_office"})
    response = staff_client.get(url, {"stage": ""})
    assert len(response.context["clusters"]) == 5
    assert board_client.get(url).status_code == 403
    assert staff_client.get(url.replace("own_office", "no-such-key")).status_code == 404


def test_waves_are_compared_on_shared_question_codes(demo, staff_client):
    next_wave = survey_start_next(
        survey=demo, period=ProgrammePeriod.objects.get(code="2025-2028"), year=2026
    )
    response = staff_client.get(reverse("surveys:dashboard", kwargs={"slug": next_wave.slug}))
    tiles = {tile.figure.key: tile for tile in response.context["tiles"]}
    assert response.context["wave"].survey == demo
    assert tiles["members_total"].compare_text == "2023: 375"
    assert tiles["unique_companies"].compare_text == "2023: 1.740"


def test_dashboards_open_the_newest_survey_with_completed_answers(demo, staff_client):
    next_wave = survey_start_next(
        survey=demo, period=ProgrammePeriod.objects.get(code="2025-2028"), year=2026
    )
    assert latest_survey() == demo  # the new wave has invitations but no completed answer yet
    assert staff_client.get(reverse("surveys:dashboard-latest")).url == URL
    next_wave.responses.filter(pk=next_wave.responses.first().pk).update(status=ResponseStatus.COMPLETED)
    assert latest_survey() == next_wave
    Response.objects.update(status=ResponseStatus.NOT_STARTED)
    assert latest_survey() == next_wave  # nothing completed anywhere: the newest at all


def test_dashboard_and_meeting_pack_load_nothing_from_other_hosts(demo, staff_client):
    for url in (URL, reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": "direktion"})):
        html = staff_client.get(url).content.decode()
        assert external_resources(html) == [], url
        assert "<script>" not in html  # no inline code: the CSP allows only our own files


@pytest.mark.slow
@pytest.mark.parametrize("client_fixture", ["staff_client", "board_client"])
def test_dashboard_query_count_does_not_grow_with_the_data(demo, client_fixture, request):
    client = request.getfixturevalue(client_fixture)
    # The board's area filter would be refused while Energi holds one demo cluster (test_disclosure.py).
    query = {"area": "Energi"} if client_fixture == "staff_client" else {"stage": ""}
    client.get(URL)
    with CaptureQueriesContext(connection) as before:
        client.get(URL, query)
    with committed():
        grow(demo, 10)
    with CaptureQueriesContext(connection) as after:
        response = client.get(URL, query)
    assert response.context["figures"]["completed"].value > 100
    assert len(after) == len(before)
    if "agreement_matrix" in response.context["chart_map"]:  # staff: cluster-level charts stay readable
        assert len(response.context["chart_map"]["agreement_matrix"].rows) == 40
        assert "alle står i Excel-opsummeringen" in response.context["chart_map"]["members_cluster"].note


def test_cluster_and_option_names_reach_the_charts_as_plain_text(demo, staff_client):
    markup = '<a href="https://evil.example">Klynge</a> <b>fed</b>'
    largest = demo.responses.filter(status=ResponseStatus.COMPLETED).order_by("pk").first().cluster
    Cluster.objects.filter(pk=largest.pk).update(name=markup)
    Option.objects.filter(question__questionnaire=demo.questionnaire, code="own_office").update(
        label_da=markup
    )
    response = staff_client.get(URL)
    for chart in response.context["charts"]:
        drawn = json.dumps(chart.figure, ensure_ascii=False)
        assert "<a" not in drawn and "<b>" not in drawn, chart.key
    assert "&lt;a href=" in json.dumps(response.context["chart_map"]["presence"].figure)
    members = json.dumps(response.context["chart_map"]["members_cluster"].figure)
    assert "&lt;b&gt;fed&lt;/b&gt;" in members
