"""The director's dashboard at /netwerk/: a fixed number of queries, figures cached until the data
changes, and nothing about a person ever in the cache."""

import pickle
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bench.pages import MAXIMUM_QUERIES, TRANSACTION_CONTROL
from keypersons import queries, services
from keypersons.models import AccessLog, Action, KeyPerson
from maastricht_inclusie import caching
from tests.factories import (
    ContactMomentFactory,
    KeyPersonFactory,
    NeighbourhoodFactory,
    SignalFactory,
    TemperatureReadingFactory,
    UserFactory,
    consented,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = reverse("network:dashboard")


@pytest.fixture(autouse=True)
def _midday_of_today():
    # TODAY is read when the module is imported; a run that crosses local midnight would otherwise compare
    # dates of two different days. Every test here runs at noon of that day, Maastricht time.
    with time_machine.travel(timezone.make_aware(datetime.combine(TODAY, time(12))), tick=True):
        yield


def _days_ago(days: int):
    return TODAY - timedelta(days=days)


def _network(size: int):
    """People in every cadence state, signals, temperatures and overdue actions, `size` of each."""
    owner = UserFactory()
    hoods = [NeighbourhoodFactory() for _ in range(3)]
    for i in range(size):
        late = consented(contact_every_weeks=2 + i % 3)
        ContactMomentFactory(key_persons=[late], occurred_on=_days_ago(20 + 9 * i))
        ContactMomentFactory(key_persons=[consented()], occurred_on=_days_ago(i % 5))
        SignalFactory(neighbourhood=hoods[i % 3], severity=1 + i % 4)
        TemperatureReadingFactory(neighbourhood=hoods[i % 3], level=1 + i % 5, measured_on=_days_ago(6 * i))
        Action.objects.create(
            key_person=late, owner=owner, due_on=_days_ago(1 + i), description=f"Bellen {i}"
        )
        Action.objects.create(
            signal=SignalFactory(), owner=owner, due_on=_days_ago(2 + i), description="Overleg"
        )


def _count(client) -> int:
    """Queries of one visit, without transaction control (as the benchmark counts them)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len([q for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)])


def test_the_dashboard_runs_the_same_queries_with_small_and_larger_data_cached_or_not(director_client):
    _network(2)
    director_client.get(URL)  # warm up: session, user, roles
    cache.clear()
    small_cold, small_warm = _count(director_client), _count(director_client)
    _network(25)
    cache.clear()
    large_cold, large_warm = _count(director_client), _count(director_client)

    assert (small_cold, small_warm) == (large_cold, large_warm)
    assert small_warm < small_cold <= MAXIMUM_QUERIES


def test_every_visit_writes_the_access_log_also_when_the_figures_come_from_the_cache(
    director_client, director
):
    director_client.get(URL)
    director_client.get(URL)
    director_client.get(URL)

    assert AccessLog.objects.filter(user=director, what="list", object_type="signal", path=URL).count() == 3


def test_the_dashboard_puts_no_name_note_or_description_into_the_cache(director_client, monkeypatch):
    hood = NeighbourhoodFactory(name="Caberg")
    person = consented(name="Anouk Verheyen", contact_every_weeks=2)
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(40), notes="Anouk over het plein")
    Action.objects.create(
        key_person=person, owner=UserFactory(), due_on=_days_ago(3), description="Anouk terugbellen"
    )
    SignalFactory(neighbourhood=hood, severity=4, description="Onrust bij het winkelcentrum")
    TemperatureReadingFactory(neighbourhood=hood, level=4)
    written = []
    real_set = caching.cache.set
    monkeypatch.setattr(caching.cache, "set", lambda key, value, *a, **k: written.append(value) or real_set(key, value, *a, **k))  # fmt: skip

    page = director_client.get(URL).content.decode()

    assert "Anouk Verheyen" in page and "Anouk terugbellen" in page and "Caberg" in page  # shown, ...
    assert written  # ... and the figures were cached, ...
    for value in written:  # ... but none of what is about a person, nor a signal's description
        stored = pickle.dumps(value)
        for needle in ("Anouk", "Verheyen", "terugbellen", "over het plein", "winkelcentrum"):
            assert needle.encode() not in stored, needle


def test_an_erased_person_disappears_from_the_dashboard_at_once(director_client, director):
    person = consented(name="Bram Janssen", contact_every_weeks=2)
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(30))
    services.add_action(by=director, description="Bram bellen", owner=director, due_on=TODAY + timedelta(days=1), key_person=person)  # fmt: skip
    Action.objects.filter(key_person=person).update(due_on=_days_ago(1))
    assert "Bram Janssen" in director_client.get(URL).content.decode()

    services.erase_key_person(person=person, by=director)

    page = director_client.get(URL).content.decode()
    assert "Bram" not in page and "Janssen" not in page


def test_the_cached_figures_follow_every_change_at_once(director_client):
    hood = NeighbourhoodFactory(name="Wyckerpoort")
    TemperatureReadingFactory(neighbourhood=hood, level=2)
    assert 'mi-heat--2">2</td>' in director_client.get(URL).content.decode()

    TemperatureReadingFactory(neighbourhood=hood, level=5)
    SignalFactory(neighbourhood=hood, severity=4)
    page = director_client.get(URL).content.decode()

    assert 'mi-heat--5">5</td>' in page
    assert "<li><strong>1</strong> Urgent</li>" in page


def test_the_figures_are_cached_per_language(director_client):
    TemperatureReadingFactory(neighbourhood=NeighbourhoodFactory(), level=3, measured_on=_days_ago(30))
    TemperatureReadingFactory(level=3, measured_on=_days_ago(0))

    dutch = director_client.get(URL).content.decode()
    english = director_client.get("/en" + URL).content.decode()

    assert "geen meting" in dutch and "no reading" not in dutch
    assert "no reading" in english and "geen meting" not in english


def test_the_dashboard_shows_the_ten_earliest_overdue_actions_and_how_many_there_are(director_client):
    owner = UserFactory()
    for days in range(1, 13):
        Action.objects.create(signal=SignalFactory(), owner=owner, due_on=_days_ago(days), description=f"Actie {days:02d}")  # fmt: skip
    Action.objects.create(signal=SignalFactory(), owner=owner, due_on=TODAY, description="Vandaag")
    Action.objects.create(signal=SignalFactory(), owner=owner, due_on=_days_ago(30), description="Klaar", done_on=TODAY)  # fmt: skip

    page = director_client.get(URL).content.decode()

    shown = [f"Actie {days:02d}" for days in range(1, 13) if f"Actie {days:02d}<" in page]
    assert shown == [f"Actie {days:02d}" for days in range(3, 13)]  # the ten longest overdue
    assert page.index("Actie 12") < page.index("Actie 03")  # the earliest due first
    assert "Vandaag" not in page and "Klaar" not in page
    assert "In totaal zijn 12 acties te laat." in page or "In all, 12 actions are overdue." in page
    assert reverse("network:action_list") in page


# -- losing touch ---------------------------------------------------------------------------------


def _reference(today) -> list[tuple[int, str, int]]:
    """Who is late, computed the plain way: every active person's cadence from key_persons()."""
    people = queries.people.with_cadence(
        queries.people.key_persons(today).filter(status=KeyPerson.Status.ACTIVE), today
    )
    late = sorted(
        (p for p in people if p.cadence.state in ("amber", "red")), key=lambda p: -p.cadence.days_overdue
    )
    return [(p.pk, p.cadence.state, p.cadence.days_overdue) for p in late]


def _listed(today, limit=10) -> list[tuple[int, str, int]]:
    return [
        (p.pk, p.cadence.state, p.cadence.days_overdue)
        for p in queries.people.losing_touch(today, limit=limit)
    ]


def test_losing_touch_follows_the_cadence_at_its_edges():
    weeks = 4
    cases = {
        "on track, one day left": 4 * 7 - 1,
        "due today: amber, 0 days late": 4 * 7,
        "one day late": 4 * 7 + 1,
        "last amber day": 8 * 7 - 1,
        "red: twice the interval": 8 * 7,
    }
    people = {}
    for label, days in cases.items():
        people[label] = KeyPersonFactory(contact_every_weeks=weeks)
        ContactMomentFactory(key_persons=[people[label]], occurred_on=_days_ago(days))
    # Added at noon, Maastricht time, 100 local days ago: the same local day at any hour and across a
    # change to or from summer time (100 days of 24 hours from now can land on another local day).
    never = KeyPersonFactory(
        contact_every_weeks=weeks, created_at=timezone.make_aware(datetime.combine(_days_ago(100), time(12)))
    )
    # Added at half past midnight, Maastricht time: the day before in UTC, but the local day counts.
    added = timezone.make_aware(datetime.combine(_days_ago(4 * 7 - 1), time(0, 30)))
    just_in_time = KeyPersonFactory(contact_every_weeks=weeks, created_at=added)
    new = KeyPersonFactory(contact_every_weeks=weeks)
    paused = KeyPersonFactory(contact_every_weeks=weeks, status=KeyPerson.Status.PAUSED)
    ContactMomentFactory(key_persons=[paused], occurred_on=_days_ago(200))

    listed = {pk: (state, days) for pk, state, days in _listed(TODAY)}

    assert people["on track, one day left"].pk not in listed
    assert listed[people["due today: amber, 0 days late"].pk] == ("amber", 0)
    assert listed[people["one day late"].pk] == ("amber", 1)
    assert listed[people["last amber day"].pk] == ("amber", 27)
    assert listed[people["red: twice the interval"].pk] == ("red", 28)
    assert listed[never.pk] == ("red", 100 - 28)  # counted from the day they were added
    assert new.pk not in listed and paused.pk not in listed and just_in_time.pk not in listed
    assert _listed(TODAY) == _reference(TODAY)


def test_losing_touch_lists_the_longest_overdue_first_as_the_plain_computation_does():
    for i in range(30):
        person = KeyPersonFactory(
            contact_every_weeks=1 + i % 6, created_at=timezone.now() - timedelta(days=3 * i)
        )
        for days in {i, 2 * i + 3, 5 * i}:
            ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(days))
    erased = KeyPersonFactory(contact_every_weeks=1)
    ContactMomentFactory(key_persons=[erased], occurred_on=_days_ago(90))
    KeyPerson.objects.filter(pk=erased.pk).update(erased_at=timezone.now())

    for today in (TODAY, TODAY + timedelta(days=20), TODAY + timedelta(days=400)):
        assert _listed(today, limit=100) == _reference(today), today
        assert _listed(today) == _reference(today)[:10]
        assert erased.pk not in [pk for pk, _state, _days in _listed(today, limit=100)]


def test_the_dashboard_names_the_people_we_are_losing_touch_with(director_client):
    red = consented(name="Rood Persoon", contact_every_weeks=2)
    ContactMomentFactory(key_persons=[red], occurred_on=_days_ago(40))
    on_track = consented(name="Groen Persoon", contact_every_weeks=2)
    ContactMomentFactory(key_persons=[on_track], occurred_on=_days_ago(3))

    page = director_client.get(URL).content.decode()

    assert "Rood Persoon" in page and "Groen Persoon" not in page
    assert date_format(_days_ago(40)) in page  # in running text: "28 oktober 2026"


def test_a_write_to_the_tenders_leaves_the_cached_figures_and_a_signal_renews_them(director_client):
    from tenders import services as tender_services
    from tests.factories import UserFactory, submitted_application

    application = submitted_application()
    director_client.get(URL)
    tender_services.mark_eligible(application=application, by=UserFactory(roles=["beleidsmedewerker"]))
    templates = {t.name for t in director_client.get(URL).templates}
    assert "keypersons/dashboard_signals.html" not in templates  # the figures come from the cache

    SignalFactory(severity=4)
    templates = {t.name for t in director_client.get(URL).templates}
    assert "keypersons/dashboard_signals.html" in templates
