from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = _("Key-person network")

    def ready(self):
        from .last_contact import install_after_migrate, uninstall_before_migrate

        # The last-contact triggers: out of the way of SQLite's table rebuilds, and back after every migrate.
        pre_migrate.connect(
            uninstall_before_migrate, sender=self, dispatch_uid="keypersons.last_contact.drop"
        )
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="keypersons.last_contact")
