"""Who may change whose rights: nobody raises their own, and the network roles are the director's to give.

A user's rights are their flags (`is_superuser`, `is_staff`), their roles (groups) and their own
permissions. The rules (BIO2 / ASVS 5.0 V8, least privilege and separation of duties):

- nobody changes their own flags, roles or permissions;
- only a superuser sets `is_superuser` or a user's own permissions;
- `is_staff` (the admin) goes only with a role that works in the admin, unless a superuser sets it;
- the network roles (director, network staff) reach the key-person data (AVG art. 9): only the director
  or a superuser who logged in with a second factor gives or takes them; the application manager
  manages every other role.

`check_change()` is the rule; the admin's user form calls it in `clean()` so a person sees why, and a
model-level guard (`guard_*`, connected in `AccountsConfig.ready`) calls it again for every write made
while a person is acting (`acting_as`, set by `ActorMiddleware`), so a forged POST fails too. Writes made
by management commands, migrations and services outside a request are not people acting and pass.
"""

import contextvars
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .roles import APPLICATION_MANAGER, DIRECTOR, NETWORK_STAFF, POLICY_OFFICER

NETWORK_ROLES = frozenset({DIRECTOR, NETWORK_STAFF})
# The roles whose work is partly in the admin: is_staff goes with them.
ADMIN_ROLES = frozenset({POLICY_OFFICER, APPLICATION_MANAGER})
FLAGS = ("is_superuser", "is_staff")

_actor: contextvars.ContextVar = contextvars.ContextVar("accounts_actor", default=None)


@contextmanager
def acting_as(user_or_request):
    """Everything written inside is checked as a change by this user (or, lazily, by the request's user)."""
    token = _actor.set(user_or_request)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    """The person acting now, or None (no request, or an anonymous visitor)."""
    actor = _actor.get()
    actor = getattr(actor, "user", actor)  # a request: its user is only loaded when a user is written
    return actor if actor is not None and actor.is_authenticated else None


def may_give_network_roles(actor) -> bool:
    """The director, or a superuser who has confirmed a second factor in this session."""
    if actor.has_role(DIRECTOR):
        return True
    if actor.is_superuser:
        verified = getattr(actor, "is_verified", lambda: False)()
        return verified or not settings.TWO_FACTOR_REQUIRED
    return False


def may_manage_account(actor, target) -> bool:
    """Whether `actor` may change `target`'s account at all (details, password, active, second factor).

    Whoever could take over an account could use its rights: so only a superuser manages a superuser's
    account, and only a superuser or the director an account that holds a network role. Otherwise an
    application manager could reset the director's password and second factor and log in as them.
    """
    if actor.is_superuser or target.pk is None:
        return True
    if target.is_superuser:
        return False
    if role_names(target) & NETWORK_ROLES:
        return actor.has_role(DIRECTOR) and target.pk != actor.pk
    return True


def check_change(
    *,
    actor,
    target,
    flags_before: dict,
    flags_after: dict,
    roles_before: Iterable[str],
    roles_after: Iterable[str],
    permissions_changed: bool = False,
) -> None:
    """Refuse a change of `target`'s rights that `actor` may not make (raises PermissionDenied)."""
    roles_before, roles_after = set(roles_before), set(roles_after)
    changed_flags = {flag for flag in FLAGS if bool(flags_before.get(flag)) != bool(flags_after.get(flag))}
    changed_roles = roles_before ^ roles_after
    if not (changed_flags or changed_roles or permissions_changed):
        return
    if target.pk is not None and target.pk == actor.pk:
        raise PermissionDenied(_("Nobody can change their own roles or rights; ask a colleague."))
    if not actor.is_superuser:
        if "is_superuser" in changed_flags or permissions_changed:
            raise PermissionDenied(_("Only a superuser gives superuser status or individual permissions."))
        if flags_after.get("is_staff") and "is_staff" in changed_flags and not roles_after & ADMIN_ROLES:
            raise PermissionDenied(
                _("Admin access goes with the role of policy officer or application manager.")
            )
    if changed_roles & NETWORK_ROLES and not may_give_network_roles(actor):
        raise PermissionDenied(
            _("Only the polarisation director gives or takes the roles of the key-person network.")
        )
    if changed_roles - NETWORK_ROLES and not (actor.is_superuser or actor.has_role(APPLICATION_MANAGER)):
        raise PermissionDenied(_("Only the application manager gives or takes roles."))


