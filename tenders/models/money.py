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

from maastricht_inclusie.deadlines import objection_deadline
from maastricht_inclusie.money import EuroField

from .application import Application
from .programme import MONEY, Round


class Decision(models.Model):
    class Outcome(models.TextChoices):
        GRANTED = "granted", _("granted")
        PARTIALLY_GRANTED = "partially_granted", _("partially granted")
        REJECTED = "rejected", _("rejected")
        SET_ASIDE = "set_aside", _("set aside (buiten behandeling gesteld)")
        # Decisions on objection that keep the decision objected to in force (Awb 7:11): they grant nothing,
        # move no money and are never "the current decision" of an application.
        OBJECTION_UNFOUNDED = "objection_unfounded", _("objection unfounded: decision upheld")
        OBJECTION_INADMISSIBLE = "objection_inadmissible", _("objection inadmissible")
        # Well-founded objections that grant nothing: against a reclaim (it is withdrawn or lowered), and against
        # a setting aside (it is revoked, the application is handled again).
        RECLAIM_REDUCED = "reclaim_reduced", _("objection well-founded: reclaim withdrawn or lowered")
        SET_ASIDE_REVOKED = "set_aside_revoked", _("objection well-founded: setting aside revoked")

    # The outcomes that leave the decision on the application in force: not read as the application's decision,
    # its amount or its terms (a decision on objection against a reclaim changes the reclaim, not the grant).
    KEEPS_DECISION = (Outcome.OBJECTION_UNFOUNDED, Outcome.OBJECTION_INADMISSIBLE, Outcome.RECLAIM_REDUCED)
    # Decisions on objection that grant nothing and book nothing.
    ON_OBJECTION_WITHOUT_MONEY = (*KEEPS_DECISION, Outcome.SET_ASIDE_REVOKED)

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
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
                condition=~Q(outcome__in=["rejected", "set_aside"]) | Q(granted_amount=0),
                name="decision_rejected_grants_nothing",
            ),
            models.CheckConstraint(
                condition=~Q(
                    outcome__in=[
                        "objection_unfounded",
                        "objection_inadmissible",
                        "reclaim_reduced",
                        "set_aside_revoked",
                    ]
                )
                | Q(granted_amount=0, on_objection__isnull=False),
                name="decision_keeping_is_on_objection_and_grants_nothing",
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
        REFUND = "refund", _("reclaimed money paid back")

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
        # What was paid back on a reclaim that a decision on objection lowered or withdrew afterwards.
        REFUND = "refund", _("refund of a reclaim")

    class Status(models.TextChoices):
        DUE = "due", _("due")
        SENT = "sent", _("sent to finance")
        PAID = "paid", _("paid")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = EuroField(_("amount"), **MONEY)
    # The ledger entry is booked when the payment is paid (finance marks it, or the bank statement shows it).
    entry = models.OneToOneField(
        BudgetEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    # Who ordered the payment and when (the advance on the decision, the remainder on settlement); `paid_on` is
    # the day it was paid.
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ordered by"), on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    # Where it goes: one batch, ever (a foreign key holds one value: never twice in a batch, never in two).
    status = models.CharField(_("payment status"), max_length=6, choices=Status.choices, default=Status.DUE)
    batch = models.ForeignKey(
        "PaymentBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="payments",
        verbose_name=_("payment batch"),
    )  # fmt: skip
    creditor_iban = models.CharField(_("paid to IBAN"), max_length=34, blank=True)
    creditor_name = models.CharField(_("paid to account holder"), max_length=200, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    reclaim = models.ForeignKey(
        "Reclaim", null=True, blank=True, on_delete=models.PROTECT, related_name="refunds",
        verbose_name=_("refund of the reclaim"),
    )  # fmt: skip

    class Meta:
        ordering = ["ordered_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # One advance; a remainder after every settlement (a settlement reopened on objection pays again).
            models.UniqueConstraint(
                fields=["application"], condition=Q(kind="advance"), name="payment_one_advance"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="due") | Q(batch__isnull=False) & ~Q(creditor_iban=""),
                name="payment_sent_or_paid_in_a_batch",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(entry__isnull=False),
                name="payment_booked_when_paid",
            ),
            # A refund pays back (part of) one reclaim; no other payment is about a reclaim.
            models.CheckConstraint(
                condition=Q(kind="refund", reclaim__isnull=False)
                | ~Q(kind="refund") & Q(reclaim__isnull=True),
                name="payment_refund_of_a_reclaim",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"

    @property
    def end_to_end_id(self) -> str:
        """The reference the bank returns on its statement (camt.053), to match the payment by."""
        return f"MI-{self.pk}"


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
    """Vaststelling: the final amount; a difference with the grant is released or reclaimed in the ledger.

    A settlement is a decision that can be objected to. A well-founded objection that grants more after
    settlement reopens it (`reopened_by`): the row stays as history and the application is settled again.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="settlements")
    final_amount = EuroField(_("final amount"), **MONEY)
    note = models.TextField(_("note"), blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(_("settled at"), auto_now_add=True)
    reopened_by = models.ForeignKey(
        "Objection", null=True, blank=True, on_delete=models.PROTECT, related_name="reopened_settlements",
        verbose_name=_("reopened by the decision on objection"),
    )  # fmt: skip
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)

    class Meta:
        ordering = ["settled_at", "pk"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.CheckConstraint(condition=Q(final_amount__gte=0), name="settlement_not_negative"),
            models.UniqueConstraint(
                fields=["application"], condition=Q(reopened_at__isnull=True), name="settlement_one_current"
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True, reopened_by__isnull=True)
                | Q(reopened_at__isnull=False, reopened_by__isnull=False),
                name="settlement_reopened_by_an_objection",
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.final_amount}"

    @property
    def objection_deadline(self):
        """Awb 6:7: six weeks from the settlement, like every decision."""
        return objection_deadline(self.settled_at)


class Objection(models.Model):
    """Bezwaar (Awb 6:4, 6:7): against one decision — a decision on the application, its settlement or the reclaim —
    within six weeks of it; may lead to a new decision. A late one is registered and declared inadmissible
    (Awb 6:11), unless the delay is excused, with the reason recorded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        UPHELD = "upheld", _("upheld: new decision")
        DISMISSED = "dismissed", _("unfounded: decision upheld")
        INADMISSIBLE = "inadmissible", _("inadmissible")

    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="objections"
    )
    settlement = models.ForeignKey(
        Settlement, null=True, blank=True, on_delete=models.PROTECT, related_name="objections"
    )
    reclaim = models.ForeignKey(
        "Reclaim", null=True, blank=True, on_delete=models.PROTECT, related_name="objections"
    )
    received_on = models.DateField(_("received on"))
    grounds = models.TextField(_("grounds"))
    is_late = models.BooleanField(_("received after the objection period"), default=False)
    excused_delay = models.TextField(
        _("why the delay is excusable (Awb 6:11)"), blank=True,
        help_text=_("Only for an objection received after the period: without a reason it is inadmissible."),
    )  # fmt: skip
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    # Awb 7:10(1): six weeks from the day after the objection term ended; once six weeks more (7:10(3)).
    decision_due_on = models.DateField(_("decide by"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            # Against exactly one decision: a decision on the application, a settlement or a reclaim.
            models.CheckConstraint(
                condition=Q(decision__isnull=False, settlement__isnull=True, reclaim__isnull=True)
                | Q(decision__isnull=True, settlement__isnull=False, reclaim__isnull=True)
                | Q(decision__isnull=True, settlement__isnull=True, reclaim__isnull=False),
                name="objection_against_one_decision",
            ),
        ]

    def __str__(self):
        return f"{self.against} ({self.received_on})"

    @property
    def against(self):
        """The Decision, Settlement or Reclaim objected to."""
        if self.decision_id:
            return self.decision
        return self.settlement if self.settlement_id else self.reclaim
