"""Removing someone's second factor ends every session of theirs: whoever held one of them (a stolen cookie, a
computer left on) must log in again with the password before setting up a new device.

Checked by effect: the old session cookie no longer opens a page, whoever removed the device and however.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, login_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _log_in_with_code(user) -> tuple[Client, TOTPDevice]:
    """A session of `user`, logged in with the password and the code of their authenticator app."""
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="default", confirmed=True
    )
    # A second login within the same 30 seconds: let the code count again, as it would in the next step.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    client = Client()
    client.post(reverse("login"), login_form(user.username))
    response = client.post(
        reverse("login"), {"login_view-current_step": "token", "token-otp_token": _code(device)}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    return client, device


def _opens(client: Client, url: str) -> bool:
    return client.get(url).status_code == 200


@pytest.fixture
def people(roles):
    return {
        "manager": UserFactory(username="beheer-test", is_staff=True, roles=["functioneel-beheerder"]),
        "officer": UserFactory(username="beleid-test", is_staff=True, roles=["beleidsmedewerker"]),
        "director": UserFactory(username="regisseur-test", roles=["regisseur"]),
        "superuser": UserFactory(username="super-test", is_staff=True, is_superuser=True),
    }


def test_the_application_manager_removing_a_lost_device_ends_the_owners_sessions(people):
    officer, rounds = people["officer"], reverse("staff:round_list")
    on_desk, at_home = _log_in_with_code(officer), _log_in_with_code(officer)
    manager, _device = _log_in_with_code(people["manager"])
    device = on_desk[1]
    assert _opens(on_desk[0], rounds) and _opens(at_home[0], rounds)

    manager.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    for old_session in (on_desk[0], at_home[0]):
        response = old_session.get(rounds)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in old_session.session
        # Not even the setup of a new device: that needs the password first.
        setup = old_session.get(reverse("two_factor:setup"))
        assert setup.status_code == 302 and setup["Location"].startswith(reverse("login"))
    assert _opens(manager, reverse("admin:index"))  # the manager's own session goes on


def test_a_superuser_removing_devices_from_the_list_ends_those_sessions_only(people):
    director, _device = _log_in_with_code(people["director"])
    officer, _officer_device = _log_in_with_code(people["officer"])
    superuser, _own = _log_in_with_code(people["superuser"])
    dashboard = reverse("network:dashboard")
    assert _opens(director, dashboard)
    devices = list(TOTPDevice.objects.filter(user=people["director"]).values_list("pk", flat=True))

    superuser.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": devices, "post": "yes"},
    )

    assert not TOTPDevice.objects.filter(pk__in=devices).exists()
    assert not _opens(director, dashboard) and "_auth_user_id" not in director.session
    assert _opens(officer, reverse("staff:round_list"))  # someone else's session is left alone
    assert _opens(superuser, reverse("admin:index"))


def test_removing_lost_backup_codes_ends_the_owners_sessions_too(people):
    officer, _device = _log_in_with_code(people["officer"])
    codes = StaticDevice.objects.create(user=people["officer"], name="backup")
    manager, _own = _log_in_with_code(people["manager"])

    manager.post(reverse("admin:otp_static_staticdevice_delete", args=[codes.pk]), {"post": "yes"})

    assert not _opens(officer, reverse("staff:round_list"))


def test_after_the_removal_the_owner_logs_in_with_the_password_and_sets_up_a_new_device(people, client):
    officer = people["officer"]
    old_session, device = _log_in_with_code(officer)
    device.delete()  # however it goes, from the admin or elsewhere

    assert not _opens(old_session, reverse("staff:round_list"))
    assert client.post(reverse("login"), login_form(officer.username)).status_code == 302
    response = client.get(reverse("staff:round_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))
