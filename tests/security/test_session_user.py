"""The signed-in user, their roles, permissions and second factor are read in one query per request
(`accounts/session_user.py`), and nothing of it is kept between requests: every change to someone's rights counts
from their next request. Checked by effect, through pages, with a session logged in as for real (password and
code).
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.security.test_device_removal import _log_in_with_code, _opens

pytestmark = pytest.mark.django_db

ROUNDS = "staff:round_list"
ADMIN_APPLICATIONS = "admin:tenders_application_changelist"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def officer(roles):
    return UserFactory(username="beleid-sessie", is_staff=True, roles=["beleidsmedewerker"])


def _auth_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    tables = ("auth_group", "auth_permission", "otp_", "maastricht_inclusie_user")
    return [
        query["sql"] for query in captured.captured_queries if any(name in query["sql"] for name in tables)
    ]


def test_the_user_roles_permissions_and_device_are_one_query(officer):
    client, _device = _log_in_with_code(officer)
    client.get(reverse(ROUNDS))  # the session's first page may renew it
    queries = _auth_queries(client, reverse(ADMIN_APPLICATIONS))  # a page that checks roles and permissions
    assert len(queries) == 1, queries


def test_a_role_taken_away_counts_from_the_next_request(officer):
    client, _device = _log_in_with_code(officer)
    assert _opens(client, reverse(ROUNDS))
    officer.groups.clear()
    assert not _opens(client, reverse(ROUNDS))


def test_a_role_given_counts_from_the_next_request(roles):
    person = UserFactory(username="aanstaand", is_staff=True)
    client, _device = _log_in_with_code(person)
    assert not _opens(client, reverse(ROUNDS))
    person.groups.add(Group.objects.get(name="beleidsmedewerker"))
    assert _opens(client, reverse(ROUNDS))


def test_a_permission_of_the_user_is_read_with_them_and_its_withdrawal_counts_at_once(roles):
    clerk = UserFactory(username="inzage", is_staff=True)
    client, _device = _log_in_with_code(clerk)
    assert client.get(reverse(ADMIN_APPLICATIONS)).status_code == 403
    view = Permission.objects.get(codename="view_application", content_type__app_label="tenders")
    clerk.user_permissions.add(view)
    assert _opens(client, reverse(ADMIN_APPLICATIONS))
    clerk.user_permissions.remove(view)
    assert client.get(reverse(ADMIN_APPLICATIONS)).status_code == 403


def test_a_superuser_has_every_permission(roles):
    root = UserFactory(username="root-sessie", is_staff=True, is_superuser=True)
    client, _device = _log_in_with_code(root)
    assert _opens(client, reverse(ADMIN_APPLICATIONS))
    assert _opens(client, reverse("admin:initiatives_organisation_changelist"))


def test_a_deactivated_account_is_signed_out(officer):
    client, _device = _log_in_with_code(officer)
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    response = client.get(reverse(ROUNDS))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_changed_password_ends_the_other_sessions(officer):
    client, _device = _log_in_with_code(officer)
    officer.set_password("Een geheel nieuw wachtwoord 2026!")
    officer.save()
    response = client.get(reverse(ROUNDS))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("how", ["deleted", "unconfirmed", "given to someone else"])
def test_a_device_that_is_no_longer_the_users_confirmed_one_does_not_count(officer, how):
    client, device = _log_in_with_code(officer)
    assert _opens(client, reverse(ROUNDS))
    if how == "deleted":
        TOTPDevice.objects.filter(pk=device.pk).delete()
    elif how == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(user=UserFactory(username="ander"))
    response = client.get(reverse(ROUNDS))
    assert response.status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_session_naming_another_persons_device_is_not_verified(officer):
    other = UserFactory(username="collega", is_staff=True, roles=["beleidsmedewerker"])
    theirs = TOTPDevice.objects.create(user=other, name="default", confirmed=True)
    client, _device = _log_in_with_code(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = theirs.persistent_id
    session.save()
    assert client.get(reverse(ROUNDS)).status_code == 302
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_device_is_there_for_whoever_asks_more_than_that_there_is_one(officer, rf):
    from accounts.session_user import session_user

    client, device = _log_in_with_code(officer)
    request = rf.get("/")
    request.session = client.session
    user = session_user(request)
    assert user.is_verified() and user.otp_device.persistent_id == device.persistent_id
    assert user.has_role("beleidsmedewerker") and user.has_perm("tenders.view_application")


def test_the_statement_is_prepared_on_the_connection_and_counted_like_any_query(officer):
    """Planned once per connection (`maastricht_inclusie/prepared.py`), and still seen by Django's query log."""
    client, _device = _log_in_with_code(officer)
    client.get(reverse(ROUNDS))
    queries = _auth_queries(client, reverse(ROUNDS))
    assert len(queries) == 1 and queries[0].startswith("SELECT u.*")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT u.*%%'")
        assert cursor.fetchone()[0] >= 1