@transaction.atomic
def set_network_role(*, by, user, role: str, holds: bool):
    """Give (`holds=True`) or take a network role, as the director does on their own page under /netwerk/.

    The same rule as every change of rights (`check_change`), audit-logged by django-auditlog (the user's
    groups) and mailed to the director and the application managers after the commit.
    """
    from django.contrib.auth.models import Group

    if role not in NETWORK_ROLES:
        raise PermissionDenied(_("This page gives only the roles of the key-person network."))
    user = type(user).objects.select_for_update().get(pk=user.pk)
    before = role_names(user)
    after = before | {role} if holds else before - {role}
    if after == before:
        return user
    flags = {flag: getattr(user, flag) for flag in FLAGS}
    check_change(
        actor=by, target=user, flags_before=flags, flags_after=flags, roles_before=before, roles_after=after
    )
    group, _created = Group.objects.get_or_create(name=role)
    with acting_as(by):
        (user.groups.add if holds else user.groups.remove)(group)
    notify_after_commit(
        user=user, by=by, roles_before=before, roles_after=after, flags_before=flags, flags_after=flags
    )
    return user


def notify_after_commit(
    *, user, by, roles_before, roles_after, flags_before: dict, flags_after: dict
) -> None:
    """Once the change has committed, the director and the application managers are told (through the outbox)."""
    from outbox import services as outbox

    change = {
        "user_id": user.pk, "by_id": by.pk, "roles_before": sorted(roles_before), "roles_after": sorted(roles_after),
        "flags_before": dict(flags_before), "flags_after": dict(flags_after),
    }  # fmt: skip
    outbox.enqueue("accounts.tasks.send_rights_changed_mail", **change)


def role_names(user) -> set[str]:
    if user.pk is None:
        return set()
    return set(user.groups.values_list("name", flat=True))


# -- the model-level guard ---------------------------------------------------------------------------


def guard_flags(sender, instance, raw=False, **kwargs):
    """pre_save of User: flags changed while a person is acting are checked against the rules."""
    actor = current_actor()
    if actor is None or raw or getattr(instance, "_rights_checked_with", None) is actor:
        return  # the admin's form checked this save with the roles it saves next (`UserAdmin.save_model`)
    before = dict.fromkeys(FLAGS, False)
    if instance.pk is not None:
        stored = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()
        before = stored or before
    after = {flag: getattr(instance, flag) for flag in FLAGS}
    roles = role_names(instance)
    check_change(
        actor=actor, target=instance, flags_before=before, flags_after=after, roles_before=roles,
        roles_after=roles,
    )  # fmt: skip


def guard_groups(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed of User.groups: roles given or taken while a person is acting are checked."""
    actor = current_actor()
    if actor is None or action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    from django.contrib.auth.models import Group

    if not reverse:
        users = [instance]
    elif action == "pre_clear":  # group.user_set.clear(): Django names no users, so take the group's members
        users = list(instance.user_set.all())
    else:
        users = list(model.objects.filter(pk__in=pk_set or []))
    for user in users:
        before = role_names(user)
        if reverse:
            changed = {instance.name}
        elif action == "pre_clear":
            changed = before
        else:
            changed = set(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
        after = before | changed if action == "pre_add" else before - changed
        flags = {flag: getattr(user, flag) for flag in FLAGS}
        check_change(
            actor=actor, target=user, flags_before=flags, flags_after=flags, roles_before=before,
            roles_after=after,
        )  # fmt: skip


def guard_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed of User.user_permissions: only a superuser, and never on their own account."""
    actor = current_actor()
    if actor is None or action not in ("pre_add", "pre_remove", "pre_clear") or reverse:
        return
    if action == "pre_clear" and not instance.user_permissions.exists():
        return
    roles = role_names(instance)
    flags = {flag: getattr(instance, flag) for flag in FLAGS}
    check_change(
        actor=actor, target=instance, flags_before=flags, flags_after=flags, roles_before=roles,
        roles_after=roles, permissions_changed=True,
    )  # fmt: skip


def is_in_use(user) -> bool:
    """Whether the account has been taken up by its owner: a password of their own, or a login."""
    return user.has_usable_password() or user.last_login is not None


def guard_email(sender, instance, raw=False, **kwargs):
    """pre_save of User: the address that password links go to is the owner's to change (or a superuser's) once
    the account is in use; otherwise whoever manages accounts could send a reset link to an address of their own.
    An invitation not yet taken up can still be corrected."""
    actor = current_actor()
    if actor is None or raw or instance.pk is None or actor.is_superuser or actor.pk == instance.pk:
        return
    stored = sender.objects.filter(pk=instance.pk).only("email", "password", "last_login").first()
    if stored is not None and stored.email != instance.email and is_in_use(stored):
        raise PermissionDenied(_("Only its owner changes the e-mail address of an account in use."))
