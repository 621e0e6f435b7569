"""Two-factor login (django-two-factor-auth on django-otp, TOTP) for superusers and every municipal role:
director, network staff, officers, assessors and application managers."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory, UserFactory, login_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _login_url(next_url: str | None = None) -> str:
    return f"{reverse('login')}?next={next_url}" if next_url else reverse("login")


def _password(client, user, next_url=None):
    return client.post(_login_url(next_url), login_form(user.username))


def _token(client, code: str, next_url=None):
    return client.post(_login_url(next_url), {"login_view-current_step": "token", "token-otp_token": code})


def _backup(client, code: str):
    client.post(reverse("login"), {"login_view-current_step": "token", "wizard_goto_step": "backup"})
    return client.post(reverse("login"), {"login_view-current_step": "backup", "backup-otp_token": code})


def _device(user) -> TOTPDevice:
    # The package asks for the code of the device named "default" (a migration renamed older ones).
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


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
    assert _password(client, user).status_code == 302  # no device yet: logged in, not verified

    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))
    setup_url = response["Location"]
    assert client.get(setup_url).status_code == 200
    page = client.post(setup_url, {"setup_view-current_step": "welcome"}).content.decode()

    # The QR code, and the key as text for whoever cannot scan it.
    key = client.session["django_two_factor-qr_secret_key"]
    assert reverse("two_factor:qr") in page
    assert key[:4] in page
    qr = client.get(reverse("two_factor:qr"))
    assert qr["Content-Type"].startswith("image/svg+xml") and b"<svg" in qr.content
    code = f"{totp(b32decode(key)):06d}"
    done = client.post(setup_url, {"setup_view-current_step": "generator", "generator-token": code})

    complete = f"{reverse('two_factor:setup_complete')}?next=%2Fportaal%2F"
    assert done.status_code == 302 and done["Location"] == complete
    assert reverse("two_factor:backup_tokens") in client.get(complete).content.decode()
    assert client.get(reverse("portal:home")).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_a_wrong_code_is_refused_with_a_clear_message(client, roles):
    user = UserFactory(roles=["beleidsmedewerker"])
    _password(client, user)
    setup_url = reverse("two_factor:setup")
    client.post(setup_url, {"setup_view-current_step": "welcome"})

    response = client.post(setup_url, {"setup_view-current_step": "generator", "generator-token": "000000"})

    assert response.status_code == 200
    assert "niet juist" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("staff:round_list")).status_code == 302


def test_the_next_login_asks_for_the_code_of_the_confirmed_device(client, roles):
    user = UserFactory(roles=["regisseur"])
    device = _device(user)
    dashboard = reverse("network:dashboard")

    asked = _password(client, user, next_url=dashboard)
    assert asked.status_code == 200 and 'name="token-otp_token"' in asked.content.decode()
    assert not _is_logged_in(client)
    wrong = _token(client, "123", next_url=dashboard)
    assert wrong.status_code == 200 and "zes cijfers" in wrong.content.decode()
    response = _token(client, _code(device), next_url=dashboard)

    assert response.status_code == 302 and response["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_a_wrong_code_at_login_is_refused_with_a_clear_message(client, roles):
    user = UserFactory(roles=["regisseur"])
    device = _device(user)
    _password(client, user)

    response = _token(client, f"{(int(_code(device)) + 1) % 1_000_000:06d}")

    assert response.status_code == 200
    assert "niet juist" in response.content.decode()
    assert not _is_logged_in(client)


def test_a_session_with_only_the_password_is_sent_to_confirm_the_code(client, roles):
    user = UserFactory(roles=["regisseur"])
    _device(user)
    client.force_login(user)

    response = client.get(reverse("network:dashboard"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(response["Location"]).status_code == 200  # the login page, not a redirect loop


def test_an_outside_next_address_is_not_followed(client, roles):
    user = UserFactory(roles=["regisseur"])
    device = _device(user)
    _password(client, user, next_url="https://evil.example/")

    response = _token(client, _code(device), next_url="https://evil.example/")

    assert response.status_code == 302 and response["Location"] == "/start/"


def test_a_backup_code_logs_in_once_and_not_twice(client, roles):
    user = UserFactory(roles=["beleidsmedewerker"])
    _device(user)
    StaticDevice.objects.create(user=user, name="backup").token_set.create(token="abcd2345")

    _password(client, user)
    first = _backup(client, "abcd2345")
    assert first.status_code == 302 and client.get(reverse("staff:round_list")).status_code == 200
    client.post(reverse("logout"))

    _password(client, user)
    second = _backup(client, "abcd2345")

    assert second.status_code == 200 and "niet juist" in second.content.decode()
    assert not _is_logged_in(client)


def test_backup_codes_are_made_after_setup_and_replace_the_old_ones(client, roles):
    user = UserFactory(roles=["beleidsmedewerker"])
    device = _device(user)
    _password(client, user)
    _token(client, _code(device))

    client.post(reverse("two_factor:backup_tokens"))
    first = set(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))
    page = client.get(reverse("two_factor:backup_tokens")).content.decode()
    client.post(reverse("two_factor:backup_tokens"))
    second = set(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))

    assert len(first) == 10 and all(token in page for token in first)
    assert len(second) == 10 and not first & second


def test_organisation_members_log_in_with_a_password_only(client, roles):
    for user in (MembershipFactory().user,):
        response = _password(client, user)
        assert response.status_code == 302
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
    _password(client, superuser)

    for url in (reverse("admin:index"), reverse("admin:maastricht_inclusie_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))


def test_the_admin_login_asks_for_the_second_factor(client, roles):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    device = _device(superuser)

    # The admin's own login form is not used: it sends to the portal's login, password and then the code.
    posted = client.post(reverse("admin:login"), {"username": superuser.username, "password": "x"})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("login"))
    assert not _is_logged_in(client)
    entry = client.get(reverse("admin:index"), follow=True)
    assert entry.redirect_chain[-1][0] == _login_url("/admin/")

    asked = _password(client, superuser, next_url="/admin/")
    assert asked.status_code == 200 and not _is_logged_in(client)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))
    response = _token(client, _code(device), next_url="/admin/")

    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_member_sent_away_from_the_admin_sees_the_login_form_instead_of_going_round_in_circles(
    client, roles
):
    client.force_login(MembershipFactory().user)

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == _login_url("/admin/")
    assert response.status_code == 200 and "geen toegang" in response.content.decode()
    assert client.get(reverse("login"))["Location"] == reverse(
        "start"
    )  # without `next`: on to the start page


@pytest.mark.django_db(transaction=True)
def test_a_device_confirmed_before_the_package_still_asks_for_its_code_and_an_unfinished_setup_goes():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    old = (
        MigrationExecutor(connection)
        .migrate([("maastricht_inclusie", "0004_reminder_and_exportjob_moved")])
        .apps
    )
    OldDevice = old.get_model("otp_totp", "TOTPDevice")
    user_id = old.get_model("maastricht_inclusie", "User").objects.create(username="oud").pk
    # The hand-written setup named devices after the app, and left one unconfirmed until the first code.
    OldDevice.objects.create(user_id=user_id, name="Authenticator-app", confirmed=True, key="ab" * 20)
    OldDevice.objects.create(user_id=user_id, name="Authenticator-app", confirmed=False, key="cd" * 20)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    device = TOTPDevice.objects.get()
    assert (device.name, device.confirmed, device.key) == ("default", True, "ab" * 20)


def test_a_session_without_the_code_cannot_add_a_device_of_its_own_through_the_wizard(client, roles):
    """The package refuses a user with a device on GET only; posting the wizard's steps must not work either."""
    user = UserFactory(roles=["regisseur"])
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client.force_login(user)  # the password, but not the code

    for data in (
        {"setup_view-current_step": "welcome"},
        {"setup_view-current_step": "welcome", "wizard_goto_step": "generator"},
        {"setup_view-current_step": "generator", "generator-token": "123456"},
    ):
        response = client.post(reverse("two_factor:setup"), data)
        assert response.status_code == 302, data
        assert "secret" not in response.content.decode()

    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert client.get(reverse("network:dashboard")).status_code == 302
