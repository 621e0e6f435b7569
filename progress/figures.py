"""The key-person network's public figures: per closed quarter, computed once, suppressed and rounded, frozen.

Method (shown on the progress page and on the open-data page):
- only quarters that have ended are published, each computed once on the first day after it ended (a daily
  task catches up when it was down), and never recomputed: a contact logged later, or a change of status, does
  not move a published number;
- a count under PUBLIC_MINIMUM_COUNT (10) is not published; the others are rounded to the nearest multiple of
  PUBLIC_ROUNDING (5);
- no totals are published, so no suppressed count can be worked out by subtraction;
- active key persons and neighbourhoods covered are counted on the day the quarter's figures are made.
"""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from keypersons.queries.evaluation import quarter_counts

from .models import NetworkFigures

PUBLISHED_QUARTERS = 8


def publish(count: int) -> int | None:
    """A count as published: None under the minimum, else rounded to the nearest multiple of the rounding step."""
    if count < settings.PUBLIC_MINIMUM_COUNT:
        return None
    step = settings.PUBLIC_ROUNDING
    return (count + step // 2) // step * step


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _previous(start: date) -> date:
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def _end(start: date) -> date:
    following = date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)
    return date.fromordinal(following.toordinal() - 1)


def closed_quarters(today: date, count: int = PUBLISHED_QUARTERS) -> list[date]:
    """The first days of the last `count` quarters that have ended, the most recent first."""
    quarters, start = [], _previous(quarter_start(today))
    for _ in range(count):
        quarters.append(start)
        start = _previous(start)
    return quarters


def freeze(quarter: date) -> NetworkFigures:
    """The published figures of a closed quarter: made now if they do not exist yet, else as they were made."""
    if quarter_start(quarter) != quarter or _end(quarter) >= timezone.localdate():
        raise ValueError(f"{quarter} is not the first day of a quarter that has ended")
    existing = NetworkFigures.objects.filter(quarter=quarter).first()
    if existing:
        return existing
    counts = quarter_counts(quarter, _end(quarter))
    figures = NetworkFigures(
        quarter=quarter,
        active_key_persons=publish(counts["active_key_persons"]),
        neighbourhoods_covered=publish(counts["neighbourhoods_covered"]),
        themes=[
            {
                "name": t["name"],
                "name_en": t["name_en"],
                "contacts": publish(t["contacts"]),
                "signals": publish(t["signals"]),
            }
            for t in counts["themes"]
        ],
        computed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            figures.save()
    except IntegrityError:  # made at the same moment by another run: that one stands
        return NetworkFigures.objects.get(quarter=quarter)
    return figures


def freeze_closed_quarters(today: date | None = None) -> list[NetworkFigures]:
    """Make the figures of every recently closed quarter that has none yet (the first run catches up)."""
    today = today or timezone.localdate()
    return [freeze(quarter) for quarter in closed_quarters(today)]
