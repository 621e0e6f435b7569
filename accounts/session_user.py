"""The signed-in user of a request, with their roles, permissions and second factor, in one query (issue 22).

Django's authentication middleware reads the user (one query), django-otp's middleware then reads the device the
session was confirmed with (one more), the first role check reads the user's groups and the first permission check
their own and their groups' permissions (two more): five round trips before a staff page has done anything. This
middleware takes the place of both middlewares and asks the database once, every request — nothing is cached, so
a role taken away, a deactivated account, a changed password or a removed device counts from the next request on,
as before:

- the session is verified exactly as `django.contrib.auth.get_user` does it (the backend must still be configured,
  the session's hash must match the user's, a fallback secret's hash renews the session, anything else ends it);
- the user row comes with their role names, their own and their groups' permissions, whether they speak for an
  organisation (the menu's "My portal"), and whether the device named in the session is theirs and confirmed (PostgreSQL's ARRAY subqueries, SQL written once per process); the permission caches
  filled are those `ModelBackend` fills itself (`_user_perm_cache`, `_group_perm_cache`, `_perm_cache`), for an
  active user who is not a superuser (a superuser has every permission, which `ModelBackend` answers itself);
- `user.otp_device` and `user.is_verified()` mean what django-otp's `OTPMiddleware` makes them mean: the device
  (read only if something uses more than the fact that there is one) or None, and a device that is not the user's
  or not confirmed is dropped from the session.

A backend with its own `get_user`, and SQLite (the demo), take Django's and django-otp's own way, query by query.
"""

from contextlib import suppress
from functools import lru_cache, partial

from asgiref.sync import sync_to_async
from django.apps import apps
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware, is_verified
from django_otp.models import Device

from maastricht_inclusie.prepared import prepared_cursor


class SessionUserMiddleware(AuthenticationMiddleware):
    """`request.user`: the session's user with roles, permissions and second factor, read in one query."""

    def process_request(self, request):
        super().process_request(request)  # its checks; then the user is ours
        request.user = SimpleLazyObject(partial(session_user, request))
        request.auser = partial(_auser, request)


async def _auser(request):
    return await sync_to_async(session_user)(request)


def session_user(request):
    if not hasattr(request, "_cached_user"):
        device = _session_device(request)
        user = _verified(request, _user_of_session(request, device))
        _second_factor(request, user, device)
        request._cached_user = user
    return request._cached_user


def _user_of_session(request, device):
    """The session's user as the backend that logged them in would give it, or None (`auth.get_user`'s steps)."""
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(request.session[auth.SESSION_KEY])
        backend_path = request.session[auth.BACKEND_SESSION_KEY]
    except (KeyError, ValueError, ValidationError):
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    backend = auth.load_backend(backend_path)
    if type(backend).get_user is not ModelBackend.get_user or connection.vendor != "postgresql":
        return backend.get_user(user_id)
    user = _with_rights(user_id, device)
    return user if user is not None and backend.user_can_authenticate(user) else None


def _verified(request, user):
    """`user` if the session's hash still matches theirs, else AnonymousUser and the session ended (as Django)."""
    if user is None:
        return AnonymousUser()
    session_hash = request.session.get(auth.HASH_SESSION_KEY)
    current = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, current):
        return user
    if session_hash and any(
        constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash()
    ):
        request.session.cycle_key()
        request.session[auth.HASH_SESSION_KEY] = current
        return user
    request.session.flush()
    return AnonymousUser()


