"""The dashboard's content is cached per data version: reused between writes, recomputed after any."""

from __future__ import annotations

from django.urls import reverse

from portal.core.testing import committed
from surveys import services
from surveys.models import Response, ResponseStatus
from surveys.schema import AnswerValue
from surveys.tests.dashboard_support import SLUG, demo, tile_values  # noqa: F401  (fixture)

URL = reverse("surveys:dashboard", kwargs={"slug": SLUG})


def test_a_repeated_dashboard_is_served_from_the_cache(demo, staff_client, django_assert_max_num_queries):  # noqa: F811
    staff_client.get(URL)
    with django_assert_max_num_queries(12):
        page = staff_client.get(URL)
    assert tile_values(page.content.decode())["completed"] == "12"


def test_an_answer_saved_through_the_form_service_shows_at_once(demo, staff_client, admin_client):  # noqa: F811
    assert tile_values(staff_client.get(URL).content.decode())["completed"] == "12"
    pending = Response.objects.get(survey=demo, status=ResponseStatus.NOT_STARTED)
    with committed():
        services.response_save(
            response=pending,
            status=ResponseStatus.COMPLETED,
            answers={"dialog": AnswerValue(True)},
            version=pending.version,
            user=admin_client.user,
        )
    assert tile_values(staff_client.get(URL).content.decode())["completed"] == "13"


def test_each_filter_has_its_own_cached_figures(demo, staff_client):  # noqa: F811
    everything = tile_values(staff_client.get(URL).content.decode())
    own_office = tile_values(staff_client.get(URL, {"presence": "own_office"}).content.decode())
    assert everything["completed"] == "12" and own_office["completed"] == "5"


def test_a_status_changed_outside_the_services_shows_at_once(demo, staff_client):  # noqa: F811
    """As Django admin or a shell would: no response version is bumped, the data version still rises."""
    assert tile_values(staff_client.get(URL).content.decode())["completed"] == "12"
    pending = Response.objects.filter(survey=demo, status=ResponseStatus.NOT_STARTED)
    with committed():
        pending.update(status=ResponseStatus.COMPLETED)
    assert tile_values(staff_client.get(URL).content.decode())["completed"] == "13"
