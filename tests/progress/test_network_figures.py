"""Public figures of the key-person network cannot be differenced: they are published per closed quarter only,
computed once and frozen, counts under 10 suppressed and the rest rounded to fives, without totals.

Seen: open data updated within a second of a write; logging one contact moved a cell from 5 to 6, and pausing one
person moved "active key persons" from 6 to 5.
"""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from keypersons import services
from progress.figures import closed_quarters, freeze, freeze_closed_quarters, publish
from progress.models import NetworkFigures
from progress.tasks import freeze_network_figures
from tests.factories import ContactMomentFactory, NeighbourhoodFactory, SignalFactory, TopicFactory, consented

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 14)  # in 2026 K3; 2026 K2 closed on 30 June
Q2 = date(2026, 4, 1)


@pytest.fixture
def network():
    """12 active key persons in 11 neighbourhoods; in 2026 K2 14 contacts on one theme, 4 on another, 12 signals."""
    with time_machine.travel(TODAY, tick=False):
        theme, quiet = TopicFactory(name="Discriminatie"), TopicFactory(name="Milieu")
        hoods = [NeighbourhoodFactory() for _ in range(11)]
        people = []
        for i in range(12):
            person = consented(name=f"Geheime Naam{i}")
            person.neighbourhoods.add(hoods[i % 11])
            people.append(person)
        for i in range(14):
            ContactMomentFactory(key_persons=[people[i % 12]], occurred_on=Q2 + timedelta(days=i), notes="Notitie X").topics.add(theme)  # fmt: skip
        for i in range(4):
            ContactMomentFactory(key_persons=[people[i]], occurred_on=Q2 + timedelta(days=i)).topics.add(
                quiet
            )
        for _ in range(12):
            SignalFactory(theme=theme, observed_on=Q2 + timedelta(days=3), description="Beschrijving Y")
    return {"theme": theme, "quiet": quiet, "people": people, "hoods": hoods}


@pytest.mark.parametrize(("count", "published"), [(0, None), (9, None), (10, 10), (12, 10), (13, 15), (14, 15), (17, 15), (18, 20)])  # fmt: skip
def test_counts_under_ten_are_suppressed_and_the_rest_rounded_to_fives(count, published):
    assert publish(count) == published


def test_only_closed_quarters_are_published():
    assert closed_quarters(TODAY)[:2] == [Q2, date(2026, 1, 1)]
    with time_machine.travel(TODAY, tick=False), pytest.raises(ValueError):
        freeze(date(2026, 7, 1))  # the quarter we are in


def test_a_closed_quarter_is_computed_once_with_suppression_and_rounding(network):
    with time_machine.travel(TODAY, tick=False):
        figures = freeze(Q2)

    themes = {theme["name"]: theme for theme in figures.themes}
    assert figures.active_key_persons == 10  # 12, rounded
    assert figures.neighbourhoods_covered == 10  # 11, rounded
    assert themes["Discriminatie"]["contacts"] == 15 and themes["Discriminatie"]["signals"] == 10
    assert themes["Milieu"]["contacts"] is None and themes["Milieu"]["signals"] is None
    with pytest.raises(TypeError):
        figures.save()


def _public(client) -> tuple[str, dict]:
    page = client.get(reverse("progress:overview")).content.decode()
    start = page.index('id="network"')
    data = json.loads(
        client.get(reverse("progress:open_data_file", args=["sleutelpersonennetwerk", "json"])).content
    )
    return page[start : page.index("</table>", page.index("</table>", start) + 1)], data


WRITES = {
    "a contact logged today": lambda d, by: services.log_contact(
        by=by, occurred_on=TODAY, key_persons=[d["people"][0]], channel="phone", topics=[d["theme"]]
    ),
    "a contact logged back in the closed quarter": lambda d, by: services.log_contact(
        by=by,
        occurred_on=Q2 + timedelta(days=5),
        key_persons=[d["people"][1]],
        channel="phone",
        topics=[d["quiet"]],
    ),
    "a key person paused": lambda d, by: services.save_key_person(
        by=by, person=d["people"][2], data={"status": "paused"}
    ),
    "a signal in the closed quarter": lambda d, by: SignalFactory(
        theme=d["theme"], observed_on=Q2 + timedelta(days=9)
    ),
    "a key person erased": lambda d, by: services.erase_key_person(person=d["people"][3], by=by),
}


@pytest.mark.parametrize("write", WRITES)
def test_two_snapshots_around_any_single_write_are_equal(client, director, network, write):
    with time_machine.travel(TODAY, tick=False):
        freeze_network_figures()
        before = _public(client)

        WRITES[write](network, director)
        freeze_network_figures()  # the daily task runs again: nothing published moves
        after = _public(client)

    assert after == before
    assert "Discriminatie" in before[0] and before[1]["rows"]


def test_the_page_states_the_method_shows_no_totals_and_nothing_personal(client, network):
    with time_machine.travel(TODAY, tick=False):
        freeze_closed_quarters()
        page = client.get(reverse("progress:overview")).content.decode()
        open_data = client.get(reverse("progress:open_data")).content.decode()
        network_part, _data = _public(client)
        english = client.get("/en" + reverse("progress:overview")).content.decode()

    for text in (page, open_data):
        assert "afgeronde kwarta" in text.lower() and "veelvoud van 5" in text and "onder 10" in text
    assert "K2 2026" in page and "K3 2026" not in page
    assert "Q2 2026" in english and "K2" not in english
    for secret in ("Geheime Naam", "Notitie X", "Beschrijving Y", "@example.org"):
        assert secret not in page
    assert "totaal" not in network_part.lower()


def test_nothing_is_published_before_a_quarter_has_closed(client, network):
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("progress:overview")).content.decode()

    assert not NetworkFigures.objects.exists()
    assert "Geheime Naam" not in page and "Er is nog geen afgerond kwartaal" in page
