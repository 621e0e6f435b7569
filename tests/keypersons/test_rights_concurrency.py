"""A restriction and a contact at the same moment, on PostgreSQL with two connections: the contact either comes
first or is refused; never a contact logged with a person whose processing was restricted before it."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from keypersons import services
from keypersons.models import ContactMoment
from tests.factories import UserFactory, consented

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def _thread(step, outcome: dict, key: str) -> threading.Thread:
    def run():
        try:
            outcome[key] = step()
        except Exception as error:
            outcome[key] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_contact_logged_while_a_restriction_is_being_recorded_waits_and_is_refused():
    director, person = UserFactory(), consented()
    restricted, outcome = threading.Event(), {}

    def restrict():
        with transaction.atomic():
            services.restrict(person=person, by=director, received_on=timezone.localdate(), grounds="Betwist")
            restricted.set()
            time.sleep(0.5)  # the contact below is attempted now, while this transaction holds the person

    def log():
        restricted.wait(timeout=5)
        return services.log_contact(
            by=director, occurred_on=timezone.localdate(), key_persons=[person], channel="phone"
        )

    threads = [_thread(restrict, outcome, "restrict"), _thread(log, outcome, "log")]
    for thread in threads:
        thread.join()

    assert isinstance(outcome["log"], ValidationError)
    assert not ContactMoment.objects.filter(key_persons=person).exists()
