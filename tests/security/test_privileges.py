"""Nobody raises their own rights: every role × every privilege-bearing field, posted straight to the admin.

Each case is checked by effect — the target's flags, roles and permissions in the database afterwards —
never by what the form showed.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.privileges import acting_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["beleidsmedewerker", "beoordelaar", "regisseur", "netwerkmedewerker", "functioneel-beheerder"]
NETWORK_ROLES = {"regisseur", "netwerkmedewerker"}


@pytest.fixture
def people(roles):
    return {
        "manager": UserFactory(username="beheer-test", is_staff=True, roles=["functioneel-beheerder"],
                               email="beheer@example.org"),
        "officer": UserFactory(username="beleid-test", is_staff=True, roles=["beleidsmedewerker"]),
        "director": UserFactory(username="regisseur-test", roles=["regisseur"], email="regisseur@example.org"),
        "superuser": UserFactory(username="super-test", is_staff=True, is_superuser=True),
    }  # fmt: skip


def _form_data(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "user_permissions": [str(pk) for pk in user.user_permissions.values_list("pk", flat=True)],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        "language": user.language,
        "reminder_delivery": user.reminder_delivery,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def _rights(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.is_superuser,
        user.is_staff,
        frozenset(user.groups.values_list("name", flat=True)),
        frozenset(user.user_permissions.values_list("codename", flat=True)),
    )


def _post(actor: User, target: User, **changes):
    client = Client()
    client.force_login(actor)
    return client.post(
        reverse("admin:maastricht_inclusie_user_change", args=[target.pk]), _form_data(target, **changes)
    )


def _with_role(user: User, role: str) -> list[str]:
    return [str(pk) for pk in user.groups.values_list("pk", flat=True)] + [
        str(Group.objects.get(name=role).pk)
    ]


def _changes(target: User) -> dict[str, dict]:
    permission = Permission.objects.get(codename="delete_keyperson")
    changes = {
        "is_superuser": {"is_superuser": "on"},
        "is_staff": {"is_staff": "on"},
        "user_permissions": {"user_permissions": [str(permission.pk)]},
    }
    changes.update({f"role {role}": {"groups": _with_role(target, role)} for role in ROLES})
    return changes


# What each actor may do to another user with no role yet (True: the change is made).
ALLOWED_ON_ANOTHER = {
    "manager": {"role beleidsmedewerker", "role beoordelaar", "role functioneel-beheerder"},
    "superuser": {"is_superuser", "is_staff", "user_permissions", *(f"role {role}" for role in ROLES)},
    "officer": set(),  # no permission on users at all
    "director": set(),  # not staff: no admin (the network roles are given on the director's own page)
}


@pytest.mark.parametrize("actor_name", sorted(ALLOWED_ON_ANOTHER))
def test_each_role_changes_exactly_the_rights_it_may_of_another_user(people, actor_name):
    actor = people[actor_name]
    for change, data in _changes(UserFactory()).items():
        target = UserFactory(email="doel@example.org")
        before = _rights(target)

        _post(actor, target, **_changes(target)[change])

        changed = _rights(target) != before
        assert changed == (change in ALLOWED_ON_ANOTHER[actor_name]), (actor_name, change, data)


@pytest.mark.parametrize("actor_name", ["manager", "superuser", "officer"])
def test_nobody_changes_their_own_rights(people, actor_name):
    actor = people[actor_name]
    for change in _changes(actor):
        before = _rights(actor)

        _post(actor, actor, **_changes(actor)[change])

        assert _rights(actor) == before, (actor_name, change)


def test_the_application_manager_cannot_take_a_network_role_away_either(people):
    staff = UserFactory(roles=["netwerkmedewerker"])

    response = _post(people["manager"], staff, groups=[])

    assert _rights(staff)[2] == {"netwerkmedewerker"}
    assert response.status_code == 403  # the account of a network-role holder is not the manager's to change


def test_admin_access_goes_only_with_an_admin_role_for_the_application_manager(people):
    officer = UserFactory(roles=["beleidsmedewerker"])

    _post(people["manager"], officer, is_staff="on")

    assert User.objects.get(pk=officer.pk).is_staff


def test_the_forged_superuser_post_of_the_issue_leaves_the_manager_without_network_access(people, client):
    manager = people["manager"]
    data = _form_data(
        manager,
        is_superuser="on",
        groups=_with_role(manager, "regisseur") + _with_role(manager, "netwerkmedewerker"),
    )
    client.force_login(manager)

    client.post(reverse("admin:maastricht_inclusie_user_change", args=[manager.pk]), data)

    manager.refresh_from_db()
    assert not manager.is_superuser
    assert client.get(reverse("network:dashboard")).status_code == 403


def test_the_model_guard_refuses_a_change_that_bypasses_the_form(people):
    target = UserFactory()
    with acting_as(people["manager"]):
        with pytest.raises(PermissionDenied, match=r"regisseur|director"), transaction.atomic():
            target.groups.add(Group.objects.get(name="regisseur"))
        target.is_superuser = True
        with pytest.raises(PermissionDenied, match="superuser"), transaction.atomic():
            target.save()

    assert _rights(target) == (False, False, frozenset(), frozenset())


def test_a_change_of_roles_is_audit_logged_and_mailed_to_the_director_and_managers(
    people, django_capture_on_commit_callbacks
):
    target = UserFactory(username="nieuw-beoordelaar")

    with django_capture_on_commit_callbacks(execute=True):
        _post(people["manager"], target, groups=_with_role(target, "beoordelaar"))

    assert _rights(target)[2] == {"beoordelaar"}
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"beheer@example.org", "regisseur@example.org"} <= recipients
    assert any("nieuw-beoordelaar" in message.subject for message in mail.outbox)
    from auditlog.models import LogEntry

    entry = LogEntry.objects.filter(object_pk=str(target.pk)).latest("timestamp")
    assert entry.actor == people["manager"]
    assert "beoordelaar" in str(entry.changes)


def test_no_role_reads_a_totp_secret_in_the_admin_but_a_lost_device_can_be_removed(people, client):
    device = TOTPDevice.objects.create(user=people["officer"], name="telefoon", confirmed=True)
    client.force_login(people["manager"])

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    config = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))

    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert config.status_code == 403
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_no_role_reads_a_backup_code_in_the_admin_but_lost_codes_can_be_removed(people, client):
    device = StaticDevice.objects.create(user=people["officer"], name="backup")
    device.token_set.create(token="geheim23")

    for who in ("superuser", "manager"):
        client.force_login(people[who])
        page = client.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))
        assert page.status_code == 200 and "geheim23" not in page.content.decode(), who
    client.post(reverse("admin:otp_static_staticdevice_delete", args=[device.pk]), {"post": "yes"})

    assert not StaticDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.parametrize("target_name", ["director", "superuser"])
def test_the_application_manager_cannot_take_over_an_account_with_rights_it_may_not_give(
    people, client, target_name
):
    """Resetting the director's password and second factor would be logging in as the director."""
    from tests.factories import PASSWORD

    target = people[target_name]
    device = TOTPDevice.objects.create(user=target, name="default", confirmed=True)
    client.force_login(people["manager"])

    client.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {
            "password1": "Overgenomen-Wachtwoord-2026",
            "password2": "Overgenomen-Wachtwoord-2026",
            "usable_password": "true",
        },
    )
    client.post(
        reverse("admin:maastricht_inclusie_user_change", args=[target.pk]), _form_data(target, is_active="")
    )
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    target.refresh_from_db()
    assert target.check_password(PASSWORD) and target.is_active
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_application_manager_still_manages_an_officers_account_but_not_its_password(people, client):
    officer = people["officer"]
    client.force_login(people["manager"])

    refused = client.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {
            "password1": "Nieuw-Wachtwoord-Beleid-2026",
            "password2": "Nieuw-Wachtwoord-Beleid-2026",
            "usable_password": "true",
        },
    )
    _post(people["manager"], officer, first_name="Bea", is_active="")

    officer.refresh_from_db()
    assert refused.status_code == 403 and not officer.check_password("Nieuw-Wachtwoord-Beleid-2026")
    assert (
        officer.first_name == "Bea" and not officer.is_active
    )  # the account itself is the manager's to keep


def test_the_application_manager_makes_a_new_colleague_an_officer_with_admin_access_in_one_save(
    people, client
):
    colleague = UserFactory()

    response = _post(
        people["manager"], colleague, is_staff="on", groups=_with_role(colleague, "beleidsmedewerker")
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert _rights(colleague)[:3] == (False, True, frozenset({"beleidsmedewerker"}))


def test_the_model_guard_also_refuses_emptying_a_network_role_from_the_group_side(people):
    staff = UserFactory(roles=["netwerkmedewerker"])
    group = Group.objects.get(name="netwerkmedewerker")

    with acting_as(people["manager"]):
        with pytest.raises(PermissionDenied), transaction.atomic():
            group.user_set.clear()
        with pytest.raises(PermissionDenied), transaction.atomic():
            group.user_set.remove(staff)

    assert _rights(staff)[2] == {"netwerkmedewerker"}
