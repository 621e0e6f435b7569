"""Assessment (beoordeling): each eligible application is scored by at least two assessors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .programme import Criterion


class Assessment(models.Model):
    """An assessor's assignment to an application, their conflict declaration and their scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    has_conflict = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_note = models.TextField(_("conflict of interest"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["application", "assessor"], name="assessment_one_per_assessor"),
            models.CheckConstraint(
                condition=~(models.Q(has_conflict=True) & models.Q(submitted_at__isnull=False)),
                name="assessment_conflict_never_submitted",
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.assessor}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    motivation = models.TextField(
        _("motivation"),
        help_text=_("Written to be disclosed: competing applicants may read it after the decisions."),
    )

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class ConsensusScore(models.Model):
    """The panel's agreed score on one criterion of an application, recorded by the policy officer after a consensus
    talk where the assessors' scores lie far apart. The ranking uses it instead of the assessors' average."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consensus_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="consensus_scores")
    score = models.PositiveSmallIntegerField(_("agreed score"))
    reason = models.TextField(
        _("reason"), help_text=_("What the panel agreed and why: written to be disclosed with the decision.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="consensus_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class ScoreTotal(models.Model):
    """What the ranking reads of an application's scores, kept as they come in (`tenders.totals`): its weighted
    total, averaged over its submitted assessments without a conflict, an agreed score counting instead of the
    average on its criterion; and its score on the round's first criterion, for the tie rule that uses it.

    Derived, written by `tenders.totals` only: the services that submit an assessment or record an agreed score
    refresh it in the same transaction, under the application's lock, and a decision checks it against the scores
    first (`totals.ensure_current`). No row: nothing submitted yet."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="score_total"
    )
    total = models.DecimalField(_("total score"), max_digits=12, decimal_places=2)
    first_score = models.DecimalField(
        _("score on the first criterion"), max_digits=9, decimal_places=2, null=True
    )

    class Meta:
        verbose_name = _("total score")
        verbose_name_plural = _("total scores")

    def __str__(self):
        return f"{self.application}: {self.total}"
