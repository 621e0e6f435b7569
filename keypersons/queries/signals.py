"""Open signals and the actions that are overdue."""

from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from ..models import Action, Signal, SignalState


def open_signals() -> QuerySet[Signal]:
    return Signal.objects.exclude(state=SignalState.CLOSED).select_related("neighbourhood", "theme")


def signals_by_severity() -> list[tuple[str, int, int]]:
    counts = dict(open_signals().order_by().values_list("severity").annotate(n=Count("pk")))
    return [(label, value, counts.get(value, 0)) for value, label in reversed(Signal.Severity.choices)]


def overdue_actions(today: date | None = None) -> QuerySet[Action]:
    """Open actions past their due date, the earliest due first; not those with a restricted person (AVG art. 18)."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(done_on__isnull=True, due_on__lt=today)
        .exclude(key_person__restricted_at__isnull=False)
        .order_by("due_on", "pk")
    )


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
