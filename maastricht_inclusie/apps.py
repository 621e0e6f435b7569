from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MaastrichtInclusieConfig(AppConfig):
    name = "maastricht_inclusie"
    verbose_name = _("Maastricht Inclusie")

    def ready(self):
        from .data_version import install_after_migrate
        from .middleware import start_idle_timer_at_login
        from .roles import sync_roles_after_migrate

        # Like Django's own permissions, the roles are brought up to date after every migrate.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="maastricht_inclusie.sync_roles")
        # The data version's triggers cover every table of the tracked apps, also tables added later.
        post_migrate.connect(install_after_migrate, dispatch_uid="maastricht_inclusie.data_version")
        # A staff member's idle timer starts with the login (which writes the session anyway).
        user_logged_in.connect(start_idle_timer_at_login, dispatch_uid="maastricht_inclusie.idle_timer")
