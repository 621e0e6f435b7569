"""The dashboard at /netwerk/: the figures it may cache and the people and actions it may not."""

from datetime import date

from django.utils import timezone

from .contacts import heat_map
from .networks import thin_neighbourhoods
from .people import losing_touch
from .signals import most_overdue_actions, open_signals, overdue_actions, signals_by_severity


def network_overview(today: date | None = None, period: str = "week") -> dict:
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
        "heat_map": heat_map(today, period),
        "thin": list(thin_neighbourhoods()[:10]),
    }


def dashboard(today: date | None = None) -> dict:
    """The dashboard's actions and people: read on every visit, never cached, so that a change or
    an erasure shows at once."""
    today = today or timezone.localdate()
    return {"overdue_actions": most_overdue_actions(today), "losing_touch": losing_touch(today)}
