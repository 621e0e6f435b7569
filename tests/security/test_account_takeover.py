"""The application manager manages accounts but never holds one: it never sets or learns anyone's password.

New accounts get an invitation and forgotten passwords a reset link, mailed (through the outbox) to the account's
own address, which the manager cannot point elsewhere once the account is in use. Checked by effect: who can log
in with which password afterwards, and where the mail went.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.privileges import acting_as
from tests.factories import PASSWORD, UserFactory, login_form

pytestmark = pytest.mark.django_db

TAKEN_OVER = "Overgenomen-Wachtwoord-2026"
CHOSEN = "Zelf-Gekozen-Zin-Met-Cijfers-7"
LINK = re.compile(r"https?://\S+/accounts/reset/\S+/")


@pytest.fixture
def people(roles):
    return {
        "manager": UserFactory(username="beheer-test", is_staff=True, roles=["functioneel-beheerder"]),
        "other manager": UserFactory(username="beheer-twee", is_staff=True, roles=["functioneel-beheerder"]),
        "officer": UserFactory(username="beleid-test", is_staff=True, roles=["beleidsmedewerker"]),
        "assessor": UserFactory(username="beoordelaar-test", roles=["beoordelaar"]),
        "member": UserFactory(username="lid-test"),
        "director": UserFactory(username="regisseur-test", roles=["regisseur"]),
        "superuser": UserFactory(username="super-test", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def manager(people, mailed):
    client = Client()
    client.force_login(people["manager"])
    return client


@pytest.fixture
def mailed(django_capture_on_commit_callbacks, monkeypatch):
    """Mail that a request starts goes through the outbox once its transaction commits (here: after the request)."""
    request = Client.request

    def request_then_deliver(client, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(client, **kwargs)

    monkeypatch.setattr(Client, "request", request_then_deliver)
    return mail.outbox


def _can_log_in(user: User, password: str) -> bool:
    return Client().post(reverse("login"), login_form(user.username, password)).status_code == 302


def _set_password_from_link(body: str, password: str) -> None:
    """The owner follows the link in their mail and chooses a password."""
    client = Client()
    form = client.get(urlsplit(LINK.search(body)[0]).path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})
    assert done.status_code == 302, done.content.decode()[-2000:]


@pytest.mark.parametrize("target", ["officer", "assessor", "other manager", "member", "manager"])
def test_the_application_manager_cannot_set_anyones_password_in_the_admin(people, manager, target):
    user = people[target]

    response = manager.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": TAKEN_OVER, "password2": TAKEN_OVER, "usable_password": "true"},
    )

    assert response.status_code == 403
    assert _can_log_in(user, PASSWORD) and not _can_log_in(user, TAKEN_OVER)


def test_the_change_page_offers_the_manager_no_password_form(people, manager):
    page = manager.get(reverse("admin:maastricht_inclusie_user_change", args=[people["officer"].pk]))

    assert page.status_code == 200
    assert (
        reverse("admin:auth_user_password_change", args=[people["officer"].pk]) not in page.content.decode()
    )
    assert 'name="password' not in page.content.decode()


def test_a_new_account_made_by_the_manager_has_no_password_until_its_owner_chooses_one(
    people, manager, mailed
):
    response = manager.post(
        reverse("admin:maastricht_inclusie_user_add"),
        {
            "username": "nieuwe-collega", "first_name": "Noor", "last_name": "Jansen",
            "email": "noor.jansen@maastricht.example",
            # A forged post with the fields of Django's own add form: a password the manager would know.
            "usable_password": "true", "password1": TAKEN_OVER, "password2": TAKEN_OVER,
        },
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[-3000:]
    colleague = User.objects.get(username="nieuwe-collega")
    assert not colleague.has_usable_password() and not _can_log_in(colleague, TAKEN_OVER)
    assert [m.to for m in mailed] == [["noor.jansen@maastricht.example"]]  # the invitation, to the owner only
    _set_password_from_link(mailed[0].body, CHOSEN)
    assert _can_log_in(colleague, CHOSEN)


def test_the_manager_sends_a_reset_link_to_the_owner_instead_of_setting_a_password(people, manager, mailed):
    officer = people["officer"]

    manager.post(
        reverse("admin:maastricht_inclusie_user_changelist"),
        {"action": "send_password_link", "_selected_action": [officer.pk]},
    )

    assert [m.to for m in mailed] == [[officer.email]]
    # Nothing changes until the owner chooses (a login now would void the link, as Django's links are).
    assert User.objects.get(pk=officer.pk).check_password(PASSWORD)
    _set_password_from_link(mailed[0].body, CHOSEN)
    assert _can_log_in(officer, CHOSEN) and not _can_log_in(officer, PASSWORD)


def test_no_reset_link_goes_to_an_account_the_manager_may_not_manage(people, manager, mailed):
    manager.post(
        reverse("admin:maastricht_inclusie_user_changelist"),
        {"action": "send_password_link", "_selected_action": [people["director"].pk, people["superuser"].pk]},
    )

    assert mailed == []


def test_the_manager_cannot_point_an_account_in_use_at_its_own_address(people, manager):
    officer = people["officer"]
    data = {
        "username": officer.username, "first_name": "", "last_name": "", "email": "beheer-privé@example.org",
        "is_active": "on", "is_staff": "on", "groups": [str(g.pk) for g in officer.groups.all()],
        "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00", "language": "nl",
    }  # fmt: skip

    manager.post(reverse("admin:maastricht_inclusie_user_change", args=[officer.pk]), data)

    officer.refresh_from_db()
    assert officer.email == "beleid-test@example.org"
    officer.email = "beheer-privé@example.org"
    with acting_as(people["manager"]), pytest.raises(PermissionDenied), transaction.atomic():
        officer.save()  # a write by any other path is refused as well


def test_the_address_of_an_invitation_not_yet_used_can_be_corrected(people, manager, mailed):
    manager.post(
        reverse("admin:maastricht_inclusie_user_add"),
        {"username": "nieuw-lid", "email": "tikfout@example.org", "first_name": "", "last_name": ""},
    )
    invited = User.objects.get(username="nieuw-lid")
    invited.email = "juist@example.org"

    with acting_as(people["manager"]):
        invited.save()

    assert User.objects.get(pk=invited.pk).email == "juist@example.org"


def test_a_superuser_keeps_djangos_password_form(people):
    client = Client()
    client.force_login(people["superuser"])
    officer = people["officer"]

    client.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {"password1": CHOSEN, "password2": CHOSEN, "usable_password": "true"},
    )

    assert _can_log_in(officer, CHOSEN)


def test_the_invitation_and_the_reset_link_are_in_the_owners_language(people, manager, mailed):
    officer = people["officer"]
    officer.language = "en"
    officer.save()

    manager.post(
        reverse("admin:maastricht_inclusie_user_changelist"),
        {"action": "send_password_link", "_selected_action": [officer.pk]},
    )

    assert "/en/accounts/reset/" in mailed[0].body
    assert mailed[0].subject.startswith("Choose a new password")
