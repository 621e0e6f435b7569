from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_email import admin as _otp_email_admin  # noqa: F401 - registers; taken out below
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from maastricht_inclusie.admin_search import BoundedSearchMixin

from . import privileges, services
from .models import User


class RightsCheckedUserChangeForm(UserChangeForm):
    """The admin's user form: a change of rights the person may not make is an error beside the form."""

    actor = None  # set by UserAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.actor is not None and not self.actor.is_superuser:
            self.fields.pop("password", None)  # and with it the link to the admin's password form

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


class InvitationForm(forms.ModelForm):
    """A new account made by someone who is not a superuser: without a password. Its owner chooses one from the
    invitation mailed to the address given here (`services.invite`)."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The owner is sent a link here to choose their password; nobody else ever sets or sees it."
        )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(self.instance.unique_error_message(User, ["username"]))
        return username

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(BoundedSearchMixin, BaseUserAdmin):
    """Users and their roles. Nobody edits their own rights here; only superusers set superuser status and
    individual permissions; the network roles are the director's to give (`accounts/privileges.py`).

    Only a superuser sets a password here. Anyone else who manages accounts makes them without one (the owner is
    invited to choose it) and sends a link to choose a new one (`accounts/services.py`)."""

    form = RightsCheckedUserChangeForm
    actions = ["send_password_link"]
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

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return (
                (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email")}),
            )
        (name, options), *rest = super().get_fieldsets(request, obj)
        return ((name, {**options, "fields": ("username", "password_status")}), *rest)

    @admin.display(description=_("password"))
    def password_status(self, obj):
        if obj.has_usable_password():
            return _(
                "Chosen by its owner. Forgotten? Select the account in the list and send a link to set a new one."
            )
        return _(
            "Not chosen yet: the owner was sent an invitation. To send it again, select the account in the list."
        )

    def user_change_password(self, request, id, form_url=""):
        # Django's password form sets a password that its author then knows: a superuser's tool only.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.action(description=_("Send a link to set a new password"), permissions=["change"])
    def send_password_link(self, request, queryset):
        sent = 0
        for user in queryset:
            try:
                services.send_password_link(user=user, by=request.user)
                sent += 1
            except (PermissionDenied, ValidationError) as refused:
                message = " ".join(getattr(refused, "messages", [str(refused)]))
                self.message_user(request, f"{user.username}: {message}", messages.WARNING)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A link was e-mailed to %(count)d user.", "A link was e-mailed to %(count)d users.", sent
                )
                % {"count": sent},
            )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions", "password_status"]
            if obj is not None and obj.pk != request.user.pk and privileges.is_in_use(obj):
                readonly.append("email")  # password links go there: only its owner changes it
        if obj is not None and obj.pk == request.user.pk:
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return list(dict.fromkeys(readonly))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = InvitationForm
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
        if isinstance(form, InvitationForm):
            services.invite(user=obj, by=request.user)  # mailed once the account is saved

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
