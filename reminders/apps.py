from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """Reminders by e-mail, once each. The apps that send reminders register their kinds (`registry.register`)."""

    name = "reminders"
    verbose_name = _("Reminders")
