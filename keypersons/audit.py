"""The access log: one row for every read and change of key-person data (AVG art. 5(2) and 32)."""

from django.db import models

from .models import AccessLog


def log_access(user, what: str, record: models.Model | type[models.Model], *, path: str = "") -> AccessLog:
    """Write who did `what` to `record` (an instance, or a model class for a list), and on which page."""
    model = record if isinstance(record, type) else type(record)
    return AccessLog.objects.create(
        user=user,
        what=what,
        object_type=model._meta.model_name,
        object_id=None if isinstance(record, type) else record.pk,
        path=path[:300],
    )


def log_request(request, what: str, record) -> AccessLog:
    return log_access(request.user, what, record, path=request.path)
