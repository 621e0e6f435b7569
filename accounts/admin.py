from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_email import admin as _otp_email_admin  # noqa: F401 - registers; taken out below
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from maastricht_inclusie.admin_search import BoundedSearchMixin

from . import privileges
from .models import User


class RightsCheckedUserChangeForm(UserChangeForm):
    """The admin's user form: a change of rights the person may not make is an error beside the form."""

    actor = None  # set by UserAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        user = self.instance
        self.roles_before = privileges.role_names(user)
        self.flags_before = {flag: getattr(user, flag) for flag in privileges.FLAGS}
        self.roles_after = (
            {group.name for group in cleaned["groups"]} if "groups" in cleaned else set(self.roles_before)
        )
        flags_after = {flag: cleaned.get(flag, self.flags_before[flag]) for flag in privileges.FLAGS}
        permissions_changed = "user_permissions" in cleaned and set(cleaned["user_permissions"]) != set(
            user.user_permissions.all()
        )
        try:
            privileges.check_change(
                actor=self.actor, target=user, flags_before=self.flags_before, flags_after=flags_after,
                roles_before=self.roles_before, roles_after=self.roles_after,
                permissions_changed=permissions_changed,
            )  # fmt: skip
        except PermissionDenied as refused:
            raise ValidationError(str(refused)) from refused
        return cleaned


@admin.register(User)
class UserAdmin(BoundedSearchMixin, BaseUserAdmin):
    """Users and their roles. Nobody edits their own rights here; only superusers set superuser status and
    individual permissions; the network roles are the director's to give (`accounts/privileges.py`)."""

    form = RightsCheckedUserChangeForm
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ("language", "reminder_delivery")}))
    list_filter = (*BaseUserAdmin.list_filter, "language")

    def has_change_permission(self, request, obj=None):
        # The password page asks this too: an account whose rights the person may not hold is read-only.
        if (
            obj is not None
            and obj.pk != request.user.pk
            and not privileges.may_manage_account(request.user, obj)
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not privileges.may_manage_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return list(dict.fromkeys(readonly))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, RightsCheckedUserChangeForm):
            form = type(form.__name__, (form,), {"actor": request.user})
        return form

    def save_model(self, request, obj, form, change):
        if isinstance(form, RightsCheckedUserChangeForm):
            # The form's clean() judged the flags together with the roles saved right after this; the
            # model guard would see the old roles (and the roles are checked again when they are saved).
            obj._rights_checked_with = privileges.current_actor()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and isinstance(form, RightsCheckedUserChangeForm):
            user = form.instance
            roles_after = privileges.role_names(user)
            flags_after = {flag: getattr(user, flag) for flag in privileges.FLAGS}
            if roles_after != form.roles_before or flags_after != form.flags_before:
                privileges.notify_after_commit(
                    user=user, by=request.user, roles_before=form.roles_before, roles_after=roles_after,
                    flags_before=form.flags_before, flags_after=flags_after,
                )  # fmt: skip


# The admins of the libraries' models search in bounds too (the audit log searches its whole change text).
class _OwnDevicesOnlyWhereAllowed:
    """Removing a second factor is taking over the account: only where the account may be managed."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not privileges.may_manage_account(request.user, obj.user):
            return False
        return super().has_delete_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not privileges.may_manage_account(request.user, obj.user):
            return False
        return super().has_change_permission(request, obj)


def _bounded(model, base, *extra):
    admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (*extra, BoundedSearchMixin, base), {}))


_bounded(LogEntry, LogEntryAdmin)
# django-axes' login attempts, logins and failures: searched by address, user name, browser and path.
_bounded(AccessAttempt, AccessAttemptAdmin)
_bounded(AccessLog, AccessLogAdmin)
_bounded(AccessFailureLog, AccessFailureLogAdmin)
_bounded(Group, GroupAdmin)
# The code mailed at the soft limit is the login's own mechanism, not a device anyone manages or reads.
admin.site.unregister(EmailDevice)
_bounded(TOTPDevice, TOTPDeviceAdmin, _OwnDevicesOnlyWhereAllowed)
_bounded(StaticDevice, StaticDeviceAdmin, _OwnDevicesOnlyWhereAllowed)
