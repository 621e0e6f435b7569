"""Two-step login in a real browser: the setup wizard with its QR code under the real Content Security Policy,
the backup codes, and the next login asking for the code after the password."""

import re
from base64 import b32decode

import pytest
from django.utils.translation import gettext as _
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, field, log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _code(key_text: str) -> str:
    return f"{totp(b32decode(key_text.replace(' ', ''))):06d}"


def test_an_officer_sets_up_two_step_login_and_the_next_login_asks_for_the_code(new_page, roles, settings):
    settings.TWO_FACTOR_REQUIRED = True
    UserFactory(username="beleid-tweestaps", roles=["beleidsmedewerker"])
    page = new_page()

    log_in(page, "beleid-tweestaps")
    page.goto("/portaal/")
    expect(page).to_have_url(re.compile(r"/accounts/tweestaps/instellen/\?next="))
    page.get_by_role("button", name=_("Next")).click()
    qr = page.get_by_role("img", name=_("QR code for your authenticator app"))
    expect(qr).to_be_visible()
    # The QR code is an image from its own URL: it loads under the page's Content Security Policy.
    page.wait_for_function(
        "() => { const qr = document.querySelector('.mi-qr img'); return qr.naturalWidth > 0; }"
    )
    assert_accessible(page)
    key = page.locator(".mi-secret").inner_text()
    field(page, _("Six-digit code from your authenticator app")).fill(_code(key))
    page.get_by_role("button", name=_("Confirm and continue")).click()

    expect(page.get_by_role("heading", name=_("Two-step login is set up"))).to_be_visible()
    page.get_by_role("link", name=_("Make backup codes")).click()
    page.get_by_role("button", name=_("Make backup codes")).click()
    codes = page.locator(".mi-backup-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name=_("Continue"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/portaal/$"))

    again = new_page()
    again.goto("/accounts/login/")
    again.locator("#id_auth-username").fill("beleid-tweestaps")
    again.locator("#id_auth-password").fill(PASSWORD)
    again.locator("main form button[type=submit]").click()
    code_field = field(again, _("Six-digit code from your authenticator app"))
    expect(code_field).to_be_visible()
    assert_accessible(again)
    code_field.fill(_code(key))
    again.get_by_role("button", name=_("Confirm")).click()
    expect(again).to_have_url(re.compile(r"/$"))
    again.goto("/medewerkers/")
    expect(again).to_have_url(re.compile(r"/medewerkers/$"))


def test_at_the_soft_limit_a_member_logs_in_with_the_code_mailed_to_them(new_page):
    from django.core import mail

    from accounts.models import FailedLogin
    from tests.factories import MembershipFactory

    member = MembershipFactory(user=UserFactory(username="lid-grens", email="lid@humanitas.example")).user
    FailedLogin.objects.bulk_create([FailedLogin(username=member.username) for _n in range(12)])
    page = new_page()

    page.goto("/accounts/login/")
    page.locator("#id_auth-username").fill(member.username)
    page.locator("#id_auth-password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    code_field = field(page, _("Six-digit code from the e-mail"))
    expect(code_field).to_be_visible()
    expect(page.get_by_text("l**@humanitas.example", exact=False)).to_be_visible()
    assert_accessible(page)
    code = re.search(r"^(\d{6})$", mail.outbox[-1].body, re.MULTILINE)[1]
    code_field.fill(code)
    page.get_by_role("button", name=_("Confirm")).click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/portaal/")
    expect(page).to_have_url(re.compile(r"/portaal/$"))
