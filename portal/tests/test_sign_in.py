"""Sign-in: the page works, anonymous visitors are sent there, and a user lands on the home page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from portal.core.permissions import Role
from portal.services import user_create

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_renders(anonymous_client):
    response = anonymous_client.get(reverse("login"))
    assert response.status_code == 200
    assert "Log ind" in response.content.decode()


@pytest.mark.parametrize("name", ["home", "clusters:cluster-list", "clusters:municipality-list"])
def test_anonymous_visitors_are_sent_to_sign_in_and_back(anonymous_client, name):
    url = reverse(name)
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_signing_in_lands_on_the_page_asked_for(anonymous_client):
    user_create(username="birthe", role=Role.STAFF, password=PASSWORD)
    target = reverse("clusters:cluster-list")
    response = anonymous_client.post(
        reverse("login"), {"username": "birthe", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302 and response.url == target
    assert anonymous_client.get(target).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(anonymous_client):
    user_create(username="birthe", role=Role.STAFF, password=PASSWORD)
    response = anonymous_client.post(reverse("login"), {"username": "birthe", "password": "forkert"})
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in response.content.decode()
    assert "_auth_user_id" not in anonymous_client.session


def test_home_page_links_to_the_cluster_pages(staff_client):
    html = staff_client.get(reverse("home")).content.decode()
    for name in ("clusters:cluster-list", "clusters:municipality-list", "clusters:actor-list"):
        assert reverse(name) in html
