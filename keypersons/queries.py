"""Every read the network's pages need, each a fixed number of queries however large the network grows."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth, TruncQuarter, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Neighbourhood

from .models import (
    Action,
    Consent,
    ContactMoment,
    Domain,
    KeyPerson,
    Signal,
    SignalState,
    TemperatureReading,
    Tie,
    Topic,
)

HEAT_MAP_WEEKS = 12


def _thin_threshold() -> int:
    return getattr(settings, "KEYPERSON_THIN_NETWORK", 2)


# -- key persons ---------------------------------------------------------------------------------


def key_persons(today: date | None = None) -> QuerySet[KeyPerson]:
    """Key persons (not erased) with their last contact and the consent in force today, in one query."""
    today = today or timezone.localdate()
    in_force = Consent.objects.filter(
        key_person=OuterRef("pk"), withdrawn_on__isnull=True, given_on__lte=today, expires_on__gt=today
    ).order_by("-given_on", "-pk")
    return (
        KeyPerson.objects.filter(erased_at__isnull=True)
        .annotate(
            # Kept by the database (LastContact), not aggregated over all contacts on every read.
            last_contact=F("latest_contact__occurred_on"),
            consent_until=Subquery(in_force.values("expires_on")[:1]),
            consent_scope=Subquery(in_force.values("scope")[:1]),
        )
        .prefetch_related("neighbourhoods", "domains")
    )


@dataclass(frozen=True)
class Cadence:
    """How the director keeps up with a key person: on track, overdue (amber) or losing touch (red)."""

    state: str  # "ok" | "amber" | "red" | "none"
    due_on: date | None
    days_overdue: int

    LABELS = {
        "ok": _("on track"),
        "amber": _("overdue"),
        "red": _("losing touch"),
        "none": _("not followed"),
    }

    @property
    def label(self):
        return self.LABELS[self.state]


def cadence(person: KeyPerson, today: date | None = None) -> Cadence:
    """Active key persons are due again N weeks after the last contact (or after being added).

    Amber: past that date. Red: past it by more than N weeks again, i.e. no contact for twice the interval.
    """
    today = today or timezone.localdate()
    if person.status != KeyPerson.Status.ACTIVE:
        return Cadence("none", None, 0)
    interval = timedelta(weeks=person.contact_every_weeks)
    since = getattr(person, "last_contact", None) or timezone.localtime(person.created_at).date()
    due_on = since + interval
    overdue = (today - due_on).days
    if overdue < 0:
        return Cadence("ok", due_on, 0)
    if overdue < interval.days:
        return Cadence("amber", due_on, overdue)
    return Cadence("red", due_on, overdue)


def with_cadence(people, today: date | None = None) -> list[KeyPerson]:
    today = today or timezone.localdate()
    people = list(people)
    for person in people:
        person.cadence = cadence(person, today)
    return people


class _WeeksLater(Func):
    """A date some weeks (an integer expression) after another date, as a date on either database."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: a date plus an integer is that many days later, and still a date.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + 7 * ")

    def as_sqlite(self, compiler, connection, **extra_context):
        (day, day_params), (weeks, weeks_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return f"date({day}, '+' || (7 * {weeks}) || ' days')", [*day_params, *weeks_params]


def losing_touch(today: date | None = None, limit: int = 10) -> list[KeyPerson]:
    """The active key persons whose contact is most overdue, the longest overdue first (one query).

    The database works out each person's due date as `cadence()` does, so that it can pick and
    order the few to show however many are late; `cadence()` then says amber or red.
    """
    today = today or timezone.localdate()
    since = Coalesce("latest_contact__occurred_on", TruncDate("created_at"))
    late = (
        KeyPerson.objects.filter(status=KeyPerson.Status.ACTIVE, erased_at__isnull=True)
        .annotate(
            last_contact=F("latest_contact__occurred_on"), due_on=_WeeksLater(since, "contact_every_weeks")
        )
        .filter(due_on__lte=today)
        .only("name", "status", "contact_every_weeks", "created_at")
        .order_by("due_on", "name", "pk")[:limit]
    )
    return with_cadence(late, today)


def person_detail(pk: int) -> KeyPerson:
    ties = Tie.objects.select_related("network", "other_person", "organisation")
    return (
        key_persons()
        .select_related("introduced_by")
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch("ties", queryset=ties),
            Prefetch("ties_from_others", queryset=Tie.objects.select_related("key_person")),
            Prefetch(
                "contact_moments",
                queryset=ContactMoment.objects.select_related("staff_member").prefetch_related("topics"),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
        )
        .get(pk=pk)
    )


# -- dashboard -----------------------------------------------------------------------------------


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


def thin_neighbourhoods() -> QuerySet[Neighbourhood]:
    """Neighbourhoods with fewer active key persons than the threshold: where to look for new ones."""
    return (
        Neighbourhood.objects.annotate(
            active=Count(
                "key_persons",
                filter=Q(key_persons__status=KeyPerson.Status.ACTIVE, key_persons__erased_at__isnull=True),
                distinct=True,
            ),
            latest_temperature=Subquery(
                TemperatureReading.objects.filter(neighbourhood=OuterRef("pk"))
                .order_by("-measured_on", "-pk")
                .values("level")[:1]
            ),
        )
        .filter(active__lt=_thin_threshold())
        .order_by("active", "-latest_temperature", "name")
    )


def open_signals() -> QuerySet[Signal]:
    return Signal.objects.exclude(state=SignalState.CLOSED).select_related("neighbourhood", "theme")


def signals_by_severity() -> list[tuple[str, int, int]]:
    counts = dict(open_signals().order_by().values_list("severity").annotate(n=Count("pk")))
    return [(label, value, counts.get(value, 0)) for value, label in reversed(Signal.Severity.choices)]


def overdue_actions(today: date | None = None) -> QuerySet[Action]:
    """Open actions past their due date, the earliest due first."""
    today = today or timezone.localdate()
    return Action.objects.filter(done_on__isnull=True, due_on__lt=today).order_by("due_on", "pk")


def most_overdue_actions(today: date | None = None, limit: int = 10) -> list[Action]:
    """The open actions longest past their due date, with what actions_table.html shows, in two queries.

    One join of actions, owners, key persons, signals, neighbourhoods and themes costs PostgreSQL
    more to plan than two smaller queries take together. The signals' query runs even when no action
    is about a signal, so that the dashboard's number of queries does not depend on the data (a
    prefetch_related would skip it then, and the count would vary between scales).
    """
    overdue = overdue_actions(today)
    actions = list(
        overdue.select_related("owner", "key_person").only(
            "signal", "description", "due_on", "done_on", "key_person__name", "key_person__erased_at",
            "owner__username", "owner__first_name", "owner__last_name",
        )[:limit]
    )  # fmt: skip
    signals = (
        Signal.objects.filter(pk__in=overdue.values("signal")[:limit])
        .select_related("neighbourhood", "theme")
        .only("observed_on", "neighbourhood__name", "theme__name", "theme__name_en")
    )
    by_pk = {signal.pk: signal for signal in signals}
    for action in actions:
        if action.signal_id in by_pk:  # else changed in between: read when shown
            action.signal = by_pk[action.signal_id]
    return actions


def network_overview(today: date | None = None) -> dict:
    """The dashboard's figures: how many actions are overdue, open signals per severity and the most
    urgent ones, the heat map and the thin neighbourhoods.

    About neighbourhoods and themes only, never a person, and without the signals' descriptions: the
    dashboard may cache all of it (views.dashboard).
    """
    today = today or timezone.localdate()
    return {
        "overdue_count": overdue_actions(today).count(),
        "severity": signals_by_severity(),
        "open_signals": list(
            open_signals().defer("description").order_by("-severity", "-observed_on", "-pk")[:10]
        ),
        "heat_map": heat_map(today),
        "thin": list(thin_neighbourhoods()[:10]),
    }


def dashboard(today: date | None = None) -> dict:
    """The dashboard's actions and people: read on every visit, never cached, so that a change or
    an erasure shows at once."""
    today = today or timezone.localdate()
    return {"overdue_actions": most_overdue_actions(today), "losing_touch": losing_touch(today)}


# -- suggestions ---------------------------------------------------------------------------------


def suggestions() -> dict:
    """Where to look for new key persons: thin neighbourhoods (the tense ones first), thin domains, introducers."""
    active = Q(key_persons__status=KeyPerson.Status.ACTIVE, key_persons__erased_at__isnull=True)
    return {
        "neighbourhoods": list(thin_neighbourhoods().order_by("-latest_temperature", "active", "name")[:15]),
        "domains": list(
            Domain.objects.annotate(active=Count("key_persons", filter=active, distinct=True))
            .filter(active__lt=_thin_threshold())
            .order_by("active", "name")
        ),
        "introducers": list(
            KeyPerson.objects.filter(erased_at__isnull=True)
            .annotate(introductions=Count("introduced", distinct=True))
            .filter(introductions__gte=2)
            .order_by("-introductions", "name")[:15]
        ),
        "threshold": _thin_threshold(),
    }


# -- graph ---------------------------------------------------------------------------------------


def ties(*, neighbourhood=None, domain=None) -> QuerySet[Tie]:
    """All ties of key persons not erased, optionally of people or networks in a neighbourhood or domain."""
    queryset = Tie.objects.filter(key_person__erased_at__isnull=True).select_related(
        "key_person", "network", "other_person", "organisation"
    )
    if neighbourhood is not None:
        queryset = queryset.filter(
            Q(key_person__neighbourhoods=neighbourhood) | Q(network__neighbourhoods=neighbourhood)
        )
    if domain is not None:
        queryset = queryset.filter(key_person__domains=domain)
    return queryset.distinct().order_by("key_person__name", "pk")


def graph(tie_list) -> dict:
    """Nodes and edges for the interactive graph (the same ties the page lists as a table)."""
    nodes: dict[str, dict] = {}

    def node(kind: str, obj) -> str:
        key = f"{kind}-{obj.pk}"
        nodes.setdefault(key, {"id": key, "kind": kind, "label": str(obj)})
        return key

    edges = []
    for tie in tie_list:
        source = node("person", tie.key_person)
        if tie.network_id:
            target = node("network", tie.network)
        elif tie.other_person_id:
            target = node("person", tie.other_person)
        else:
            target = node("organisation", tie.organisation)
        edges.append({"source": source, "target": target, "strength": tie.strength})
    return {"nodes": list(nodes.values()), "edges": edges}


# -- evaluation ----------------------------------------------------------------------------------


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


# -- public aggregates (read by progress/) -------------------------------------------------------


def suppress(count: int) -> int | None:
    """Counts under the threshold are not published (None), so that no person can be singled out."""
    return count if count >= settings.PUBLIC_MINIMUM_COUNT else None


def _per_quarter_and_theme(records, day: str, theme: str, since: date, until: date) -> Counter:
    """Counts of records per (first day of the quarter, theme id), in one grouped query.

    A record meets each of its themes once (a foreign key, or a many-to-many link that is unique), so a
    plain COUNT counts every record once per group; COUNT(DISTINCT) would sort every row for nothing.
    """
    rows = (
        records.filter(**{f"{day}__gte": since, f"{day}__lte": until})
        .annotate(quarter=TruncQuarter(day))
        .order_by()
        .values_list("quarter", theme)
        .annotate(n=Count("pk"))
    )
    return Counter({(_month(quarter), theme_id): n for quarter, theme_id, n in rows})


def public_aggregates(today: date | None = None, quarters: int = 8) -> dict:
    """The network in aggregate for the public progress page; every count under 5 is suppressed.

    Only counts leave this function. No totals of suppressed cells are given, so none can be
    worked out by subtraction.
    """
    today = today or timezone.localdate()
    first = today.year * 4 + (today.month - 1) // 3 - (quarters - 1)  # quarters counted from year 0
    since = date(first // 4, first % 4 * 3 + 1, 1)
    active = KeyPerson.objects.filter(status=KeyPerson.Status.ACTIVE, erased_at__isnull=True)
    counts = active.aggregate(
        people=Count("pk", distinct=True), neighbourhoods=Count("neighbourhoods", distinct=True)
    )
    contacts = _per_quarter_and_theme(ContactMoment.objects, "occurred_on", "topics", since, today)
    signals = _per_quarter_and_theme(Signal.objects, "observed_on", "theme", since, today)
    themes = list(Topic.objects.all())
    quarter_starts = sorted({q for q, _t in contacts} | {q for q, _t in signals})
    rows = [
        {
            "quarter": quarter,
            "label": f"{quarter.year} K{(quarter.month - 1) // 3 + 1}",
            "contacts": [suppress(contacts.get((quarter, t.pk), 0)) for t in themes],
            "signals": [suppress(signals.get((quarter, t.pk), 0)) for t in themes],
        }
        for quarter in quarter_starts
    ]
    return {
        "active_key_persons": suppress(counts["people"]),
        "neighbourhoods_covered": suppress(counts["neighbourhoods"]),
        "themes": themes,
        "quarters": rows,
        "minimum": settings.PUBLIC_MINIMUM_COUNT,
    }
