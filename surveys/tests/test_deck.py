"""The PowerPoint deck: it opens with python-pptx, its native charts hold the key figures, and each audience
gets its own edition, from the page and from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from surveys.key_figures import survey_numbers
from surveys.models import Survey
from surveys.selectors import option_counts_by_question
from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import SLUG

demo = dashboard_support.demo  # the fixture


def deck_url(audience: str) -> str:
    return reverse("surveys:deck", kwargs={"slug": SLUG, "audience": audience})


def _deck(response) -> Presentation:
    assert response.status_code == 200
    return Presentation(io.BytesIO(response.content))


def _charts(deck) -> dict[str, object]:
    """Each native chart by its title."""
    return {
        shape.chart.chart_title.text_frame.text: shape.chart
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_chart
    }


def _series(chart) -> dict[str, dict[str, float | None]]:
    categories = list(chart.plots[0].categories)
    return {
        series.name: dict(zip(categories, series.values, strict=True)) for series in chart.plots[0].series
    }


def _text(deck) -> str:
    return "\n".join(
        paragraph.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    )


def test_board_deck_charts_hold_the_key_figures_as_editable_numbers(demo, board_client):
    deck = _deck(board_client.get(deck_url("bestyrelse")))
    figures = survey_numbers(survey=Survey.objects.get(slug=SLUG), clusters=None).figures
    members = _series(_charts(deck)["Medlemmer i Nordjylland efter størrelse"])["Medlemmer"]
    assert members == {
        "Over 50 ansatte": figures["members_large"].value,
        "Under 50 ansatte": figures["members_small"].value,
        "I alt": figures["members_total"].value,
    }
    chart = _charts(deck)["Medlemmer i Nordjylland efter størrelse"]
    assert chart.plots[0].data_labels.number_format == "#,##0"


def test_management_deck_charts_hold_every_options_count(demo, staff_client):
    deck = _deck(staff_client.get(deck_url("direktion")))
    counts = option_counts_by_question(Survey.objects.get(slug=SLUG), None, ("presence",))
    presence = _series(_charts(deck)["Fysisk tilstedeværelse i Nordjylland"])["Klynger"]
    assert presence == {label: count for _code, label, count in counts["presence"]}


def test_deck_has_findings_map_table_recommendations_and_sources(demo, staff_client):
    deck = _deck(staff_client.get(deck_url("direktion")))
    text = _text(deck)
    assert "Surveyen blev sendt til 13 klynger; 12 har svaret (svarprocent 92,3 %)." in text
    assert (
        "Samarbejdsmodeller og anbefalinger" in text
    )  # collaboration's slide, through surveys.hooks.deck_slides
    assert "Kilder og grundlag" in text and "Filtre: ingen" in text
    assert "(2023)" in text and "2.023" not in text
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    (municipalities,) = tables
    assert len(municipalities.rows) == 12  # a header and the eleven municipalities
    pictures = [
        shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert [picture.image.content_type for picture in pictures] == ["image/png"]  # the map
    assert "Kommunegrænser: © Geodatastyrelsen & Danske Kommuner, DAGI." in text
    assert "Medlemmer i Nordjylland pr. klynge" in _charts(deck)  # cluster level: staff only


def test_board_deck_leaves_out_cluster_level_charts(demo, board_client):
    assert "Medlemmer i Nordjylland pr. klynge" not in _charts(
        _deck(board_client.get(deck_url("bestyrelse")))
    )


def test_deck_follows_the_dashboard_filter(demo, staff_client):
    response = staff_client.get(deck_url("direktion"), {"presence": "own_office"})
    text = _text(_deck(response))
    assert "Udsnittet omfatter 5 af de inviterede klynger" in text  # the filtered findings
    assert f"{SLUG}-direktion-" in response["Content-Disposition"]


def test_deck_refuses_a_bad_filter_with_the_dashboard_and_its_error(demo, staff_client):
    response = staff_client.get(deck_url("direktion"), {"presence": "nonsense"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_export_deck_command_writes_the_boards_deck(demo, tmp_path):
    target = tmp_path / "bestyrelse.pptx"
    call_command("export_deck", SLUG, "bestyrelse", str(target), stdout=io.StringIO())
    deck = Presentation(str(target))
    assert "Medlemmer i Nordjylland efter størrelse" in _charts(deck)
    assert "Medlemmer i Nordjylland pr. klynge" not in _charts(deck)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((SLUG, "alle"), "Ukendt modtager »alle«"),
        (("findes-ikke", "bestyrelse"), "Der findes ingen survey"),
    ],
)
def test_export_deck_command_names_bad_input(demo, tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_deck", *arguments, str(tmp_path / "x.pptx"))
    assert not (tmp_path / "x.pptx").exists()
