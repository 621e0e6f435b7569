from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their preferences, roles, two-factor login and the staff session timeout.

    The app label stays ``maastricht_inclusie``: the custom user model was created under that label,
    and every other app's migrations (and every foreign key to a user) name it through
    ``AUTH_USER_MODEL``. Django does not support changing ``AUTH_USER_MODEL`` once tables exist (the
    applied migrations of the other apps would depend on a migration that was never applied), so the
    code moved here and the label, the tables and the migration history stayed as they were.
    """

    name = "accounts"
    label = "maastricht_inclusie"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import m2m_changed, post_delete, pre_save
        from django_otp import device_classes
        from django_otp.plugins.otp_email.models import EmailDevice
        from two_factor.plugins.registry import registry

        from . import login_limit, privileges
        from .forms import AuthenticatorAppMethod
        from .middleware import start_idle_timer_at_login
        from .models import User
        from .roles import sync_roles_after_migrate
        from .sessions import end_sessions_when_a_device_goes

        # Rights change only as `privileges.check_change` allows, whatever form or request writes them.
        pre_save.connect(privileges.guard_flags, sender=User, dispatch_uid="accounts.guard_flags")
        pre_save.connect(privileges.guard_email, sender=User, dispatch_uid="accounts.guard_email")
        m2m_changed.connect(
            privileges.guard_groups, sender=User.groups.through, dispatch_uid="accounts.guard_groups"
        )
        m2m_changed.connect(
            privileges.guard_permissions,
            sender=User.user_permissions.through,
            dispatch_uid="accounts.guard_perms",
        )

        # A removed second factor ends its owner's sessions, however it is removed (a mailed login code is no factor).
        for device_class in device_classes():
            if issubclass(device_class, EmailDevice):
                continue
            post_delete.connect(
                end_sessions_when_a_device_goes,
                sender=device_class,
                dispatch_uid=f"accounts.end_sessions.{device_class._meta.label}",
            )

        # Every failed login counts towards the account's soft limit, from whatever address (django-axes, connected
        # to the same signal, counts per address).
        user_login_failed.connect(login_limit.record_failure, dispatch_uid="accounts.login_limit")

        # Like Django's own permissions, the roles are brought up to date after every migrate.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
        # A staff member's idle timer starts with the login (which writes the session anyway).
        user_logged_in.connect(start_idle_timer_at_login, dispatch_uid="accounts.idle_timer")
        # The authenticator app is the only second factor, with the portal's forms (accounts/forms.py).
        registry.unregister("generator")
        registry.register(AuthenticatorAppMethod())
