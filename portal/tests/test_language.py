"""The language switch: Danish first, English through set_language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import Municipality

pytestmark = pytest.mark.django_db


def test_pages_are_danish_by_default(staff_client, reference_data):
    html = staff_client.get(reverse("clusters:cluster-list")).content.decode()
    assert "<h1>De nationale klynger</h1>" in html
    assert 'lang="da"' in html


def test_switching_to_english_renders_english_headings_navigation_and_choices(staff_client, reference_data):
    url = reverse("clusters:cluster-list")
    response = staff_client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response.url == url

    html = staff_client.get(url).content.decode()
    assert 'lang="en"' in html
    assert "<h1>The national clusters</h1>" in html
    assert ">Municipalities</a>" in html and ">Sign out</button>" in html
    assert "Programme period" in html and "Physically present in North Jutland" in html
    assert "Energy" in html  # the area in the reader's language


def test_english_profile_translates_labels_and_unknown_facts(staff_client, reference_data):
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = staff_client.get(reverse("clusters:cluster-detail", kwargs={"slug": "made"})).content.decode()
    assert "National facts" in html and "Footprint in North Jutland" in html
    assert ">unknown<" in html


def test_municipality_names_follow_the_language(reference_data):
    vesthimmerland = Municipality.objects.get(code=820)
    aalborg = Municipality.objects.get(code=851)
    with translation.override("da"):
        assert (aalborg.display_name, vesthimmerland.display_name) == (
            "Aalborg Kommune",
            "Vesthimmerlands Kommune",
        )
    with translation.override("en"):
        assert (aalborg.display_name, vesthimmerland.display_name) == (
            "Aalborg Municipality",
            "Vesthimmerland Municipality",
        )
