"""Public progress: multi-year funding lines (commitments and indicators follow)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class FundingLine(models.Model):
    """Money set aside for the programme over several years, e.g. €50,000 a year 2022–2026 for the director."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=200)
    amount_per_year = models.DecimalField(
        _("amount per year"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["first_year", "name"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="fundingline_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(amount_per_year__gte=0), name="fundingline_amount_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    @property
    def total(self):
        return self.amount_per_year * self.years
