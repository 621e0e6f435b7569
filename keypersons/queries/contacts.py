"""Temperature readings: the heat map of the last weeks."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.db.models.functions import TruncMonth, TruncQuarter, TruncWeek
from django.utils import timezone

from ..models import TemperatureReading

HEAT_MAP_WEEKS = 12


def week_starts(today: date, weeks: int = HEAT_MAP_WEEKS) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


# The heat map's periods: how the readings are grouped, and how many columns it shows.
PERIODS = {"week": (TruncWeek, HEAT_MAP_WEEKS), "month": (TruncMonth, 12), "quarter": (TruncQuarter, 8)}


def period_starts(today: date, period: str = "week") -> list[date]:
    """The first days of the last weeks, months or quarters up to today, oldest first."""
    count = PERIODS[period][1]
    if period == "week":
        return week_starts(today, count)
    step = 3 if period == "quarter" else 1
    first = date(today.year, today.month - (today.month - 1) % step, 1)
    starts = []
    for n in range(count):
        months = first.year * 12 + first.month - 1 - n * step
        starts.append(date(months // 12, months % 12 + 1, 1))
    return starts[::-1]


def period_label(start: date, period: str) -> str:
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return start.strftime("%m-%Y" if period == "month" else "%d-%m")


@dataclass(frozen=True)
class HeatCell:
    """One week of one neighbourhood: the highest reading, or None without one."""

    level: int | None

    @property
    def css_class(self) -> str:
        return f"mi-heat mi-heat--{self.level}" if self.level else "mi-heat"


def heat_map(today: date | None = None, period: str = "week") -> dict:
    """The highest temperature per neighbourhood per week (12), month (12) or quarter (8), up to today (one query)."""
    today = today or timezone.localdate()
    period = period if period in PERIODS else "week"
    weeks = period_starts(today, period)
    rows = (
        TemperatureReading.objects.filter(measured_on__gte=weeks[0], measured_on__lte=today)
        .annotate(week=PERIODS[period][0]("measured_on"))
        .values("neighbourhood", "neighbourhood__name", "week")
        .annotate(highest=Max("level"))
        .order_by("neighbourhood__district", "neighbourhood__name", "neighbourhood")
    )
    cells: dict[int, dict[date, int]] = defaultdict(dict)
    names: dict[int, str] = {}  # in the database's order: by district, then name
    for row in rows:
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        cells[row["neighbourhood"]][week] = row["highest"]
        names[row["neighbourhood"]] = row["neighbourhood__name"]
    table = [
        {
            "name": name,
            "cells": [HeatCell(cells[pk].get(week)) for week in weeks],
            "latest": _latest(cells[pk], weeks),
        }
        for pk, name in names.items()
    ]
    hottest = max(table, key=lambda r: r["latest"] or 0, default=None)
    return {
        "weeks": weeks, "labels": [period_label(start, period) for start in weeks], "period": period,
        "rows": table, "hottest": hottest if hottest and hottest["latest"] else None,
    }  # fmt: skip


def _latest(cells: dict[date, int], weeks: list[date]) -> int | None:
    for week in reversed(weeks):
        if week in cells:
            return cells[week]
    return None
