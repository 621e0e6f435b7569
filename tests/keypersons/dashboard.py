"""What the dashboard's tests share: its address, today at noon, and a key person whose contact is overdue."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import ContactMomentFactory, consented

# Read when a module is imported; a run that crosses local midnight would otherwise compare dates of two days, so
# the tests run at noon of this day, Maastricht time (`at_midday`).
TODAY = timezone.localdate()
URL = reverse("network:dashboard")


@contextmanager
def at_midday(tick: bool = True):
    with time_machine.travel(timezone.make_aware(datetime.combine(TODAY, time(12))), tick=tick):
        yield


def overdue(name: str, days: int = 40):
    """A consented key person to be seen every two weeks, last seen `days` ago."""
    person = consented(name=name, contact_every_weeks=2)
    ContactMomentFactory(key_persons=[person], occurred_on=TODAY - timedelta(days=days))
    return person
