"""Two-factor sign-in: an authenticator app (TOTP) enrolled on the portal's own page, and backup codes that
are shown once at enrolment and each work once (django-otp's static device)."""

from __future__ import annotations

import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.permissions import audit_log


def totp_enrolled(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_enrolment_device(*, user) -> TOTPDevice:
    """The authenticator waiting for its first code: made on the first visit and kept, so the QR code the
    user scanned stays valid until it is confirmed."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator", confirmed=False
    )


def qr_code_svg(text: str) -> str:
    """An SVG QR code of `text`, drawn here so no image is fetched from anywhere."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """New backup codes for the user; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Reservekoder", confirmed=True)
    # Digits, like the app's codes, so one numeric field takes either; eight, so they are never confused.
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(settings.OTP_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def totp_enrolment_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; returns the new backup codes, or None for a wrong code."""
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log.info("two-factor enrolled user=%s", device.user.get_username())
    return backup_codes_replace(user=device.user)


@transaction.atomic
def two_factor_check(*, user, code: str) -> Device | None:
    """The device that accepts the code: six digits are the app's, eight a backup code, which is used up.
    Only that device is tried, so a backup code never counts as a wrong code against the app."""
    model = TOTPDevice if len(code) == 6 else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
    if device is None or not device.verify_token(code):
        return None
    kind = "backup-code" if model is StaticDevice else "authenticator"
    audit_log.info("two-factor verified user=%s with=%s", user.get_username(), kind)
    return device


@transaction.atomic
def two_factor_reset(*, user, by: str, os_user: str) -> int:
    """Remove the user's authenticator and backup codes (a lost device); they enrol again at the next
    sign-in, and any session verified with the old device stops being verified. Returns the devices removed."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    audit_log.warning(
        "two-factor reset user=%s by=%s os_user=%s devices=%d", user.get_username(), by, os_user, len(devices)
    )
    return len(devices)
