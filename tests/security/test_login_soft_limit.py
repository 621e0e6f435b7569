"""The per-account soft limit: many failed logins to one account, from any addresses, make its next login ask
for a second factor after the right password — never a lock that keeps the owner out.

Users with an authenticator app give its code; the others get a one-time code mailed (through the outbox) to the
account's own address. Checked by effect: who is logged in afterwards, and what was mailed.
"""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import FailedLogin, MailedCodeDevice
from outbox.models import Message
from tests.factories import MembershipFactory, UserFactory, login_form

pytestmark = pytest.mark.django_db

OWNER_ADDRESS = "198.51.100.7"
CODE_IN_MAIL = re.compile(r"^(\d{6})$", re.MULTILINE)


@pytest.fixture
def owner():
    """An organisation member (no authenticator app), with an e-mail address of their own."""
    return MembershipFactory(
        user=UserFactory(username="humanitas-test", email="secretaris@humanitas.example")
    ).user


@pytest.fixture
def mailbox(django_capture_on_commit_callbacks, monkeypatch):
    """The mails sent, with the outbox handing each message to the worker as soon as its request is done (as it
    does after the commit; the test's own transaction never commits)."""
    request = Client.request

    def request_then_deliver(client, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(client, **kwargs)

    monkeypatch.setattr(Client, "request", request_then_deliver)
    return mail.outbox


def _fail_from_many_addresses(username: str, count: int = 12) -> None:
    for n in range(count):
        response = Client().post(
            reverse("login"), login_form(username, "Verkeerd-Geraden-1"), REMOTE_ADDR=f"203.0.113.{n + 1}"
        )
        assert response.status_code == 200  # a wrong password, not a lockout


def _password(client: Client, username: str, address: str = OWNER_ADDRESS):
    return client.post(reverse("login"), login_form(username), REMOTE_ADDR=address)


def _code(client: Client, code: str, address: str = OWNER_ADDRESS):
    return client.post(
        reverse("login"), {"login_view-current_step": "token", "token-otp_token": code}, REMOTE_ADDR=address
    )


def _mailed_code(mailbox, to: str) -> str:
    message = [m for m in mailbox if m.to == [to]][-1]
    return CODE_IN_MAIL.search(message.body)[1]


def _is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_failures_from_twelve_addresses_make_the_owner_confirm_a_mailed_code_and_then_let_them_in(
    owner, mailbox
):
    _fail_from_many_addresses(owner.username)
    client = Client()

    asked = _password(client, owner.username)

    page = asked.content.decode()
    assert asked.status_code == 200 and 'name="token-otp_token"' in page
    assert "s********s@humanitas.example" in page  # where the code went, without showing the whole address
    assert not _is_logged_in(client)
    code = _mailed_code(mailbox, owner.email)
    assert code in mailbox[-1].subject
    response = _code(client, code)

    assert response.status_code == 302 and _is_logged_in(client)
    assert client.get(reverse("portal:home")).status_code == 200


def test_up_to_the_limit_the_password_is_enough(owner, mailbox):
    _fail_from_many_addresses(owner.username, count=10)
    client = Client()

    response = _password(client, owner.username)

    assert response.status_code == 302 and _is_logged_in(client)
    assert mailbox == []


def test_someone_with_the_right_password_but_not_the_mailbox_does_not_get_in(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    attacker = Client()

    _password(attacker, owner.username, address="203.0.113.99")
    for guess in ("000000", "123456", "999999"):
        response = _code(attacker, guess, address="203.0.113.99")
        assert response.status_code == 200

    assert not _is_logged_in(attacker)
    assert attacker.get(reverse("portal:home")).status_code == 302
    # The owner was told, at their own address only.
    assert [m.to for m in mailbox] == [[owner.email]]
    assert "wachtwoord" in mailbox[0].body


def test_the_mailed_code_works_once(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    first = Client()
    _password(first, owner.username)
    code = _mailed_code(mailbox, owner.email)
    assert _code(first, code).status_code == 302

    with time_machine.travel(timezone.now() + timedelta(seconds=61)):  # past the minute between two mails
        second = Client()
        _password(second, owner.username)
        again = _code(second, code)

        assert again.status_code == 200 and not _is_logged_in(second)
        assert "niet juist" in again.content.decode()
        assert len(mailbox) == 2 and _mailed_code(mailbox, owner.email) != code  # a new login, a new code


def test_the_mailed_code_expires(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    client = Client()
    _password(client, owner.username)
    code = _mailed_code(mailbox, owner.email)

    # Within the ten minutes the login may take, but past the five the code lasts.
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = _code(client, code)

    assert response.status_code == 200 and not _is_logged_in(client)
    assert "verlopen" in response.content.decode()


def test_wrong_codes_are_throttled(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _password(client, owner.username)
        code = _mailed_code(mailbox, owner.email)
        for guess in ("000000", "111111", "222222"):
            _code(client, guess)

        refused = _code(client, code)  # the right code, but too soon after three wrong ones
        assert refused.status_code == 200 and not _is_logged_in(client)
        assert "even geen code" in refused.content.decode()

        clock.shift(timedelta(seconds=10))
        response = _code(client, code)

    assert response.status_code == 302 and _is_logged_in(client)


def test_an_attacker_guessing_codes_does_not_throttle_the_owners_own_login(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    attacker, client = Client(), Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _password(attacker, owner.username, address="203.0.113.99")
        for guess in ("000000", "111111", "222222", "333333", "444444"):
            _code(attacker, guess, address="203.0.113.99")

        clock.shift(timedelta(seconds=61))
        _password(client, owner.username)
        response = _code(client, _mailed_code(mailbox, owner.email))

    assert response.status_code == 302 and _is_logged_in(client)
    assert not _is_logged_in(attacker)


def test_the_code_goes_through_the_outbox_without_the_code_in_it(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    _password(Client(), owner.username)

    message = Message.objects.get(task="accounts.tasks.send_login_code")
    code = _mailed_code(mailbox, owner.email)
    assert message.delivered_at is not None
    assert code not in str(message.args) + str(message.kwargs)


def test_at_most_one_code_a_minute_is_mailed_to_an_account(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(5):
            _password(Client(), owner.username, address=f"203.0.113.{100 + n}")

    assert len(mailbox) == 1


def test_the_owner_can_ask_for_a_new_code_after_a_minute_and_only_the_newest_works(owner, mailbox):
    _fail_from_many_addresses(owner.username)
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _password(client, owner.username)
        first = _mailed_code(mailbox, owner.email)
        resend = {"login_view-current_step": "token", "wizard_goto_step": "token"}
        page = client.post(reverse("login"), resend, REMOTE_ADDR=OWNER_ADDRESS)
        assert "stuur een nieuwe code" in page.content.decode() and len(mailbox) == 1  # not within the minute

        clock.shift(timedelta(seconds=61))
        client.post(reverse("login"), resend, REMOTE_ADDR=OWNER_ADDRESS)
        second = _mailed_code(mailbox, owner.email)
        assert len(mailbox) == 2
        assert _code(client, first).status_code == 200 and not _is_logged_in(client)
        clock.shift(timedelta(seconds=10))  # past the pause after the wrong (old) code
        response = _code(client, second)

    assert response.status_code == 302 and _is_logged_in(client)


def test_a_user_with_an_authenticator_app_gives_its_code_as_always(roles, mailbox):
    officer = UserFactory(username="beleid-test", roles=["beleidsmedewerker"])
    device = TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    _fail_from_many_addresses(officer.username)
    client = Client()

    asked = _password(client, officer.username)
    assert "authenticator" in asked.content.decode() and mailbox == []
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = _code(client, code)

    assert response.status_code == 302 and _is_logged_in(client)


def test_a_mailed_code_is_not_a_second_factor_for_staff_who_have_not_set_up_their_app(
    roles, mailbox, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    assessor = UserFactory(username="beoordelaar-test", roles=["beoordelaar"])
    _fail_from_many_addresses(assessor.username)
    client = Client()
    _password(client, assessor.username)

    _code(client, _mailed_code(mailbox, assessor.email))

    assert _is_logged_in(client)
    response = client.get(reverse("assessment:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:setup"))
    assert not MailedCodeDevice.objects.filter(user=assessor, confirmed=True).exists()


def test_an_account_without_an_address_is_not_opened_with_the_password_alone(mailbox):
    member = MembershipFactory(user=UserFactory(username="zonder-adres", email="")).user
    _fail_from_many_addresses(member.username)
    client = Client()

    response = _password(client, member.username)

    assert response.status_code == 200 and not _is_logged_in(client)
    assert "geen e-mailadres" in response.content.decode()
    assert mailbox == []


def test_failures_older_than_the_window_no_longer_count_and_are_forgotten(owner, mailbox):
    from accounts.tasks import forget_old_login_failures

    _fail_from_many_addresses(owner.username)

    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        client = Client()
        response = _password(client, owner.username)
        assert response.status_code == 302 and _is_logged_in(client)
        forget_old_login_failures.delay()

    assert not FailedLogin.objects.exists()


def test_the_limit_and_window_are_settings(owner, mailbox, settings):
    settings.LOGIN_SOFT_LIMIT = 2
    _fail_from_many_addresses(owner.username, count=3)

    response = _password(Client(), owner.username)

    assert response.status_code == 200 and 'name="token-otp_token"' in response.content.decode()


def test_the_code_page_and_mail_are_in_english_for_an_english_user(owner, mailbox):
    owner.language = "en"
    owner.save()
    _fail_from_many_addresses(owner.username)

    page = Client().post("/en/accounts/login/", login_form(owner.username), REMOTE_ADDR=OWNER_ADDRESS)

    assert "We sent a code by e-mail" in page.content.decode()
    assert mailbox[-1].subject.startswith("Your login code")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_one_code_sent_twice_at_the_same_moment_logs_in_once():
    owner = MembershipFactory(user=UserFactory(username="gelijktijdig", email="tegelijk@example.org")).user
    FailedLogin.objects.bulk_create([FailedLogin(username=owner.username) for _n in range(12)])
    first = Client()
    _password(first, owner.username)
    code = _mailed_code(mail.outbox, owner.email)
    second = Client()
    second.cookies = first.cookies  # the same login, sent from two tabs (or replayed) at once
    start, results = threading.Barrier(2, timeout=30), []

    def send(client):
        try:
            start.wait()
            results.append(_code(client, code).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # One logs in; the other is refused: the form again (200), or, when the first request has already replaced
    # the shared session by the time the second saves it, Django's "session interrupted" (400). Never two logins.
    assert results.count(302) == 1 and set(results) - {302} <= {200, 400}, results
