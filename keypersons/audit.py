"""The access log: one row for every read and change of key-person data (AVG art. 5(2) and 32).

A page that shows key persons by name says which (`shown`): their ids are written beside the row, so a
person's export can say who saw them, when and on which page, lists included.
"""

from collections.abc import Iterable

from django.db import connection, models

from maastricht_inclusie.prepared import prepared_cursor

from .models import AccessLog, KeyPerson, ShownPerson


def _ids(shown: Iterable) -> list[int]:
    ids = set()
    for item in shown:
        pk = item.pk if isinstance(item, KeyPerson) else item
        if pk is not None:
            ids.add(int(pk))
    return sorted(ids)


def log_access(
    user, what: str, record: models.Model | type[models.Model], *, path: str = "", shown: Iterable = (),
    detail: str = "",
) -> AccessLog:  # fmt: skip
    """Write who did `what` to `record` (an instance, or a model class for a list), on which page, and which
    key persons (instances or ids) the page showed by name."""
    model = record if isinstance(record, type) else type(record)
    entry = AccessLog(
        user=user,
        what=what,
        object_type=model._meta.model_name,
        object_id=None if isinstance(record, type) else record.pk,
        path=path[:300],
        detail=detail[:200],
    )
    ids = _ids(shown)
    if isinstance(record, KeyPerson) and record.pk is not None and record.pk not in ids:
        ids = sorted([*ids, record.pk])
    if ids and connection.vendor == "postgresql":
        _insert_with_shown(entry, ids)
        return entry
    entry.save()
    if ids:
        ShownPerson.objects.bulk_create([ShownPerson(entry=entry, key_person_id=pk) for pk in ids])
    return entry


def _insert_with_shown(entry: AccessLog, ids: list[int]) -> None:
    """The entry and the persons it showed in one statement (PostgreSQL): one round trip and one commit for a
    page that names people on every visit (the network's dashboard), all of it written or none."""
    log, shown = AccessLog._meta.db_table, ShownPerson._meta.db_table
    with prepared_cursor() as cursor:  # the same text on every visit: planned once per connection
        cursor.execute(
            f"WITH entry AS (INSERT INTO {log} (at, user_id, what, object_type, object_id, path, detail) "  # noqa: S608 (table names from the models)
            "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id) "
            f"INSERT INTO {shown} (entry_id, key_person_id) "
            "SELECT entry.id, shown.id FROM entry, unnest(%s::bigint[]) AS shown(id) RETURNING entry_id",
            [
                entry.at,
                entry.user_id,
                entry.what,
                entry.object_type,
                entry.object_id,
                entry.path,
                entry.detail,
                ids,
            ],
        )
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False


def log_request(request, what: str, record, *, shown: Iterable = ()) -> AccessLog:
    user = request.user if request.user.is_authenticated else None
    return log_access(user, what, record, path=request.path, shown=shown)
