from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = _("Key-person network")

    def ready(self):
        from .last_contact import install_after_migrate

        # After every migrate: SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="keypersons.last_contact")