@lru_cache
def _rights_sql(device_model) -> str:
    """The user row with their rights, as SQL written once per process (compiling the same query through the ORM
    on every request cost more than the five queries it replaces). Names come from the models; values are bound."""
    user_model = auth.get_user_model()
    user, groups, own = (
        user_model._meta,
        user_model.groups.through._meta,
        user_model.user_permissions.through._meta,
    )
    via_group, permission = Group.permissions.through._meta, Permission._meta
    label = (
        f"ct.app_label || '.' || p.codename FROM {permission.db_table} p "
        f"JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id"
    )
    memberships = user_model._meta.get_field("memberships")  # the organisations the user speaks for
    member = (
        f"EXISTS (SELECT 1 FROM {memberships.related_model._meta.db_table} m "  # noqa: S608 (names from the models)
        f"WHERE m.{memberships.field.column} = u.id) AS has_memberships"
    )
    device = (
        f"EXISTS (SELECT 1 FROM {device_model._meta.db_table} d "  # noqa: S608 (names from the models)
        "WHERE d.id = %s AND d.user_id = u.id AND d.confirmed)"
        if device_model
        else "FALSE"
    )
    return (
        f"SELECT u.*, "  # noqa: S608 (table and column names from the models; the values are bound)
        f"ARRAY (SELECT g.name FROM {Group._meta.db_table} g JOIN {groups.db_table} ug ON ug.group_id = g.id "
        f"WHERE ug.user_id = u.id) AS role_list, "
        f"ARRAY (SELECT {label} JOIN {own.db_table} up ON up.permission_id = p.id WHERE up.user_id = u.id) AS own_perms, "
        f"ARRAY (SELECT DISTINCT {label} JOIN {via_group.db_table} gp ON gp.permission_id = p.id "
        f"JOIN {groups.db_table} ug ON ug.group_id = gp.group_id WHERE ug.user_id = u.id) AS group_perms, "
        f"{member}, {device} AS device_ok FROM {user.db_table} u WHERE u.{user.pk.column} = %s"
    )


def _with_rights(user_id, device):
    """The user with role names, permissions and, for `device` (its model and pk), whether it is theirs and
    confirmed; None when there is no such user.

    The statement is prepared (`maastricht_inclusie/prepared.py`): planned once per connection, not on every
    request (0.35 ms for all of it, less than Django's own query for the user alone).
    """
    model, pk = device if device is not None else (None, None)
    user_model = auth.get_user_model()
    with prepared_cursor() as cursor:
        cursor.execute(_rights_sql(model), [pk, user_id] if model else [user_id])
        row = cursor.fetchone()
        columns = [column.name for column in cursor.description]
    if row is None:
        return None
    values = dict(zip(columns, row, strict=True))
    fields = user_model._meta.concrete_fields
    user = user_model.from_db(
        connection.alias, [f.attname for f in fields], [values.pop(f.column) for f in fields]
    )
    for name, value in values.items():  # the rights read with the user
        setattr(user, name, value)
    return user


def _session_device(request):
    """(model, pk) of the device the session's code was confirmed with, or None."""
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return None
    with suppress(ValueError, LookupError):
        label, pk = OTPMiddleware._normalize_persistent_id(persistent_id).rsplit("/", 1)
        model = apps.get_model(label)
        if issubclass(model, Device):
            return model, int(pk)
    return None


def _second_factor(request, user, device) -> None:
    """`user.otp_device` and `user.is_verified()` as django-otp's OTPMiddleware sets them."""
    user.otp_device = None
    user.is_verified = partial(is_verified, user)
    if not user.is_authenticated:
        return
    if hasattr(user, "role_list"):  # read with the user
        _fill_caches(user)
        if device is not None and user.device_ok:
            model, pk = device
            user.otp_device = SimpleLazyObject(lambda: model.objects.get(pk=pk))
    else:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        found = Device.from_persistent_id(persistent_id) if persistent_id else None
        if found is not None and found.user_id == user.pk and found.confirmed:
            user.otp_device = found
    if user.otp_device is None and DEVICE_ID_SESSION_KEY in request.session:
        del request.session[DEVICE_ID_SESSION_KEY]


def _fill_caches(user) -> None:
    user._role_names = frozenset(user.role_list)
    if user.is_active and not user.is_superuser:
        user._user_perm_cache = set(user.own_perms)
        user._group_perm_cache = set(user.group_perms)
        user._perm_cache = user._user_perm_cache | user._group_perm_cache
