"""Two-factor sign-in: enrolment with a QR code, the code after the password, backup codes used once, a wrong
code counting towards the sign-in throttle, administrators kept from every page until verified, and the reset
of a lost device by another administrator."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from portal.core.permissions import Role
from portal.core.testing import LOGIN, sign_in, totp_code
from portal.services import user_create
from portal.twofactor.services import backup_codes_replace

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("two-factor")


@pytest.fixture(autouse=True)
def _no_device_delay(settings):
    # django-otp's own delay after a wrong code (1 s, doubling) would refuse the right code a test sends next.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def admin():
    return user_create(username="anne", role=Role.ADMIN, password=PASSWORD)[0]


@pytest.fixture
def enrolled(admin) -> dict:
    """Anne with a confirmed authenticator and her backup codes."""
    device = TOTPDevice.objects.create(user=admin, name="Authenticator", confirmed=True)
    return {"device": device, "codes": backup_codes_replace(user=admin)}


def _password_only(username: str = "anne") -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def _send_code(client: Client, code: str, next_url: str = "/"):
    return client.post(f"{TWO_FACTOR}?next={next_url}", {"code": code})


def test_an_administrator_is_sent_from_the_password_to_enrolment_and_back(admin):
    client = _password_only()
    target = reverse("clusters:cluster-list")
    response = client.get(target)
    assert response.status_code == 302 and response.url == f"{TWO_FACTOR}?next={target}"
    page = client.get(response.url).content.decode()
    assert "<svg" in page and 'role="img"' in page and 'class="otp-secret"' in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    assert '<label for="id_code">' in page


def test_the_qr_code_stays_the_same_until_enrolment_is_confirmed(admin):
    client = _password_only()
    first = re.search(r"<svg.*</svg>", client.get(TWO_FACTOR).content.decode()).group()
    assert first in client.get(TWO_FACTOR).content.decode()
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_enrolment_with_the_apps_code_shows_the_backup_codes_once_and_opens_the_portal(admin, audit_records):
    client = _password_only()
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=admin)
    target = reverse("clusters:cluster-list")
    response = _send_code(client, totp_code(device), target)
    assert response.status_code == 200
    page = response.content.decode()
    shown = {code.replace(" ", "") for code in re.findall(r"<code>(\d{4} \d{4})</code>", page)}
    stored = set(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True))
    assert len(shown) == settings.OTP_BACKUP_CODE_COUNT and shown == stored
    assert f'href="{target}"' in page
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(target).status_code == 200
    assert client.get(TWO_FACTOR).status_code == 302, "the codes are never shown again"
    assert "two-factor enrolled user=anne" in audit_records.text


def test_signing_in_takes_the_code_after_the_password(enrolled, audit_records):
    client = _password_only()
    assert client.get("/").url == f"{TWO_FACTOR}?next=/"
    assert "Totrinsbekræftelse" in client.get(TWO_FACTOR).content.decode()
    response = _send_code(client, totp_code(enrolled["device"]), "/")
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200
    assert "two-factor verified user=anne with=authenticator" in audit_records.text


def test_a_code_sent_elsewhere_after_sign_in_lands_on_the_home_page(enrolled):
    response = _send_code(_password_only(), totp_code(enrolled["device"]), "https://evil.example/")
    assert response.url == reverse("home")


def test_a_malformed_code_gets_a_specific_danish_error(enrolled):
    response = _send_code(_password_only(), "12ab")
    assert response.status_code == 200
    assert "Koden skal være 6 cifre fra appen eller en reservekode på 8 cifre." in response.content.decode()


def test_a_wrong_code_changes_nothing_and_counts_towards_the_sign_in_throttle(enrolled, audit_records):
    client = _password_only()
    right = totp_code(enrolled["device"])
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    statuses = [_send_code(client, wrong).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert client.get("/").status_code == 302, "still not verified"
    assert _send_code(client, right).status_code == 429, "locked: not even the right code"
    assert audit_records.text.count("sign-in failed user=anne") == settings.AXES_FAILURE_LIMIT
    again = Client().post(reverse("login"), {"username": "anne", "password": PASSWORD})
    assert again.status_code == 429, "and the password is locked for the same name and address"


def test_the_refusal_of_a_wrong_code_says_what_to_do(enrolled):
    page = _send_code(_password_only(), "000000").content.decode()
    assert 'class="error-summary" role="alert"' in page
    assert "Koden er forkert." in page


def test_a_backup_code_works_once(enrolled, audit_records):
    code = enrolled["codes"][0]
    assert _send_code(_password_only(), code).status_code == 302
    assert "two-factor verified user=anne with=backup-code" in audit_records.text
    assert _send_code(_password_only(), code).status_code == 200, "used up"
    assert _send_code(_password_only(), enrolled["codes"][1]).status_code == 302
    assert (
        StaticToken.objects.filter(device__user=enrolled["device"].user).count() == len(enrolled["codes"]) - 2
    )


def test_staff_need_no_code_by_default(db):
    user_create(username="svend", role=Role.STAFF, password=PASSWORD)
    assert _password_only("svend").get("/").status_code == 200


def test_everyone_needs_a_code_when_the_setting_says_so(db, settings):
    settings.OTP_REQUIRED_FOR = "everyone"
    user_create(username="svend", role=Role.STAFF, password=PASSWORD)
    assert _password_only("svend").get("/").url == f"{TWO_FACTOR}?next=/"


def _matrix_routes():
    return [
        route
        for app in ("portal", "clusters", "surveys", "collaboration")
        for route in importlib.import_module(f"{app}.tests.routes").ROUTES
        if route.name != "two-factor" and route.expect["anonymous"] == LOGIN
    ]


def test_an_administrator_reaches_no_portal_page_before_the_code(demo_data, enrolled):
    client = _password_only()
    leaked = []
    for route in _matrix_routes():
        url = reverse(route.name, kwargs=route.kwargs()) + route.query
        response = getattr(client, route.method)(url, data=route.data())
        if response.status_code != 302 or not response.url.startswith(TWO_FACTOR):
            leaked.append((route.method, url, response.status_code))
    assert not leaked, leaked


def test_the_django_admin_wants_the_code_too(enrolled):
    client = _password_only()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(TWO_FACTOR)
    _send_code(client, totp_code(enrolled["device"]))
    assert client.get("/admin/").status_code == 200


def test_the_django_admin_sends_an_anonymous_visitor_to_the_portals_sign_in(db):
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))


def _reset(*args: str) -> str:
    out = io.StringIO()
    call_command("otp_reset", *args, stdout=out)
    return out.getvalue()


def test_another_administrator_resets_a_lost_device(enrolled, audit_records):
    user_create(username="bo", role=Role.ADMIN, password=PASSWORD)
    verified = Client()
    sign_in(verified, enrolled["device"].user)
    assert verified.get("/").status_code == 200
    assert "nulstillet" in _reset("anne", "--by", "bo")
    assert not TOTPDevice.objects.filter(user__username="anne").exists()
    assert not StaticToken.objects.filter(device__user__username="anne").exists()
    assert verified.get("/").url == f"{TWO_FACTOR}?next=/", "the old device verifies no session any more"
    assert "two-factor reset user=anne by=bo" in audit_records.text
    assert "<svg" in _password_only().get(TWO_FACTOR).content.decode(), "she enrols again"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "--by", "bo"), "ingen bruger med brugernavnet «nobody»"),
        (("anne", "--by", "svend"), "«svend» er ikke en administrator"),
        (("anne", "--by", "anne"), "sin egen"),
    ],
)
def test_the_reset_refuses_bad_input_and_changes_nothing(enrolled, args, message):
    user_create(username="bo", role=Role.ADMIN, password=PASSWORD)
    user_create(username="svend", role=Role.STAFF, password=PASSWORD)
    with pytest.raises(CommandError, match=message):
        _reset(*args)
    assert TOTPDevice.objects.filter(user__username="anne", confirmed=True).exists()


def test_the_enrolment_page_is_in_english_when_asked_for(admin):
    client = _password_only()
    client.cookies["django_language"] = "en"
    page = client.get(TWO_FACTOR).content.decode()
    assert "Set up two-step verification" in page and "The 6 digits the app shows." in page
