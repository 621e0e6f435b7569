"""Key-person reminders to the director, with frozen time: who, which day, which language, and only once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from keypersons import tasks
from keypersons.models import Action, Consent, KeyPerson
from reminders.models import Reminder
from tests.factories import ConsentFactory, ContactMomentFactory, KeyPersonFactory, SignalFactory, UserFactory

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
DAY = datetime(2026, 3, 2, 7, 20, tzinfo=AMS)


@pytest.fixture
def directors(roles):
    dutch = UserFactory(username="regisseur-nl", roles=["regisseur"], reminder_delivery="immediate")
    english = UserFactory(
        username="regisseur-en", roles=["regisseur"], language="en", reminder_delivery="immediate"
    )
    UserFactory(username="netwerk", roles=["netwerkmedewerker"], reminder_delivery="immediate")
    return dutch, english


def _run_twice(task, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = task()
    with django_capture_on_commit_callbacks(execute=True):
        second = task()
    return first, second


def test_an_action_due_tomorrow_reminds_the_director_and_its_owner(
    directors, django_capture_on_commit_callbacks
):
    owner = UserFactory(username="eigenaar", reminder_delivery="immediate")
    with time_machine.travel(DAY, tick=False):
        Action.objects.create(signal=SignalFactory(), owner=owner, due_on=DAY.date() + timedelta(days=1), description="Geheim")  # fmt: skip
        Action.objects.create(signal=SignalFactory(), owner=owner, due_on=DAY.date() + timedelta(days=2), description="Later")  # fmt: skip
        first, second = _run_twice(tasks.action_reminders, django_capture_on_commit_callbacks)

    assert (first, second) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["eigenaar@example.org", "regisseur-en@example.org", "regisseur-nl@example.org"]  # fmt: skip
    english = next(m for m in mail.outbox if m.to == ["regisseur-en@example.org"])
    dutch = next(m for m in mail.outbox if m.to == ["regisseur-nl@example.org"])
    assert "due tomorrow" in english.subject
    assert "morgen" in dutch.subject
    assert all("Geheim" not in m.body for m in mail.outbox)  # descriptions never leave the workspace


def test_an_overdue_action_reminds_once_however_long_it_stays_overdue(
    directors, django_capture_on_commit_callbacks
):
    with time_machine.travel(DAY, tick=False):
        Action.objects.create(signal=SignalFactory(), owner=directors[0], due_on=DAY.date() - timedelta(days=1), description="x")  # fmt: skip
        assert _run_twice(tasks.action_reminders, django_capture_on_commit_callbacks) == (2, 0)
    with time_machine.travel(DAY + timedelta(days=5), tick=False):
        assert _run_twice(tasks.action_reminders, django_capture_on_commit_callbacks) == (0, 0)
    assert Reminder.objects.filter(kind="keyperson_action", occasion="overdue").count() == 2


def test_consent_expiring_within_30_days_reminds_the_directors_once(
    directors, django_capture_on_commit_callbacks
):
    with time_machine.travel(DAY, tick=False):
        person = KeyPersonFactory(name="Niet In De Mail")
        ConsentFactory(key_person=person, expires_on=DAY.date() + timedelta(days=30))
        ConsentFactory(expires_on=DAY.date() + timedelta(days=31))
        renewed = KeyPersonFactory()
        ConsentFactory(key_person=renewed, expires_on=DAY.date() + timedelta(days=10))
        ConsentFactory(key_person=renewed, expires_on=DAY.date() + timedelta(days=400))
        assert _run_twice(tasks.consent_expiry_reminders, django_capture_on_commit_callbacks) == (2, 0)

    assert {m.to[0] for m in mail.outbox} == {"regisseur-nl@example.org", "regisseur-en@example.org"}
    assert all("Niet In De Mail" not in m.body and "Niet In De Mail" not in m.subject for m in mail.outbox)
    assert "toestemming" in next(m for m in mail.outbox if m.to == ["regisseur-nl@example.org"]).body.lower()


def test_retention_review_after_two_years_without_contact(directors, django_capture_on_commit_callbacks):
    with time_machine.travel(DAY - timedelta(days=3 * 365), tick=False):
        quiet = KeyPersonFactory()
        talked_to = KeyPersonFactory()
        ContactMomentFactory(key_persons=[quiet])
    with time_machine.travel(DAY - timedelta(days=100), tick=False):
        ContactMomentFactory(key_persons=[talked_to])
    with time_machine.travel(DAY, tick=False):
        KeyPersonFactory()  # new, not due
        assert _run_twice(tasks.retention_review_reminders, django_capture_on_commit_callbacks) == (2, 0)

    assert set(Reminder.objects.values_list("subject_id", flat=True)) == {quiet.pk}


def test_the_key_person_tasks_are_on_the_beat_schedule_outside_the_dst_hour(settings):
    names = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for task in (
        "action_reminders",
        "consent_expiry_reminders",
        "retention_review_reminders",
        "remove_expired_profiles",
    ):
        schedule = names[f"keypersons.tasks.{task}"]
        assert 2 not in schedule.hour
    assert KeyPerson and Consent  # the models the tasks read
