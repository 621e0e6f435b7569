"""The demo tells the truth about itself (issue 21): evidence only where there is some, granted subsidies that are
each their own, and a per-district table that accounts for every public initiative."""

import pytest
from django.core.management import call_command

from initiatives.models import Initiative
from progress.models import Commitment
from tenders.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_2021_decision_is_not_evidenced_by_the_2017_tender_rounds(seeded):
    decision = Commitment.objects.get(slug="regisseur-aanpak-polarisatie-2021")
    motion = Commitment.objects.get(slug="motie-tolerantie-2016")

    assert not decision.rounds.exists()
    assert set(motion.rounds.values_list("programme__code", flat=True)) == {"DI-2017"}


def test_a_second_seed_takes_a_round_wrongly_linked_before_away(seeded):
    decision = Commitment.objects.get(slug="regisseur-aanpak-polarisatie-2021")
    decision.rounds.set(Commitment.objects.get(slug="motie-tolerantie-2016").rounds.all())

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not decision.rounds.exists()


def test_the_granted_demo_subsidies_each_have_their_own_themes_and_neighbourhoods(seeded):
    granted = [
        d.application for d in Decision.objects.filter(granted_amount__gt=0).select_related("application")
    ]

    themes = [frozenset(a.themes.values_list("name", flat=True)) for a in granted]
    neighbourhoods = [frozenset(a.neighbourhoods.values_list("name", flat=True)) for a in granted]
    assert len(granted) >= 3
    assert all(themes) and len(set(themes)) == len(granted)
    assert all(neighbourhoods) and not any(
        a & b for i, a in enumerate(neighbourhoods) for b in neighbourhoods[i + 1 :]
    )
    assert any("Sport en bewegen" in t for t in themes)


def test_the_per_district_table_accounts_for_every_public_initiative(seeded, client):
    listed = Initiative.objects.listed().prefetch_related("neighbourhoods")
    expected = {}
    for initiative in listed:
        for district in {n.district for n in initiative.neighbourhoods.all()} or {
            "Hele stad, geen buurt genoemd"
        }:
            expected[district] = expected.get(district, 0) + 1

    page = client.get("/voortgang/").content.decode()

    table = page.split("Openbare initiatieven per stadsdeel", 1)[1].split("</table>", 1)[0]
    shown = {
        cell.split("</th>")[0].split(">")[-1]: int(cell.split('utrecht-table__cell">')[1].split("<")[0])
        for cell in table.split('scope="row"')[1:]
    }
    assert shown == expected
    assert len(expected) >= 3
