from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TendersConfig(AppConfig):
    name = "tenders"
    verbose_name = _("Flexible-subsidy tenders")

    def ready(self):
        from exports import registry as exports
        from reminders import registry as reminders

        from . import exports as reports
        from . import letters, objection_letters, settlement_letters
        from .permissions import is_policy_officer

        for name, label, builder in (
            ("round_applications", _("Applications of a round"), reports.round_applications),
            ("ranking", _("Ranked list of a round"), reports.ranking),
            ("decisions_payments", _("Decisions and payments of a round"), reports.decisions_payments),
            ("programme_overview", _("Programme overview"), reports.programme_overview),
        ):
            exports.register(name, label=label, builder=builder, allowed=is_policy_officer)
        reminders.register("round_closing", label=_("Round closes soon"))
        reminders.register("assessment_due", label=_("Assessment due"))
        reminders.register("information_request", label=_("Information request expires"))
        reminders.register("report_due", label=_("Accountability report due"))
        letters.register_kinds()
        objection_letters.register_kinds()
        reminders.register("objection_decision_due", label=_("Decision on objection due soon"))
        settlement_letters.register_kinds()
        reminders.register("reclaim_due", label=_("Reclaim to be paid back"))
        reminders.register("decision_due", label=_("Decision term ends soon"))
