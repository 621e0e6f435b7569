"""Flexible-subsidy tenders (flexibele subsidies), Awb title 4.2.

Glossary: Programme = subsidieprogramma, Round = tenderronde, ceiling = subsidieplafond.
"""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie.money import CENT, EuroField, euro

MONEY = {"max_digits": 12, "decimal_places": 2}


REPORTING_REQUIREMENTS = {
    "none": _("settled directly, without a report"),
    "activity": _("an activity report"),
    "activity_financial": _("an activity report and a financial report"),
}


def default_reporting_tiers():
    """The usual proportionality: up to €5,000 no report, up to €50,000 activities, above that also finances."""
    return [
        {"up_to": "5000", "requirement": "none"},
        {"up_to": "50000", "requirement": "activity"},
        {"up_to": None, "requirement": "activity_financial"},
    ]


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Prefix of application references, e.g. DI-2017.")
    )
    total_budget = EuroField(_("total budget"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    funding_source = models.CharField(_("funding source"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reporting_tiers = models.JSONField(
        _("reporting in proportion to the amount"),
        default=default_reporting_tiers,
        help_text=_(
            'A list of tiers from low to high: {"up_to": amount or null, "requirement": "none" | "activity" | '
            '"activity_financial"}.'
        ),
    )
    # What every decision letter of the programme names (letters/): its legal basis and who signs.
    regulation_name = models.CharField(
        _("subsidy regulation"), max_length=300, blank=True,
        help_text=_("The subsidy regulation the decisions rest on, e.g. “Subsidieregeling diversiteit en tolerantie”."),
    )  # fmt: skip
    regulation_publication = models.CharField(
        _("publication of the regulation"), max_length=200, blank=True,
        help_text=_("Where it was published, e.g. “Gemeenteblad 2017, 123456”."),
    )  # fmt: skip
    regulation_url = models.URLField(_("link to the regulation"), blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_function = models.CharField(_("signatory's function"), max_length=200, blank=True)
    mandate_line = models.CharField(
        _("mandate line"), max_length=300, blank=True,
        help_text=_("Above the signature, e.g. “namens het college van burgemeester en wethouders van Maastricht”."),
    )  # fmt: skip

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=Q(total_budget__gte=0), name="programme_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="programme_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def reporting_for(self, amount) -> str:
        """The reporting requirement for a granted amount, from this programme's tiers."""
        for tier in self.reporting_tiers:
            if tier["up_to"] is None or Decimal(amount) <= Decimal(str(tier["up_to"])):
                return tier["requirement"]
        return "activity_financial"


class Round(models.Model):
    class AllocationMethod(models.TextChoices):
        TENDER = "tender", _("tender: ranked by score (Awb 4:25–4:27)")
        FIRST_COME = "first_come", _("first come, first served")

    class TieRule(models.TextChoices):
        COMPLETE_FIRST = "complete_first", _("earlier complete submission first")
        FIRST_CRITERION = "first_criterion", _("higher score on the first criterion first")

    class AssessmentMethod(models.TextChoices):
        PANEL = "panel", _("scored by a panel of assessors")
        ELIGIBILITY = "eligibility", _("eligibility only, no scoring (first come, first served)")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    ceiling = EuroField(_("ceiling (subsidieplafond)"), **MONEY)
    minimum_amount = EuroField(_("minimum amount per application"), **MONEY)
    maximum_amount = EuroField(_("maximum amount per application"), **MONEY)
    allocation_method = models.CharField(
        _("allocation method"),
        max_length=12,
        choices=AllocationMethod.choices,
        default=AllocationMethod.TENDER,
    )
    advance_percentage = models.PositiveSmallIntegerField(
        _("advance percentage"), default=80, validators=[MaxValueValidator(100)]
    )
    report_due_weeks = models.PositiveSmallIntegerField(
        _("report due (weeks after the planned end)"), default=13
    )
    objection_reserve = EuroField(
        _("reserve for objections"), **MONEY, default=Decimal("0"),
        help_text=_("Set aside for grants on objection, which are judged against the ceiling as it stood (Awb 4:25(3))."),
    )  # fmt: skip
    assessment_deadline = models.DateTimeField(_("assessments due"), null=True, blank=True)
    minimum_total_score = models.DecimalField(
        _("minimum total score to be ranked"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    assessment_method = models.CharField(
        _("assessment method"),
        max_length=12,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.PANEL,
    )
    tie_rule = models.CharField(
        _("tie rule"),
        max_length=16,
        choices=TieRule.choices,
        default=TieRule.COMPLETE_FIRST,
        help_text=_(
            "How applications with the same total score are ranked (Awb 4:26); if that is equal too, the earlier "
            "complete submission ranks higher."
        ),
    )
    allows_partial_grants = models.BooleanField(
        _("partial grants"),
        default=True,
        help_text=_(
            "Whether the application where the ceiling falls is granted the rest (Awb 4:26). Without partial "
            "grants it is refused and the next application that still fits is funded."
        ),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_(
            "From publication on, everything applicants rely on is frozen; a change is a published amendment."
        ),
    )
    drafts_before_opening = models.BooleanField(
        _("drafts may be started before opening"),
        default=False,
        help_text=_("Submission is possible only between opening and closing, whatever this says."),
    )
    applications_per_organisation = models.PositiveSmallIntegerField(
        _("applications per organisation"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many applications one organisation may submit in this round; withdrawn ones do not count."
        ),
    )
    decision_term_weeks = models.PositiveSmallIntegerField(
        _("decision term (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Awb 4:13: weeks after closing (tender) or after complete submission (first come). "
            "Empty: the municipality's default, fixed at publication."
        ),
    )

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="round_number_unique_in_programme"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(ceiling__gte=0), name="round_ceiling_not_negative"),
            models.CheckConstraint(
                condition=Q(minimum_amount__gte=0) & Q(maximum_amount__gte=F("minimum_amount")),
                name="round_amount_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(advance_percentage__lte=100), name="round_advance_at_most_100"
            ),
            # A tender ranks by score: only a first-come round can be decided on eligibility alone.
            models.CheckConstraint(
                condition=~Q(allocation_method="tender", assessment_method="eligibility"),
                name="round_tender_is_scored",
            ),
            models.CheckConstraint(
                condition=Q(applications_per_organisation__gte=1), name="round_allows_an_application"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(decision_term_weeks__isnull=False),
                name="round_published_has_decision_term",
            ),
        ]

    def __str__(self):
        return f"{self.programme.code} R{self.number}: {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.is_published and self.opens_at <= at < self.closes_at

    def has_closed(self, at=None) -> bool:
        return (at or timezone.now()) >= self.closes_at

    @property
    def is_tender(self) -> bool:
        return self.allocation_method == self.AllocationMethod.TENDER

    @property
    def is_eligibility_only(self) -> bool:
        return self.assessment_method == self.AssessmentMethod.ELIGIBILITY

    def accepts_drafts(self, at=None) -> bool:
        """Whether a draft may be started now: while open, or before opening when the round says so."""
        at = at or timezone.now()
        if not self.is_published or self.has_closed(at):
            return False
        return self.opens_at <= at or self.drafts_before_opening

    def rule_at(self, name: str, moment):
        """The value of a published rule as it stood at `moment`: amendments published later are undone, so a
        decision taken before an amendment keeps the rules it was taken under."""
        value = getattr(self, name)
        if moment is None or not self.pk:
            return value
        for amendment in self.amendments.filter(published_at__gt=moment).order_by("-published_at", "-pk"):
            if name in amendment.changes:
                value = self._meta.get_field(name).to_python(amendment.changes[name]["old"])
        return value

    def advance_for(self, granted: Decimal, *, decided_at=None) -> Decimal:
        """The advance paid on a grant of this round: its percentage of the granted amount, to the cent, as the
        percentage stood when the grant was decided."""
        percentage = self.rule_at("advance_percentage", decided_at)
        return (granted * percentage / Decimal(100)).quantize(CENT, ROUND_HALF_UP)


class RoundAmendment(models.Model):
    """Wijziging van de regeling: a published change to a published round's rules, with its reason.

    It applies from its publication on; decisions taken before it keep the rules they were taken under.
    """

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="amendments"
    )
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"))  # {"field": {"old": …, "new": …}}
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["round", "published_at", "pk"]
        verbose_name = _("amendment of the rules")
        verbose_name_plural = _("amendments of the rules")

    def __str__(self):
        return f"{self.round}: {timezone.localtime(self.published_at):%d-%m-%Y}"

    @property
    def described(self) -> list[str]:
        """Each change in words: “closes at: 16 January 2027 17:00 → 30 January 2027 17:00”."""
        return [
            f"{Round._meta.get_field(name).verbose_name}: {_shown(name, change['old'])} → {_shown(name, change['new'])}"
            for name, change in self.changes.items()
        ]


def _shown(name: str, stored: str) -> str:
    field = Round._meta.get_field(name)
    value = field.to_python(stored)
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(field, EuroField):
        return euro(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


class Criterion(models.Model):
    """An assessment criterion of a round, with its weight (published before the round opens)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    guidance = models.TextField(_("guidance for assessors"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    maximum_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_name_unique_in_round"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(maximum_score__gte=1), name="criterion_positive"
            ),
        ]

    def __str__(self):
        return self.name
