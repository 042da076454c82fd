"""The meeting pack: findings phrased from the figures, the board's edition, print furniture.

The collaboration recommendations it ends with are collaboration's section (collaboration/tests/test_contributions.py)."""

from __future__ import annotations

from django.urls import reverse

from surveys.tests import dashboard_support
from surveys.tests.dashboard_support import SLUG

demo = dashboard_support.demo  # the fixture


def pack_url(audience: str) -> str:
    return reverse("surveys:meeting-pack", kwargs={"slug": SLUG, "audience": audience})


def test_key_findings_read_like_the_seed_presentation(demo, staff_client):
    findings = staff_client.get(pack_url("direktion")).context["key_findings"]
    text = " ".join(findings)
    assert "Surveyen blev sendt til 13 klynger; 12 har svaret (svarprocent 92,3 %)." in text
    assert "Alle 12 klynger indgår gerne i en tæt dialog med BRN" in text
    assert (
        "7 klynger er fysisk til stede i Nordjylland: 5 med selvstændigt fysisk kontor og 2 i samlokation"
        in text
    )
    assert "tilsammen minimum 375, heraf ca. 123 med over 50 ansatte og ca. 252 med under 50 ansatte" in text
    assert "samlet minimum 1.740 unikke virksomheder" in text
    assert "4 klynger har ikke en samarbejdsaftale med en nordjysk aktør." in text
    assert (
        "Samarbejdsaftalerne med de 5 kommuner (7 aftaler) er fordelt på 3 klynger. Én klynge har 4 ud af de 7"
        in text
    )


def test_findings_follow_the_data_not_a_script(demo, staff_client):
    findings = " ".join(
        staff_client.get(pack_url("direktion"), {"presence": "own_office"}).context["key_findings"]
    )
    assert "Udsnittet omfatter 5 af de inviterede klynger; 5 har svaret (svarprocent 100,0 %)." in findings
    assert "Surveyen blev sendt til" not in findings  # it was sent to 13, not to the 5 in the selection
    assert "13 klynger" not in findings


def test_extra_findings_compare_clusters_with_and_without_an_office(demo, staff_client):
    extra = " ".join(staff_client.get(pack_url("direktion")).context["extra_findings"])
    assert "Klynger med kontor eller samlokation i Nordjylland har i gennemsnit" in extra
    assert "klynger med flest medlemmer i Nordjylland" in extra


def test_board_pack_is_the_boards_view_even_when_staff_opens_it(demo, staff_client, board_client):
    response = staff_client.get(pack_url("bestyrelse"))
    assert "agreement_matrix" not in response.context["chart_map"]
    text = " ".join(response.context["key_findings"])
    # every unfiltered aggregate, as the January 2024 deck showed the board
    assert "5 med selvstændigt fysisk kontor og 2 i samlokation med Erhvervshuset" in text
    assert "Én klynge har 4 ud af de 7 aftaler." in text
    assert board_client.get(pack_url("direktion")).status_code == 403
    assert staff_client.get(pack_url("bogholderi")).status_code == 404


def test_pack_prints_filters_and_data_date_on_every_page(demo, staff_client):
    html = staff_client.get(pack_url("direktion"), {"stage": "ukendt"}).content.decode()
    assert 'class="print-header print-only"' in html
    assert "Udviklingstrin: Ukendt" in html
    assert "Data pr." in html
    assert html.count('class="page-break"') >= 4


def test_both_packs_open_with_the_headline_findings_and_then_the_landscape_background(demo, staff_client):
    for audience in ("direktion", "bestyrelse"):
        html = staff_client.get(pack_url(audience)).content.decode()
        findings = html.index("Survey: de vigtigste fund")
        assert html.index("pack-cover") < findings < html.index("Baggrund: det danske klyngelandskab")
        for text in ("Netmatch", "Klyngernes kerneopgave", "Fire sigtelinjer", "Over tre fjerdedele"):
            assert text in html
