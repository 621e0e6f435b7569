"""Delivering reminders: registered kinds only, and two digest runs at once send one digest per person."""

import threading

import pytest
from django.core import mail
from django.db import connection

from reminders.models import Reminder
from reminders.services import remind, send_digests
from tests.factories import OrganisationFactory, UserFactory


def _remind(user, subject, occasion="1"):
    return remind(
        kind="round_closing", subject=subject, recipient=user, occasion=occasion, title="De ronde sluit",
        body="Nog een week.",
    )  # fmt: skip


@pytest.mark.django_db
def test_a_kind_no_app_registered_is_refused():
    with pytest.raises(ValueError, match="register"):
        remind(
            kind="made_up",
            subject=OrganisationFactory(),
            recipient=UserFactory(),
            occasion="x",
            title="t",
            body="b",
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_send_one_digest_per_person():
    people = [UserFactory(reminder_delivery="digest", email=f"p{n}@example.org") for n in range(6)]
    subject = OrganisationFactory()
    for person in people:
        for occasion in ("7d", "1d"):
            _remind(person, subject, occasion)
    start, failures = threading.Barrier(2), []

    def run():
        try:
            start.wait(timeout=5)
            send_digests()
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        p.email for p in people
    )
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
