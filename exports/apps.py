from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Report exports in the background. The apps that offer reports register them (`registry.register`)."""

    name = "exports"
    verbose_name = _("Exports")
