"""Terugvordering (Awb 4:57): money paid above the settled amount, demanded back by a decision of its own.

A reclaim is made with the settlement that sets the subsidy below what was paid (Awb 4:46, 4:49), and is its own
decision with its own letter (the demand for payment, open to objection). It is open until the money is received
(an officer records it, or it is matched on the bank statement) or written off; or until a decision on objection
reopens the settlement and a new settlement replaces it (withdrawn: the new settlement counts from what was paid).

The reclaim can itself be objected to (Awb 6:4, 7:11). A well-founded objection withdraws it or lowers it: an open
reclaim is withdrawn and, when an amount is still owed, replaced by a reclaim of that amount (`on_objection`, with
its own payment reference and term; no objection lies against it, only appeal, Awb 7:1); a reclaim already paid
back stays paid, and what it took too much is paid back to the organisation (a REFUND payment, booked when paid).
What the organisation may keep this way stays paid out, like a write-off: the settlement does not change.

The ledger: the RECLAIM entry is booked only when the money is received — before that nothing came back. A
write-off books nothing: the money stays paid out (it counts in `ledger.paid_for` as paid), the settlement has
already released what was not needed, and the written-off amount is a loss recorded on this row with its reason,
not money returned to the round.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.money import EuroField

from .application import Application
from .money import BudgetEntry, Objection, Settlement
from .programme import MONEY


class Reclaim(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAID = "paid", _("paid back")
        WRITTEN_OFF = "written_off", _("written off")
        WITHDRAWN = "withdrawn", _("withdrawn: by a new settlement or on objection")

    # Made with a settlement, or by a decision on objection that lowered the reclaim before it (one of the two).
    settlement = models.OneToOneField(
        Settlement, null=True, blank=True, on_delete=models.PROTECT, related_name="reclaim"
    )
    on_objection = models.OneToOneField(
        Objection, null=True, blank=True, on_delete=models.PROTECT, related_name="replacement_reclaim",
        verbose_name=_("lowered by the decision on objection"),
    )  # fmt: skip
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reclaims")
    amount = EuroField(_("amount to pay back"), **MONEY)
    due_on = models.DateField(_("to be paid by"))
    payment_reference = models.CharField(_("payment reference"), max_length=35, unique=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    objection_deadline = models.DateField(_("objections until"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    write_off_reason = models.TextField(_("why it is written off"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    entry = models.OneToOneField(
        BudgetEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="reclaim",
        verbose_name=_("ledger entry of the money received"),
    )  # fmt: skip

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("reclaim")
        verbose_name_plural = _("reclaims")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reclaim_amount_positive"),
            models.CheckConstraint(
                condition=Q(
                    status="open", closed_at__isnull=True, entry__isnull=True, received_on__isnull=True
                )
                | Q(status="paid", closed_at__isnull=False, entry__isnull=False, received_on__isnull=False)
                | Q(status="written_off", closed_at__isnull=False, entry__isnull=True)
                & ~Q(write_off_reason="")
                | Q(
                    status="withdrawn", closed_at__isnull=False, entry__isnull=True, received_on__isnull=True
                ),
                name="reclaim_status_consistent",
            ),
            models.CheckConstraint(
                condition=Q(settlement__isnull=False, on_objection__isnull=True)
                | Q(settlement__isnull=True, on_objection__isnull=False),
                name="reclaim_of_a_settlement_or_on_objection",
            ),
        ]

    def __str__(self):
        return f"{self.application.reference}: {self.amount} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def origin(self) -> "Reclaim":
        """The reclaim decided with the settlement, this one or the one a decision on objection lowered."""
        reclaim = self
        while reclaim.on_objection_id:
            reclaim = reclaim.on_objection.reclaim
        return reclaim
