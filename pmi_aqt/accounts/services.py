"""Two-factor authentication (django-otp): turning it on and off, backup codes, checking codes.

A person's second factor is one TOTP device (an authenticator app) and one static device
holding their backup codes: eight single-use codes of ten digits, shown once. Digits only, so
one numeric field takes either kind of code: six digits from the app, ten from the sheet.
"""

import secrets
import time
from datetime import datetime

from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from .models import CalendarFeed

TOTP_DIGITS = 6
BACKUP_CODE_DIGITS = 10
BACKUP_CODE_COUNT = 8
APP_DEVICE_NAME = _("Application d'authentification")
BACKUP_DEVICE_NAME = _("Codes de secours")


class InvalidCode(Exception):
    """The code does not match."""


class CodeAttemptsThrottled(Exception):
    """Too many wrong codes in a row: django-otp makes the person wait, doubling each time."""

    def __init__(self, locked_until: datetime | None):
        super().__init__(locked_until)
        self.locked_until = locked_until


def totp_key_new() -> str:
    """A fresh secret (hex, 20 bytes as RFC 6238 advises), not saved until confirmed."""
    return random_hex(20)


def totp_device_unsaved(*, user, key: str) -> TOTPDevice:
    """The device a key would make, for its QR code and secret, before anything is saved."""
    return TOTPDevice(user=user, key=key, name=str(APP_DEVICE_NAME), confirmed=False)


@transaction.atomic
def two_factor_enable(*, user, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Save the app's device once it gave the right code; return it with new backup codes."""
    device = totp_device_unsaved(user=user, key=key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not (code.isascii() and code.isdigit() and totp.verify(int(code), device.tolerance)):
        raise InvalidCode
    device.confirmed = True
    device.drift = totp.drift
    # The code just typed cannot be typed again to log in.
    device.last_t = totp.t()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.save()
    return device, _backup_codes_replace(user)


@transaction.atomic
def two_factor_disable(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def backup_codes_regenerate(*, user) -> list[str]:
    """New backup codes; the old ones stop working. The history says when and by whom (the
    codes are rows of their own, written in bulk, which auditlog does not see)."""
    codes = _backup_codes_replace(user)
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    LogEntry.objects.log_create(
        device,
        action=LogEntry.Action.UPDATE,
        changes={str(_("codes de secours")): ["", str(_("renouvelés"))]},
        force_log=True,
    )
    return codes


def _backup_codes_replace(user) -> list[str]:
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(
            user=user, name=str(BACKUP_DEVICE_NAME), confirmed=True
        )
    device.token_set.all().delete()
    codes = [
        f"{secrets.randbelow(10**BACKUP_CODE_DIGITS):0{BACKUP_CODE_DIGITS}d}"
        for _index in range(BACKUP_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_code_check(*, user, code: str) -> Device | None:
    """The device that accepts `code` (six digits: the app; ten: a backup code), or None.

    A wrong code counts against that device: django-otp then refuses every code for 1, 2, 4,
    8… seconds, which CodeAttemptsThrottled reports without checking the code.
    """
    model = TOTPDevice if len(code) == TOTP_DIGITS else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            return None
        allowed, details = device.verify_is_allowed()
        if not allowed:
            raise CodeAttemptsThrottled((details or {}).get("locked_until"))
        return device if device.verify_token(code) else None


# --- The private calendar feed


def calendar_feed_renew(*, user):
    """Give the person a new feed address; the previous one stops working."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed


def calendar_feed_revoke(*, user) -> bool:
    """Cut the person's feed address; False if they had none."""
    deleted, _details = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
