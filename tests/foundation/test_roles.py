"""Roles are groups whose permissions are defined in code and applied idempotently."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import ROLES, sync_roles

pytestmark = pytest.mark.django_db


def permissions_by_role():
    return {
        group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.prefetch_related("permissions")
    }


def test_all_five_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "beleidsmedewerker",
        "beoordelaar",
        "regisseur",
        "netwerkmedewerker",
        "functioneel-beheerder",
    }


def test_applying_the_roles_twice_gives_the_same_permissions():
    sync_roles()
    first = permissions_by_role()
    call_command("sync_roles")

    assert permissions_by_role() == first


def test_sync_removes_a_permission_that_was_added_by_hand():
    sync_roles()
    assessor = Group.objects.get(name="beoordelaar")
    assessor.permissions.add(Permission.objects.get(codename="delete_organisation"))

    sync_roles()

    assert not assessor.permissions.filter(codename="delete_organisation").exists()
    assert assessor.permissions.count() == len(ROLES["beoordelaar"]["permissions"])


def test_policy_officer_may_change_organisations_and_assessor_may_not():
    sync_roles()
    officer = set(permissions_by_role()["beleidsmedewerker"])
    assessor = set(permissions_by_role()["beoordelaar"])

    assert ("initiatives", "change_organisation") in officer
    assert ("initiatives", "change_organisation") not in assessor


def test_each_role_has_exactly_the_permissions_its_names_say():
    sync_roles()

    for name, role in ROLES.items():
        assert {f"{app}.{codename}" for app, codename in permissions_by_role()[name]} == set(
            role["permissions"]
        )


def test_a_permission_that_does_not_exist_is_refused_by_name(monkeypatch):
    role = {
        **ROLES["beoordelaar"],
        "permissions": [*ROLES["beoordelaar"]["permissions"], "tenders.view_nothing"],
    }
    monkeypatch.setitem(ROLES, "beoordelaar", role)

    with pytest.raises(LookupError, match=r"tenders\.view_nothing"):
        sync_roles()
