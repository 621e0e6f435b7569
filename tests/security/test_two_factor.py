"""TOTP two-factor login (django-otp) for superusers and every municipal role: director, network staff, officers,
assessors and application managers."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize(
    "role",
    [
        "regisseur",
        "netwerkmedewerker",
        "beleidsmedewerker",
        "functioneel-beheerder",
        "beoordelaar",
        "superuser",
    ],
)
def test_staff_in_these_roles_must_set_up_a_second_factor_before_anything_else(client, roles, role):
    # Assessors read applicants' personal data and finances; a superuser can change anyone's rights.
    user = UserFactory(is_superuser=True, is_staff=True) if role == "superuser" else UserFactory(roles=[role])
    _login(client, user)

    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    setup = client.get(response["Location"], follow=True)
    assert setup.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert "<svg" in setup.content.decode()

    device = TOTPDevice.objects.get(user=user)
    done = client.post(reverse("two_factor_setup"), {"code": _code(device), "next": reverse("portal:home")})

    assert done.status_code == 302 and done["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_with_a_clear_message(client, roles):
    user = UserFactory(roles=["beleidsmedewerker"])
    _login(client, user)
    client.get(reverse("two_factor_setup"))

    response = client.post(reverse("two_factor_setup"), {"code": "000000"})

    assert response.status_code == 200
    assert "niet juist" in response.content.decode()
    assert client.get(reverse("staff:round_list")).status_code == 302


def test_the_next_login_asks_for_the_code_of_the_confirmed_device(client, roles):
    user = UserFactory(roles=["regisseur"])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, user)

    assert client.get(reverse("network:dashboard"))["Location"].startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_verify"), {"code": "abc"}).status_code == 200
    response = client.post(
        reverse("two_factor_verify"), {"code": _code(device), "next": reverse("network:dashboard")}
    )

    assert response["Location"] == reverse("network:dashboard")
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_an_outside_next_address_is_not_followed(client, roles):
    user = UserFactory(roles=["regisseur"])
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _login(client, user)

    response = client.post(
        reverse("two_factor_verify"), {"code": _code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_organisation_members_log_in_with_a_password_only(client, roles):
    for user in (MembershipFactory().user,):
        _login(client, user)
        assert client.get(reverse("portal:home")).status_code == 200
        client.post(reverse("logout"))


def test_production_settings_require_two_factor_by_default():
    import secrets
    import subprocess
    import sys

    code = "import django, os; django.setup(); from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    env = {"DJANGO_SETTINGS_MODULE": "maastricht_inclusie.settings", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
           "ALLOWED_HOSTS": "example.org", "PATH": "/usr/bin:/bin"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)

    assert result.stdout.strip().endswith("True")


def test_a_superuser_reaches_neither_the_admin_nor_the_user_list_with_a_password_only(client, roles):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    _login(client, superuser)

    for url in (reverse("admin:index"), reverse("admin:maastricht_inclusie_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
