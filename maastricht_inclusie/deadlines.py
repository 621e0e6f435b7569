"""Legal deadlines, computed in one place, in Europe/Amsterdam.

A period that ends on a Saturday, Sunday or public holiday runs on to the next working day
(Algemene termijnenwet, art. 1). Public holidays come from the `holidays` package; 5 May counts
every year, as art. 3 of that law says (the package lists it only in lustrum years).
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[date]:
    days = set(holidays.NL(years=year).keys())
    days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline_after(start: date | datetime, *, days: int = 0, weeks: int = 0) -> date:
    """The last day of a period of days/weeks starting the day after `start`, moved past holidays."""
    if isinstance(start, datetime):
        start = timezone.localtime(start).date()
    return next_working_day(start + timedelta(days=days, weeks=weeks))


def end_of_day(day: date) -> datetime:
    """The last moment of a day in Amsterdam: a deadline 'on' a day runs until midnight."""
    return timezone.make_aware(datetime.combine(day, time.max))


def objection_deadline(decided_at: date | datetime) -> date:
    """Awb 6:7: an objection within six weeks of the decision."""
    return deadline_after(decided_at, weeks=6)


def add_working_days(start: date, days: int) -> date:
    """The day `days` working days after `start` (weekends and public holidays do not count)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
