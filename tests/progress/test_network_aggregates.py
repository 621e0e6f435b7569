"""The key-person network on the public pages: aggregates only, every count under 5 suppressed."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from keypersons import queries
from tests.factories import (
    ContactMomentFactory,
    NeighbourhoodFactory,
    SignalFactory,
    TopicFactory,
    consented,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 8, 14)


@pytest.fixture
def network():
    with time_machine.travel(TODAY, tick=False):
        theme, quiet = TopicFactory(name="Discriminatie"), TopicFactory(name="Milieu")
        hoods = [NeighbourhoodFactory() for _ in range(6)]
        people = []
        for i in range(7):
            person = consented(name=f"Geheime Naam{i}")
            person.neighbourhoods.add(hoods[i % 6])
            people.append(person)
        for i in range(6):  # 6 contacts on Discriminatie in 2026 Q3, 2 on Milieu
            moment = ContactMomentFactory(
                key_persons=[people[i]], occurred_on=TODAY - timedelta(days=i), notes="Notitie X"
            )
            moment.topics.add(theme)
        for i in range(2):
            ContactMomentFactory(key_persons=[people[i]], occurred_on=TODAY - timedelta(days=i)).topics.add(
                quiet
            )
        for _ in range(5):
            SignalFactory(theme=theme, observed_on=TODAY, description="Beschrijving Y")
        SignalFactory(theme=quiet, observed_on=TODAY)
    return theme, quiet


def test_counts_of_five_and_more_are_shown_and_smaller_ones_suppressed(network):
    figures = queries.evaluation.public_aggregates(TODAY)
    themes = [t.name for t in figures["themes"]]
    row = next(r for r in figures["quarters"] if r["label"] == "2026 K3")

    assert figures["active_key_persons"] == 7
    assert figures["neighbourhoods_covered"] == 6
    assert row["contacts"][themes.index("Discriminatie")] == 6
    assert row["contacts"][themes.index("Milieu")] is None
    assert row["signals"][themes.index("Discriminatie")] == 5
    assert row["signals"][themes.index("Milieu")] is None


def test_a_small_network_shows_no_numbers_at_all(db):
    consented()
    figures = queries.evaluation.public_aggregates(TODAY)

    assert figures["active_key_persons"] is None and figures["neighbourhoods_covered"] is None


def test_the_progress_page_shows_aggregates_and_nothing_personal(client, network):
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("progress:overview")).content.decode()

    assert "sleutelpersonen" in page.lower()
    assert "&lt; 5" in page
    for secret in ("Geheime Naam", "Notitie X", "Beschrijving Y", "@example.org"):
        assert secret not in page


def test_open_data_holds_the_same_suppressed_rows_as_json_and_csv(client, network):
    with time_machine.travel(TODAY, tick=False):
        as_json = json.loads(client.get(reverse("progress:open_data_file", args=["sleutelpersonennetwerk", "json"])).content)  # fmt: skip
        as_csv = client.get(
            reverse("progress:open_data_file", args=["sleutelpersonennetwerk", "csv"])
        ).content.decode()

    rows = list(csv.DictReader(io.StringIO(as_csv)))
    discrimination = next(
        r for r in as_json["rows"] if r["quarter"] == "2026 K3" and r["theme"] == "Discriminatie"
    )
    environment = next(r for r in rows if r["quarter"] == "2026 K3" and r["theme"] == "Milieu")
    assert as_json["columns"] == ["quarter", "theme", "contacts", "signals"]
    assert len(rows) == len(as_json["rows"])
    assert discrimination == {"quarter": "2026 K3", "theme": "Discriminatie", "contacts": 6, "signals": 5}
    assert environment["contacts"] == "" and environment["signals"] == ""
    assert "Geheime" not in as_csv


def test_a_new_contact_changes_the_cached_page_at_once(client, network):
    theme, _quiet = network
    with time_machine.travel(TODAY, tick=False):
        before = client.get(reverse("progress:overview")).content.decode()
        for _ in range(5):
            moment = ContactMomentFactory(key_persons=[consented()], occurred_on=TODAY - timedelta(days=100))
            moment.topics.add(theme)
        after = client.get(reverse("progress:overview")).content.decode()

    assert before != after
    assert timezone  # frozen time used above
