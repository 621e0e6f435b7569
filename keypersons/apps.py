from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeypersonsConfig(AppConfig):
    name = "keypersons"
    verbose_name = _("Key-person network")

    def ready(self):
        from exports import registry as exports
        from reminders import registry as reminders

        from .exports import evaluation_export
        from .permissions import is_director

        exports.register(
            "keyperson_evaluation",
            label=_("Evaluation of the key-person approach"),
            builder=evaluation_export,
            allowed=is_director,
        )
        reminders.register("keyperson_action", label=_("Action due"))
        reminders.register("keyperson_consent", label=_("Consent expires"))
        reminders.register("keyperson_retention", label=_("Retention review due"))
        reminders.register("keyperson_signal_response", label=_("Signal waiting for a response"))
