"""The dashboard at /netwerk/: the figures it may cache and the people and actions it may not.

What the dashboard shows comes in two kinds. The figures (counts, signals by severity, the heat map, the thin
neighbourhoods) are about neighbourhoods and themes, never a person: the view caches them under the network's and
the registry's data versions. The named rows (the overdue actions, the persons we are losing touch with) carry
names and descriptions, which never go into a cache; what is cached of them is which rows to show, in which
order, with the dates and the cadence worked out, and the page around them, rendered with holes where the names
and descriptions go (`plan`, `masked.py`). A visit then reads only the names, descriptions and owners of those
few rows by primary key (`named`): one small indexed read, however large the network, in the same statement as
the access-log entry that names the persons read.
Every write to the network (a contact, an action done, a person erased or restricted) changes the version, so
the plan is made again on the next visit.
"""

import unicodedata
from datetime import date
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.text import Truncator

from maastricht_inclusie.prepared import prepared_cursor

from .. import audit
from ..masked import hole
from ..models import AccessLog, Action, KeyPerson, ShownPerson
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
    """The rows the dashboard names, in order, for its cached body: each name, description and owner a hole
    (`masked.hole`), so that nothing about a person is in it.

    The actions: the open ones longest past their due date, each with the signal it is about (its theme,
    neighbourhood and date: no description). The persons: those whose contact is most overdue, with their last
    contact and cadence (`people.losing_touch`, whose names are not kept).
    """
    today = today or timezone.localdate()
    actions = overdue_actions(today).select_related("signal__neighbourhood", "signal__theme")
    actions = actions.only(
        "signal__observed_on", "signal__neighbourhood__name", "signal__theme__name", "signal__theme__name_en",
        "key_person", "due_on",
    )[:limit]  # fmt: skip
    return {
        "actions": [
            {"pk": a.pk, "due_on": a.due_on, "signal": a.signal, "key_person_id": a.key_person_id,
             "person": hole("p", a.key_person_id or ""), "description": hole("d", a.pk), "short": hole("s", a.pk),
             "owner": hole("o", a.pk)}
            for a in actions
        ],
        "people": [
            {"pk": p.pk, "name": hole("p", p.pk), "last_contact": p.last_contact, "cadence": p.cadence}
            for p in losing_touch(today, limit=limit)
        ],
    }  # fmt: skip


def named(actions: list[int], people: list[int], *, log: AccessLog) -> tuple[dict[str, str], list[int]]:
    """What fills the holes of the cached body, read now (by primary key, never cached): each action's description
    and owner, each key person's name; and the ids of the persons named. The access-log entry `log` (not yet
    written) is written with them, naming exactly the persons read (AVG art. 5(2)): all of it or nothing.

    A row changed since the body was cached (done, erased, restricted) gets no value (its holes stay empty) and is
    not logged as shown; the change has moved the network's version, so the next visit renders the body again.
    """
    if connection.vendor != "postgresql":
        return _named_by_orm(actions, people, log=log)
    with prepared_cursor() as cursor:  # one statement, written once (`_named_and_logged_sql`) and prepared
        cursor.execute(_named_and_logged_sql(), [actions, people, actions, *audit.entry_params(log)])
        rows = cursor.fetchall()
    log.pk, log._state.adding = rows[0][0], False
    return _values([row[1:] for row in rows if row[1] is not None])


@lru_cache
def _named_sql() -> str:
    """The open actions among `actions` with their owners, and the persons among `people` and those actions'
    persons who are neither erased nor restricted: the same rows as `_named_by_orm`, in one statement whose text
    is the same on every visit (the ORM spent more building the two queries than the database answering them).
    The persons are one list of ids, so that they are read by primary key (with an OR, every key person was read).
    """
    action, person, user = Action._meta, KeyPerson._meta, get_user_model()._meta
    owner, of_person = action.get_field("owner").column, action.get_field("key_person").column
    return (
        f"SELECT 'a' AS kind, a.id, a.{of_person} AS person, a.description AS text, u.username, u.first_name, "  # noqa: S608 (names from the models; values bound)
        f"u.last_name FROM {action.db_table} a LEFT JOIN {user.db_table} u ON u.id = a.{owner} "
        "WHERE a.id = ANY(%s) AND a.done_on IS NULL "
        f"UNION ALL SELECT 'p', k.id, NULL, k.name, NULL, NULL, NULL FROM {person.db_table} k "
        "WHERE k.erased_at IS NULL AND k.restricted_at IS NULL AND k.id = ANY(%s::bigint[] || ARRAY("
        f"SELECT a.{of_person} FROM {action.db_table} a WHERE a.id = ANY(%s) AND a.done_on IS NULL))"
    )


@lru_cache
def _named_and_logged_sql() -> str:
    """`_named_sql`, the access-log entry and a row for each person it names, in one statement: one round trip
    instead of two on every visit, and the persons logged as shown are the very rows read (the statement's
    sub-statements share one snapshot and `named` is read once). The entry is written even when no one is named;
    its id comes first on every row, alone on the one row of a page that names no one."""
    shown = ShownPerson._meta.db_table
    return (
        f"WITH named AS ({_named_sql()}), entry AS ({audit.entry_sql()}), "  # noqa: S608 (names from the models; values bound)
        f"shown AS (INSERT INTO {shown} (entry_id, key_person_id) "
        "SELECT entry.id, named.id FROM entry, named WHERE named.kind = 'p' ORDER BY named.id) "
        "SELECT entry.id, named.* FROM entry LEFT JOIN named ON true"
    )


SHORT = 40


def _short(text: str) -> str:
    """`Truncator(text).chars(SHORT)`, without building a Truncator for the many texts it leaves whole: a text of at
    most SHORT code points has at most SHORT characters, and comes back in its composed form (NFC)."""
    if len(text) <= SHORT:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(SHORT)


def _values(rows) -> tuple[dict[str, str], list[int]]:
    values: dict[str, str] = {}
    shown = []
    for kind, pk, _person, text, username, first_name, last_name in rows:
        if kind == "p":
            values[f"p{pk}"] = text
            shown.append(pk)
            continue
        values[f"d{pk}"] = linebreaksbr(text, autoescape=True)
        values[f"s{pk}"] = _short(text)
        values[f"o{pk}"] = f"{first_name or ''} {last_name or ''}".strip() or (username or "")
    return values, shown


def _named_by_orm(
    actions: list[int], people: list[int], *, log: AccessLog
) -> tuple[dict[str, str], list[int]]:
    """`named` on a database other than PostgreSQL (the demo's SQLite): two queries and the entry, in a
    transaction."""
    with transaction.atomic():
        rows = Action.objects.filter(pk__in=actions or NONE, done_on__isnull=True).values_list(
            "pk", "key_person_id", "description", "owner__username", "owner__first_name", "owner__last_name"
        )
        rows = [("a", *row) for row in rows]
        persons = [*people, *(row[2] for row in rows if row[2])]
        names = KeyPerson.objects.filter(
            pk__in=persons or NONE, erased_at__isnull=True, restricted_at__isnull=True
        ).values_list("pk", "name")
        values, shown = _values([*rows, *(("p", pk, None, name, None, None, None) for pk, name in names)])
        audit.save_with_shown(log, shown)
    return values, shown
