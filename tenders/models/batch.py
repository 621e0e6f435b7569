"""Payment batches (betaalbestanden): due payments leave together for the finance department, as one SEPA
credit transfer file, after a second officer approved them (four eyes)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PaymentBatch(models.Model):
    class Status(models.TextChoices):
        PREPARED = "prepared", _("prepared, waiting for approval")
        SENT = "sent", _("approved and sent to finance")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARED)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    execution_date = models.DateField(_("execution date"), null=True, blank=True)
    # The SEPA pain.001.001.03 file as it went to finance: made once, at approval, and served as stored.
    sepa_xml = models.TextField(_("SEPA file"), blank=True)

    class Meta:
        ordering = ["-prepared_at", "-pk"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")),
                name="paymentbatch_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(status="prepared", approved_by__isnull=True)
                | Q(status="sent", approved_by__isnull=False) & ~Q(sepa_xml=""),
                name="paymentbatch_sent_only_approved_with_file",
            ),
        ]

    def __str__(self):
        return f"{_('payment batch')} {self.pk}"
