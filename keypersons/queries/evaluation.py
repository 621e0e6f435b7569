"""The evaluation of the approach (2022–2026) over a period, and the counts the public figures are made from."""

from datetime import date
from statistics import median

from django.db.models import Avg, Count
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from ..models import ContactMoment, KeyPerson, Signal, TemperatureReading, Topic


def _month(value) -> date:
    return value.date() if hasattr(value, "date") else value


def evaluation(start: date, end: date) -> dict:
    """The figures for the evaluation of the approach (2022–2026) over a period: a fixed number of queries."""
    people = KeyPerson.objects.all()
    added = dict(
        people.filter(created_at__date__gte=start, created_at__date__lte=end)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    before = people.filter(created_at__date__lt=start).count()
    growth, total = [], before
    for month, count in sorted((_month(m), n) for m, n in added.items()):
        total += count
        growth.append({"month": month, "added": count, "total": total})
    contacts = [
        {"month": _month(m), "count": n}
        for m, n in ContactMoment.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
        .annotate(month=TruncMonth("occurred_on"))
        .order_by("month")
        .values_list("month")
        .annotate(n=Count("pk"))
    ]
    signals = Signal.objects.filter(observed_on__gte=start, observed_on__lte=end)
    by_theme = list(signals.order_by().values("theme__name", "theme__name_en").annotate(n=Count("pk")).order_by("-n", "theme__name"))  # fmt: skip
    by_neighbourhood = list(
        signals.order_by()
        .values("neighbourhood__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "neighbourhood__name")
    )
    closed = [
        (timezone.localtime(closed_at).date() - observed_on).days
        for observed_on, closed_at in signals.filter(closed_at__isnull=False).values_list(
            "observed_on", "closed_at"
        )
    ]
    status = dict(
        people.filter(erased_at__isnull=True).order_by().values_list("status").annotate(n=Count("pk"))
    )
    return {
        "start": start,
        "end": end,
        "temperature": temperature_by_quarter(start, end),
        "status": [(label, status.get(value, 0)) for value, label in KeyPerson.Status.choices],
        "active": status.get(KeyPerson.Status.ACTIVE, 0),
        "growth": growth,
        "contacts": contacts,
        "contacts_total": sum(row["count"] for row in contacts),
        "signals_total": signals.count(),
        "by_theme": by_theme,
        "by_neighbourhood": by_neighbourhood,
        "closure": {
            "closed": len(closed),
            "median_days": median(closed) if closed else None,
            "average_days": round(sum(closed) / len(closed), 1) if closed else None,
        },
    }


def _per_theme(records, day: str, theme: str, since: date, until: date) -> dict[int, int]:
    """Counts of records per theme id between two days, in one grouped query.

    A record meets each of its themes once (a foreign key, or a many-to-many link that is unique), so a
    plain COUNT counts every record once per group; COUNT(DISTINCT) would sort every row for nothing.
    """
    rows = (
        records.filter(**{f"{day}__gte": since, f"{day}__lte": until})
        .order_by()
        .values_list(theme)
        .annotate(n=Count("pk"))
    )
    return {theme_id: n for theme_id, n in rows if theme_id is not None}


def quarter_counts(start: date, end: date) -> dict:
    """The network's raw counts for one quarter, for the public figures that progress/ freezes when the quarter
    has closed: active key persons and the neighbourhoods they cover (as they stand now), and contact moments and
    signals per theme within the quarter. Counts only; progress/ suppresses and rounds them before publishing."""
    active = KeyPerson.objects.filter(status=KeyPerson.Status.ACTIVE, erased_at__isnull=True)
    counts = active.aggregate(
        people=Count("pk", distinct=True), neighbourhoods=Count("neighbourhoods", distinct=True)
    )
    contacts = _per_theme(ContactMoment.objects, "occurred_on", "topics", start, end)
    signals = _per_theme(Signal.objects, "observed_on", "theme", start, end)
    return {
        "active_key_persons": counts["people"],
        "neighbourhoods_covered": counts["neighbourhoods"],
        "themes": [
            {
                "name": t.name,
                "name_en": t.name_en,
                "contacts": contacts.get(t.pk, 0),
                "signals": signals.get(t.pk, 0),
            }
            for t in Topic.objects.all()
        ],
    }


def temperature_by_quarter(start: date, end: date) -> dict:
    """The average temperature (1 calm – 5 high tension) per neighbourhood per quarter of the period, in one
    query: a row per neighbourhood with readings, a cell per quarter (None where nothing was measured)."""
    readings = (
        TemperatureReading.objects.filter(measured_on__gte=start, measured_on__lte=end)
        .annotate(quarter=TruncQuarter("measured_on"))
        .order_by()
        .values_list("neighbourhood__name", "quarter")
        .annotate(average=Avg("level"), n=Count("pk"))
    )
    cells = {(name, _month(quarter)): (round(average, 1), n) for name, quarter, average, n in readings}
    quarters = sorted({quarter for _name, quarter in cells})
    names = sorted({name for name, _quarter in cells})
    return {
        "quarters": [(quarter, (quarter.month - 1) // 3 + 1) for quarter in quarters],
        "rows": [
            {"neighbourhood": name, "cells": [cells.get((name, q)) for q in quarters]} for name in names
        ],
    }
