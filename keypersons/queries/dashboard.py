"""The dashboard at /netwerk/: the figures it may cache and the people and actions it may not.

What the dashboard shows comes in two kinds. The figures (counts, signals by severity, the heat map, the thin
neighbourhoods) are about neighbourhoods and themes, never a person: the view caches them under the network's and
the registry's data versions. The named rows (the overdue actions, the persons we are losing touch with) carry
names and descriptions, which never go into a cache; what is cached of them is which rows to show, in which
order, by id (`plan`), with the dates and the cadence worked out. A visit then reads only the names and
descriptions of those few rows by primary key (`named`): two small indexed reads, however large the network.
Every write to the network (a contact, an action done, a person erased or restricted) changes the version, so
the plan is made again on the next visit.
"""

from datetime import date

from django.utils import timezone

from ..models import Action, KeyPerson, Signal
from .contacts import heat_map
from .networks import thin_neighbourhoods
from .people import losing_touch
from .signals import open_signals, overdue_actions, signals_by_severity

SHOWN = 10  # overdue actions and persons losing touch, each
# No row has it: an empty list of ids still runs its query (Django skips a query on `pk__in=[]`), so that a visit
# runs the same queries whatever it shows.
NONE = [0]


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


def plan(today: date | None = None, limit: int = SHOWN) -> dict:
    """Which actions and persons the dashboard names, in order, by id: no name, note or description, so that
    it may be cached under the network's and the registry's versions.

    The actions: the open ones longest past their due date, each with the signal it is about (its theme,
    neighbourhood and date: no description). The persons: those whose contact is most overdue, each with their
    last contact and cadence (`people.losing_touch`, whose names are not kept).
    """
    today = today or timezone.localdate()
    actions = list(overdue_actions(today).values_list("pk", "signal_id")[:limit])
    signals = Signal.objects.filter(pk__in=[signal for _pk, signal in actions if signal] or NONE)
    signals = signals.select_related("neighbourhood", "theme").only(
        "observed_on", "neighbourhood__name", "theme__name", "theme__name_en"
    )
    by_pk = {signal.pk: signal for signal in signals}
    return {
        "actions": [(pk, by_pk.get(signal)) for pk, signal in actions],
        "people": [(p.pk, p.last_contact, p.cadence) for p in losing_touch(today, limit=limit)],
    }


def named(planned: dict) -> dict:
    """The planned rows with their names and descriptions, read now (two queries by primary key, never cached):
    the overdue actions (with their owner and key person) and the persons we are losing touch with.

    A row changed since the plan was made (done, erased, restricted) is left out; the plan itself is made again
    on the next visit, as the change has moved the network's version.
    """
    ids = [pk for pk, _signal in planned["actions"]]
    found = Action.objects.filter(pk__in=ids or NONE, done_on__isnull=True).select_related(
        "owner", "key_person"
    )
    found = found.only(
        "signal", "description", "due_on", "done_on", "cancel_reason", "key_person__name",
        "key_person__erased_at", "owner__username", "owner__first_name", "owner__last_name",
    )  # fmt: skip
    by_pk = {action.pk: action for action in found}
    actions = []
    for pk, signal in planned["actions"]:
        action = by_pk.get(pk)
        if action is None:
            continue
        if action.signal_id and signal is not None and signal.pk == action.signal_id:
            action.signal = signal  # else changed in between: read when shown
        actions.append(action)
    people_ids = [pk for pk, _last, _cadence in planned["people"]]
    names = dict(
        KeyPerson.objects.filter(pk__in=people_ids or NONE, erased_at__isnull=True, restricted_at__isnull=True)
        .values_list("pk", "name")
    )  # fmt: skip
    people = []
    for pk, last_contact, cadence in planned["people"]:
        if pk in names:
            person = KeyPerson(pk=pk, name=names[pk])
            person.last_contact, person.cadence = last_contact, cadence
            people.append(person)
    return {"overdue_actions": actions, "losing_touch": people}
