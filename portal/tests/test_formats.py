"""Years and dates read the same on every page: no thousands separator in a year, one date format per language."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from surveys.models import Survey

pytestmark = pytest.mark.django_db

DECEMBER_FIRST = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(("language", "expected"), [("da", "1. december 2026"), ("en", "1 December 2026")])
def test_every_date_format_of_a_language_is_the_same(language, expected):
    with translation.override(language):
        assert date_format(DECEMBER_FIRST) == expected
        assert date_format(DECEMBER_FIRST, "SHORT_DATE_FORMAT") == expected
        moment = datetime.datetime(2026, 12, 1, 9, 30)
        assert date_format(moment, "DATETIME_FORMAT") == date_format(moment, "SHORT_DATETIME_FORMAT")
        assert date_format(moment, "DATETIME_FORMAT") == f"{expected} 09:30"


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(
    "url_name", ["collaboration:agreement-list", "collaboration:fit-matrix", "collaboration:strategy-support"]
)
def test_years_have_no_thousands_separator(admin_client, demo_data, language, url_name):
    admin_client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = admin_client.get(reverse(url_name)).content.decode()
    assert "(2023)" in html
    assert "2.023" not in html and "2,023" not in html


@pytest.mark.parametrize(
    ("language", "expected"), [("da", "svarfrist 1. december 2026"), ("en", "deadline 1 December 2026")]
)
def test_survey_page_shows_the_language_date_format(staff_client, demo_data, language, expected):
    survey = Survey.objects.get(slug="klyngesurvey-2023")
    Survey.objects.filter(pk=survey.pk).update(closes_on=DECEMBER_FIRST)
    staff_client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = staff_client.get(reverse("surveys:survey-detail", kwargs={"slug": survey.slug})).content.decode()
    assert expected in html


# `|date` with a format of its own would read differently from every other date ("2. Dec 2026"); the named
# formats are the portal's (portal/formats), and "c" is the machine-readable form in a <time datetime="…">.
NAMED_DATE_FORMATS = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "c",
}


def test_templates_show_dates_only_in_the_languages_named_formats():
    root = Path(settings.BASE_DIR)
    folders = [
        root / "templates",
        *(root / app / "templates" for app in ("portal", "clusters", "surveys", "collaboration")),
    ]
    templates = [path for folder in folders for path in folder.glob("**/*.*")]
    own_formats = [
        f"{path.relative_to(root)}: |date:{fmt}"
        for path in templates
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text(encoding="utf-8"))
        if fmt not in NAMED_DATE_FORMATS
    ]
    assert templates and own_formats == []
