"""The access log: one row for every read and change of key-person data (AVG art. 5(2) and 32).

A page that shows key persons by name says which (`shown`): their ids are written beside the row, so a
person's export can say who saw them, when and on which page, lists included.
"""

from collections.abc import Iterable

from django.db import models

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
    entry = AccessLog.objects.create(
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
    if ids:
        ShownPerson.objects.bulk_create([ShownPerson(entry=entry, key_person_id=pk) for pk in ids])
    return entry


def log_request(request, what: str, record, *, shown: Iterable = ()) -> AccessLog:
    user = request.user if request.user.is_authenticated else None
    return log_access(user, what, record, path=request.path, shown=shown)
