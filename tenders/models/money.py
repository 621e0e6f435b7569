"""Decisions (beschikkingen), the budget ledger, payments, accountability, settlement and objections.

Money moves only through BudgetEntry rows. A round's committed and remaining budget are computed
from the ledger (tenders.ledger), never stored.

Glossary: Decision = beschikking (verlening), Settlement = vaststelling, AccountabilityReport =
verantwoording, Objection = bezwaar, BudgetEntry = boeking.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.money import EuroField

from .application import Application
from .programme import MONEY, Round


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("granted")
        PARTIALLY_GRANTED = "partially_granted", _("partially granted")
        REJECTED = "rejected", _("rejected")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    granted_amount = EuroField(_("granted amount"), **MONEY, default=Decimal("0"))
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    objection_deadline = models.DateField(_("objections until"))
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    reporting = models.CharField(_("reporting required"), max_length=30, blank=True)
    on_objection = models.ForeignKey(
        "Objection", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions",
        verbose_name=_("decision on objection"),
    )  # fmt: skip

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=Q(granted_amount__gte=0), name="decision_amount_not_negative"),
            models.CheckConstraint(
                condition=~Q(outcome="rejected") | Q(granted_amount=0),
                name="decision_rejected_grants_nothing",
            ),
            # One original decision per application; decisions on objection come on top.
            models.UniqueConstraint(
                fields=["application"], condition=Q(on_objection__isnull=True), name="decision_one_original"
            ),
        ]

    def __str__(self):
        return f"{self.application.reference}: {self.get_outcome_display()}"

    @property
    def reporting_requirement(self) -> str:
        from .programme import REPORTING_REQUIREMENTS

        return REPORTING_REQUIREMENTS.get(self.reporting, "")


class BudgetEntry(models.Model):
    """One movement of money in a round. Amounts are positive; the kind says which way they count."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("commitment (grant)")
        RELEASE = "release", _("release")
        ADVANCE = "advance", _("advance paid")
        REMAINDER = "remainder", _("remainder paid")
        RECLAIM = "reclaim", _("reclaimed")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="budget_entries")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="budget_entries")
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = EuroField(_("amount"), **MONEY)
    is_objection = models.BooleanField(
        _("on objection"),
        default=False,
        help_text=_("Judged against the ceiling as it stood at the original decision."),
    )
    key = models.CharField(_("idempotency key"), max_length=80, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budgetentry_amount_positive")]
        indexes = [models.Index(fields=["round", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class Payment(models.Model):
    class Kind(models.TextChoices):
        ADVANCE = "advance", _("advance")
        REMAINDER = "remainder", _("remainder")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = EuroField(_("amount"), **MONEY)
    entry = models.OneToOneField(BudgetEntry, on_delete=models.PROTECT, related_name="payment")
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField(_("paid at"), auto_now_add=True)

    class Meta:
        ordering = ["paid_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="payment_once_per_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"


class AccountabilityReport(models.Model):
    """Verantwoording: what happened with the subsidy."""

    class Review(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        MORE_REQUESTED = "more_requested", _("more information requested")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reports")
    activities = models.TextField(_("what took place"))
    reach_achieved = models.PositiveIntegerField(_("people reached"))
    costs_incurred = EuroField(_("costs incurred"), **MONEY, null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    review = models.CharField(_("review"), max_length=16, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField(_("note from the municipality"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("accountability report")
        verbose_name_plural = _("accountability reports")

    def __str__(self):
        return f"{self.application} ({self.submitted_at:%Y-%m-%d})"


class Settlement(models.Model):
    """Vaststelling: the final amount; a difference with the grant is released or reclaimed in the ledger."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="settlement")
    final_amount = EuroField(_("final amount"), **MONEY)
    note = models.TextField(_("note"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(_("settled at"), auto_now_add=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.CheckConstraint(condition=Q(final_amount__gte=0), name="settlement_not_negative")
        ]

    def __str__(self):
        return f"{self.application}: {self.final_amount}"


class Objection(models.Model):
    """Bezwaar (Awb 6:7): within six weeks of the decision; may lead to a new decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        UPHELD = "upheld", _("upheld: new decision")
        DISMISSED = "dismissed", _("dismissed")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("received on"))
    grounds = models.TextField(_("grounds"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.decision} ({self.received_on})"
