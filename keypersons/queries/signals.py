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
