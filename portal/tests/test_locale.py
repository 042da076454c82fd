from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_portal_speaks_danish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "da"
    assert "Log ind" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_turns_the_portal_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    response = client.get(reverse("login"))
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_language_switch_names_each_language_in_its_own_language(client):
    page = client.get(reverse("login")).content.decode()
    assert ">Dansk</option>" in page and ">English</option>" in page
