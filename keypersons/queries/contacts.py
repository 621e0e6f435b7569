"""Temperature readings: the heat map of the last weeks."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ..models import TemperatureReading

HEAT_MAP_WEEKS = 12


def week_starts(today: date, weeks: int = HEAT_MAP_WEEKS) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


@dataclass(frozen=True)
class HeatCell:
    """One week of one neighbourhood: the highest reading, or None without one."""

    level: int | None

    @property
    def css_class(self) -> str:
        return f"mi-heat mi-heat--{self.level}" if self.level else "mi-heat"


def heat_map(today: date | None = None) -> dict:
    """The highest temperature per neighbourhood per week over the last 12 weeks (one query)."""
    today = today or timezone.localdate()
    weeks = week_starts(today)
    rows = (
        TemperatureReading.objects.filter(measured_on__gte=weeks[0], measured_on__lte=today)
        .annotate(week=TruncWeek("measured_on"))
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
    return {"weeks": weeks, "rows": table, "hottest": hottest if hottest and hottest["latest"] else None}


def _latest(cells: dict[date, int], weeks: list[date]) -> int | None:
    for week in reversed(weeks):
        if week in cells:
            return cells[week]
    return None
