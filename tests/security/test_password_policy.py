"""Passwords: at least 12 characters, and no common Dutch password or word, however it is decorated."""

import re

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import translation

from demo.management.commands.seed_demo import DEMO_PASSWORD
from maastricht_inclusie.passwords import DutchCommonPasswordValidator
from tests.factories import PASSWORD, UserFactory, login_form

GOOD_PASSPHRASE = "paars-kanaal-ontbijt-verhuist-7"


@pytest.mark.parametrize(
    "password", ["maastricht", "Welkom2026", "Zomer2026!", "FEYENOORD1908", "mestreech!!"]
)
def test_common_dutch_passwords_are_refused_however_they_end(password):
    with pytest.raises(ValidationError) as refused:
        DutchCommonPasswordValidator().validate(password)

    assert refused.value.code == "password_too_common"


@pytest.mark.parametrize(
    "password", [GOOD_PASSPHRASE, "Maastricht-aan-de-Maas-in-de-lente", "zomer-2026-in-wyck"]
)
def test_a_long_passphrase_with_common_words_in_it_is_accepted(password):
    DutchCommonPasswordValidator().validate(password)
    password_validation.validate_password(password)


@pytest.mark.parametrize("password", ["Maastricht2026!", "Wachtwoord2026", "Vastelaovend11!"])
def test_the_portal_refuses_common_dutch_passwords_even_when_long_enough(password):
    assert len(password) >= 12

    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password)

    assert [error.code for error in refused.value.error_list] == ["password_too_common"]


def test_passwords_shorter_than_12_characters_are_refused():
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("Qx7-vbn-Lp9")  # 11 characters, nothing else wrong

    assert [error.code for error in refused.value.error_list] == ["password_too_short"]


def test_the_demo_and_test_passwords_stay_valid():
    password_validation.validate_password(DEMO_PASSWORD)
    password_validation.validate_password(PASSWORD)


def test_the_message_is_in_dutch_and_english():
    with translation.override("nl"), pytest.raises(ValidationError) as dutch:
        DutchCommonPasswordValidator().validate("welkom")
    with translation.override("en"), pytest.raises(ValidationError) as english:
        DutchCommonPasswordValidator().validate("welkom")

    assert "veelgebruikt Nederlands woord" in dutch.value.messages[0]
    assert "common Dutch word" in english.value.messages[0]
    with translation.override("nl"):
        assert "veelgebruikt Nederlands" in " ".join(password_validation.password_validators_help_texts())


@pytest.mark.django_db
def test_the_password_change_form_refuses_a_common_dutch_password_and_keeps_the_old_one():
    user = UserFactory()
    form = PasswordChangeForm(
        user, {"old_password": PASSWORD, "new_password1": "Zomer2026!!!!", "new_password2": "Zomer2026!!!!"}
    )

    assert not form.is_valid()
    assert "password_too_common" in [error.code for error in form.errors.as_data()["new_password2"]]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_password_change_form_accepts_a_good_passphrase():
    user = UserFactory()
    form = PasswordChangeForm(
        user, {"old_password": PASSWORD, "new_password1": GOOD_PASSPHRASE, "new_password2": GOOD_PASSPHRASE}
    )

    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSPHRASE)


def _reset_form_url(client, user) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": user.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    return client.get(link).url


@pytest.mark.django_db
def test_a_password_reset_cannot_set_a_common_dutch_password(client):
    user = UserFactory(username="bram", email="bram@example.org")
    form_url = _reset_form_url(client, user)

    response = client.post(form_url, {"new_password1": "Maastricht2026!", "new_password2": "Maastricht2026!"})

    assert response.status_code == 200  # the form again, with the error
    assert "veelgebruikt Nederlands woord" in response.content.decode()
    assert client.post("/accounts/login/", login_form("bram", "Maastricht2026!")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    response = client.post(form_url, {"new_password1": GOOD_PASSPHRASE, "new_password2": GOOD_PASSPHRASE})

    assert response.status_code == 302
    assert client.post("/accounts/login/", login_form("bram", GOOD_PASSPHRASE)).status_code == 302
