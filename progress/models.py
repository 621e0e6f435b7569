"""Public progress: multi-year funding lines, commitments to the council and indicators.

Glossary: Commitment = motie / toezegging, Indicator = indicator, FundingLine = dekking.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.money import EuroField


class FundingLine(models.Model):
    """Money set aside for the programme over several years, e.g. €50,000 a year 2022–2026 for the director."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=200)
    amount_per_year = EuroField(
        _("amount per year"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

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


class Commitment(models.Model):
    """A motion or promise to the council (motie, toezegging) and the evidence of how it is carried out."""

    class Kind(models.TextChoices):
        MOTION = "motion", _("motion")
        PROMISE = "promise", _("promise to the council")
        DECISION = "decision", _("decision of the Mayor and Aldermen")

    class Status(models.TextChoices):
        OPEN = "open", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("carried out")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    status_note = models.TextField(_("how it stands"), blank=True)
    campaigns = models.ManyToManyField("initiatives.Campaign", verbose_name=_("campaigns"), blank=True)
    rounds = models.ManyToManyField("tenders.Round", verbose_name=_("subsidy rounds"), blank=True)
    initiatives = models.ManyToManyField("initiatives.Initiative", verbose_name=_("initiatives"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("progress:commitment", kwargs={"slug": self.slug})


class Indicator(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("For example: organisations, participants, %.")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_date = models.DateField(_("target date"))
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="indicators",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("progress:indicator", kwargs={"slug": self.slug})


class IndicatorUpdate(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("indicator update")
        verbose_name_plural = _("indicator updates")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="indicatorupdate_one_per_day")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"


class NetworkFigures(models.Model):
    """The key-person network's public figures for one closed quarter: computed once when the quarter has closed
    (progress/figures.py, a daily task), then frozen, so that no write afterwards changes what was published and
    two versions of the page can never be subtracted from each other to learn about one contact or person.

    Only published values are stored: counts under PUBLIC_MINIMUM_COUNT as null, the others rounded to a
    multiple of PUBLIC_ROUNDING. `themes` holds, per theme of tension as it was named then, the published
    number of contact moments and signals in the quarter.
    """

    quarter = models.DateField(_("quarter"), unique=True, help_text=_("The first day of the quarter."))
    active_key_persons = models.PositiveIntegerField(_("active key persons"), null=True, blank=True)
    neighbourhoods_covered = models.PositiveIntegerField(_("neighbourhoods covered"), null=True, blank=True)
    themes = models.JSONField(_("figures per theme"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-quarter"]
        verbose_name = _("network figures of a quarter")
        verbose_name_plural = _("network figures per quarter")

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("Published network figures are frozen.")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The quarter as the open data files name it (a stable value, the same in every language)."""
        return f"{self.quarter.year} K{(self.quarter.month - 1) // 3 + 1}"

    @property
    def display_label(self) -> str:
        """The quarter as a page says it: "Q3 2026" in English, "K3 2026" in Dutch."""
        return gettext("Q%(number)s %(year)s") % {
            "number": (self.quarter.month - 1) // 3 + 1,
            "year": self.quarter.year,
        }
