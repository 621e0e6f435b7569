"""seed_demo loads the programme's real reference data, idempotently."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from initiatives.models import Campaign, Neighbourhood, Organisation
from progress.models import FundingLine
from tenders.models import Programme

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_seed_demo_twice_gives_the_same_row_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = row_counts()

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert row_counts() == first


def test_seed_demo_loads_the_programme_from_the_source_documents(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    programme = Programme.objects.get(code="DI-2017")
    assert programme.total_budget == 725000
    assert programme.rounds.count() == 3
    assert sum(r.ceiling for r in programme.rounds.all()) <= programme.total_budget
    assert Campaign.objects.count() == 6
    assert Organisation.objects.filter(name="Stichting Turks Cultureel Centrum Tevhid").exists()
    assert Neighbourhood.objects.filter(name="Wittevrouwenveld", district="Noordoost").exists()
    director = FundingLine.objects.get(name="Regisseur aanpak polarisatie")
    assert (director.amount_per_year, director.first_year, director.last_year) == (50000, 2022, 2026)


def test_seed_demo_creates_one_user_per_role_and_prints_the_password(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "Demo-Inclusie-2026" in out
    users = get_user_model().objects
    for role in [
        "beleidsmedewerker",
        "beoordelaar",
        "regisseur",
        "netwerkmedewerker",
        "functioneel-beheerder",
    ]:
        assert users.filter(groups__name=role).exists(), role
    assert users.filter(memberships__organisation__name="Humanitas").exists()


def test_seed_demo_refuses_to_create_demo_users_when_debug_is_off(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo")

    assert get_user_model().objects.count() == 0
    assert Organisation.objects.exists()
    assert "no demo users" in capsys.readouterr().out
