"""The accessibility statement: public, in Danish and English, with the owner's contact address, linked from
every page's footer."""

from __future__ import annotations

from django.urls import reverse

STATEMENT = "/tilgaengelighed/"


def test_the_statement_is_public_and_gives_the_configured_contact(anonymous_client, settings):
    settings.ACCESSIBILITY_CONTACT = "tilgaengelighed@example.org"
    assert reverse("accessibility-statement") == STATEMENT
    page = anonymous_client.get(STATEMENT).content.decode()
    assert "Tilgængelighedserklæring for Klyngeportalen" in page
    assert '<a href="mailto:tilgaengelighed@example.org">tilgaengelighed@example.org</a>' in page
    assert "WCAG 2.1" in page and "Erklæringen blev senest gennemgået den" in page


def test_without_a_contact_the_statement_says_none_is_set_up(anonymous_client, settings):
    settings.ACCESSIBILITY_CONTACT = ""
    page = anonymous_client.get(STATEMENT).content.decode()
    assert "mailto:" not in page and "ACCESSIBILITY_CONTACT" in page


def test_the_statement_is_in_english_after_the_switch(anonymous_client):
    anonymous_client.cookies["django_language"] = "en"
    page = anonymous_client.get(STATEMENT).content.decode()
    assert '<html lang="en">' in page and "Accessibility statement for Klyngeportalen" in page


def test_every_page_and_the_error_pages_link_to_the_statement(anonymous_client, staff_client):
    assert f'href="{STATEMENT}"' in anonymous_client.get(reverse("login")).content.decode()
    assert f'href="{STATEMENT}"' in staff_client.get(reverse("home")).content.decode()
    missing = staff_client.get("/findes-ikke/")
    assert missing.status_code == 404 and f'href="{STATEMENT}"' in missing.content.decode()


def test_error_pages_speak_the_chosen_language(staff_client):
    staff_client.cookies["django_language"] = "en"
    page = staff_client.get("/findes-ikke/").content.decode()
    assert '<html lang="en">' in page and "Page not found" in page
