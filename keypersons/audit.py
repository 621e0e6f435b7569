"""The access log: one row for every read and change of key-person data (AVG art. 5(2) and 32).

A page that shows key persons by name says which (`shown`): their ids are written beside the row, so a
person's export can say who saw them, when and on which page, lists included.
"""

from collections.abc import Iterable
from functools import lru_cache

from django.db import connection, models, transaction

from maastricht_inclusie.prepared import prepared_cursor

from .models import AccessLog, KeyPerson, ShownPerson

# The fields of an entry, in the order `entry_sql` binds them (`entry_params`).
FIELDS = ("at", "user", "what", "object_type", "object_id", "path", "detail")


def _ids(shown: Iterable) -> list[int]:
    ids = set()
    for item in shown:
        pk = item.pk if isinstance(item, KeyPerson) else item
        if pk is not None:
            ids.add(int(pk))
    return sorted(ids)


def new_entry(
    user, what: str, record: models.Model | type[models.Model], *, path: str = "", detail: str = ""
) -> AccessLog:
    """The entry for who did `what` to `record` (an instance, or a model class for a list) on which page, not yet
    written: `log_access` writes it, or a statement that also reads what the page shows (queries.dashboard)."""
    model = record if isinstance(record, type) else type(record)
    return AccessLog(
        user=user,
        what=what,
        object_type=model._meta.model_name,
        object_id=None if isinstance(record, type) else record.pk,
        path=path[:300],
        detail=detail[:200],
    )


def request_entry(request, what: str, record) -> AccessLog:
    """`new_entry` for this request's user and page."""
    user = request.user if request.user.is_authenticated else None
    return new_entry(user, what, record, path=request.path)


def log_access(
    user, what: str, record: models.Model | type[models.Model], *, path: str = "", shown: Iterable = (),
    detail: str = "",
) -> AccessLog:  # fmt: skip
    """Write who did `what` to `record` (an instance, or a model class for a list), on which page, and which
    key persons (instances or ids) the page showed by name."""
    entry = new_entry(user, what, record, path=path, detail=detail)
    ids = _ids(shown)
    if isinstance(record, KeyPerson) and record.pk is not None and record.pk not in ids:
        ids = sorted([*ids, record.pk])
    if ids and connection.vendor == "postgresql":
        _insert_with_shown(entry, ids)
        return entry
    save_with_shown(entry, ids)
    return entry


def save_with_shown(entry: AccessLog, ids: Iterable[int]) -> None:
    """The entry and the persons it showed through the ORM (the demo's SQLite), all of it written or none."""
    ids = _ids(ids)
    if not ids:
        entry.save()  # one statement
        return
    with transaction.atomic():
        entry.save()
        ShownPerson.objects.bulk_create([ShownPerson(entry=entry, key_person_id=pk) for pk in ids])


@lru_cache
def entry_sql() -> str:
    """The INSERT of one entry, returning its id; its values are `entry_params`."""
    columns = ", ".join(AccessLog._meta.get_field(name).column for name in FIELDS)
    values = ", ".join(["%s"] * len(FIELDS))
    return f"INSERT INTO {AccessLog._meta.db_table} ({columns}) VALUES ({values}) RETURNING id"  # noqa: S608 (names from the model)


def entry_params(entry: AccessLog) -> list:
    return [getattr(entry, AccessLog._meta.get_field(name).attname) for name in FIELDS]


def _insert_with_shown(entry: AccessLog, ids: list[int]) -> None:
    """The entry and the persons it showed in one statement (PostgreSQL): one round trip and one commit,
    all of it written or none."""
    with prepared_cursor() as cursor:  # the same text on every visit: planned once per connection
        cursor.execute(
            f"WITH entry AS ({entry_sql()}) INSERT INTO {ShownPerson._meta.db_table} (entry_id, key_person_id) "  # noqa: S608 (names from the models)
            "SELECT entry.id, shown.id FROM entry, unnest(%s::bigint[]) AS shown(id) RETURNING entry_id",
            [*entry_params(entry), ids],
        )
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False


def log_request(request, what: str, record, *, shown: Iterable = ()) -> AccessLog:
    user = request.user if request.user.is_authenticated else None
    return log_access(user, what, record, path=request.path, shown=shown)
