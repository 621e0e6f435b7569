from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Background work that a change starts, written in the change's own transaction so it is never lost."""

    name = "outbox"
    verbose_name = _("Outbox")
