"""Cached pages: the data version rises after every committed write to the portal's data, whatever
wrote it, and a cached body never outlives the data it shows or crosses roles.

Tests run inside a transaction that never commits, so `portal.core.testing.committed()` stands in for the
commit where it matters.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.shortcuts import render
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Cluster
from clusters.tests.factories import ClusterFactory, ContactPersonFactory
from conftest import signed_in_client
from portal.core.caching import cached_body, data_version, data_version_raise, page_key
from portal.core.permissions import Role
from portal.core.testing import committed
from portal.models import DataVersion
from portal.services import user_create

pytestmark = pytest.mark.django_db


def _update_notes() -> None:
    Cluster.objects.update(note="opdateret")


def _bulk_create() -> None:
    Cluster.objects.bulk_create([ClusterFactory.build(), ClusterFactory.build()])


def _delete_all() -> None:
    Cluster.objects.all().delete()


def _raw_sql() -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE clusters_cluster SET note = %s", ["rå SQL"])


@pytest.mark.parametrize("write", [_update_notes, _bulk_create, _delete_all, _raw_sql])
def test_any_write_raises_the_version_once_when_it_commits(write):
    ClusterFactory.create_batch(3)
    before = data_version()
    with committed(), transaction.atomic():
        write()
        write()
        assert data_version() == before, "raised before the commit"
    assert data_version() == before + 1


def test_a_rolled_back_write_leaves_the_version():
    before = data_version()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        ClusterFactory()
        raise RuntimeError("afbrudt")
    assert data_version() == before


def test_a_write_after_a_rolled_back_savepoint_raises_the_version_once():
    before = data_version()
    with committed(), transaction.atomic():
        ClusterFactory()
        with pytest.raises(RuntimeError), transaction.atomic():
            ClusterFactory()
            raise RuntimeError("afbrudt")
        ClusterFactory()
    assert data_version() == before + 1, "the writes that stand raise the version, once"


def test_writes_that_stand_beside_a_rolled_back_savepoint_still_raise():
    before = data_version()
    with committed(), transaction.atomic():
        ClusterFactory()
        with pytest.raises(RuntimeError), transaction.atomic():
            ClusterFactory()
            raise RuntimeError("afbrudt")
    assert data_version() == before + 1


def test_the_counter_is_one_row_even_after_a_flush():
    DataVersion.objects.all().delete()
    data_version_raise()
    data_version_raise()
    assert list(DataVersion.objects.values_list("version", flat=True)) == [2]
    assert data_version() == 2


def test_sign_ins_and_users_are_not_portal_data(client):
    with committed() as callbacks:
        user, _ = user_create(username="ny-bruger", role=Role.STAFF, password="et-langt-kodeord-42")
        client.force_login(user)
    assert callbacks == []


def _list(client) -> str:
    return client.get(reverse("clusters:cluster-list")).content.decode()


def test_the_cluster_list_shows_an_edit_at_once(staff_client):
    cluster = ClusterFactory(name="Klynge før")
    assert "Klynge før" in _list(staff_client)
    with committed():
        Cluster.objects.filter(pk=cluster.pk).update(name="Klynge efter")
    html = _list(staff_client)
    assert "Klynge efter" in html
    assert "Klynge før" not in html


def test_a_cached_body_runs_no_query_on_the_data(staff_client):
    ClusterFactory.create_batch(3)
    _list(staff_client)
    with CaptureQueriesContext(connection) as queries:
        _list(staff_client)
    assert not [query for query in queries if '"clusters_' in query["sql"]]


def test_a_body_cached_for_staff_never_reaches_the_board(staff_client, board_client):
    contact = ContactPersonFactory(name="Hemmelig Kontaktperson")
    url = reverse("clusters:cluster-detail", kwargs={"slug": contact.cluster.slug})
    assert contact.name in staff_client.get(url).content.decode()
    assert contact.name not in board_client.get(url).content.decode()


def test_the_header_tools_and_messages_are_the_users_own_on_a_cached_page(staff_client, admin_client):
    ClusterFactory()
    staff_client.get(reverse("clusters:cluster-list"))
    html = admin_client.get(reverse("clusters:cluster-list")).content.decode()
    assert "anne-admin" in html and "svend-staff" not in html
    assert "<!--portal:hole:" not in html
    assert 'name="csrfmiddlewaretoken"' in html, "the header's sign-out form has the admin's own token"


def test_the_home_page_is_kept_per_role_and_greets_each_user_by_their_own_name(client_for_role):
    first, second = client_for_role("staff"), signed_in_client(Role.STAFF, "sofie-staff")
    assert "Velkommen, user-staff" in first.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        html = second.get("/").content.decode()
    assert "Velkommen, sofie-staff" in html and "user-staff" not in html
    assert not [query for query in queries if "collaboration_" in query["sql"]], "served from the cache"


def test_a_page_holding_the_users_name_is_served_but_not_kept(staff_client, caplog):
    ClusterFactory(name="svend-staff")  # the staff member's user name appears in the list
    assert "svend-staff" in _list(staff_client)
    with CaptureQueriesContext(connection) as queries:
        _list(staff_client)
    assert [query for query in queries if '"clusters_' in query["sql"]], "not served from the cache"
    assert "not cached: it holds the user's name" in caplog.text


def _page_with_a_form(request):
    return render(request, "registration/login.html", {"form": AuthenticationForm()})


def test_a_page_holding_a_csrf_token_is_served_but_not_kept(rf, caplog):
    view = cached_body(varies_on=("path",))(_page_with_a_form)
    request = rf.get("/med-formular/")
    request.user = AnonymousUser()
    assert 'name="csrfmiddlewaretoken"' in view(request).content.decode()
    assert cache.get(page_key(request, ("path",))) is None
    assert "not cached: it holds a CSRF token" in caplog.text


def test_a_cached_page_cannot_vary_by_user():
    with pytest.raises(ValueError, match="user"):
        cached_body(varies_on=("language", "user"))
