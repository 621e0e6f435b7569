"""The reads of the assessment panel: who assesses what in a round, and the scores of one application side by side."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from .models import Application, Assessment, ConsensusScore, Criterion, Round, Score, State
from .workflow import can


@dataclass(frozen=True)
class PanelRow:
    """One application on the round's panel page: its assessments and who is still free to assess it."""

    application: Application
    assessments: list[Assessment]
    free: list  # assessors with no assessment of this application, least loaded first
    missing: int  # how many more assessors it needs to reach the minimum
    is_open: bool  # the workflow still lets assessors be assigned


def round_panel(round_: Round, minimum: int) -> tuple[list, list[PanelRow]]:
    """The round's assessors with their load (assigned, submitted, conflicts declared) and every eligible or
    assessed application with its assessments, in three queries whatever the size."""
    from .services.assessment import assessors

    in_round = Q(assessments__application__round=round_)
    people = list(
        assessors()
        .annotate(
            assigned=Count(
                "assessments", filter=in_round & Q(assessments__has_conflict=False), distinct=True
            ),
            submitted=Count(
                "assessments", filter=in_round & Q(assessments__submitted_at__isnull=False), distinct=True
            ),
            conflicts=Count(
                "assessments", filter=in_round & Q(assessments__has_conflict=True), distinct=True
            ),
        )
        .order_by("assigned", "username")
    )
    applications = (
        Application.objects.filter(round=round_, state__in=[State.ELIGIBLE, State.ASSESSED])
        .select_related("organisation")
        .prefetch_related(Prefetch("assessments", queryset=Assessment.objects.select_related("assessor")))
        .order_by("reference")
    )
    rows = []
    for application in applications:
        assessments = list(application.assessments.all())
        taken = {a.assessor_id for a in assessments}
        valid = sum(not a.has_conflict for a in assessments)
        free = [person for person in people if person.pk not in taken]
        is_open = can(application, "assign_assessor")
        rows.append(PanelRow(application, assessments, free, max(0, minimum - valid), is_open))
    return people, rows


@dataclass(frozen=True)
class CriterionScores:
    """The submitted scores of one criterion of an application, their spread and the panel's agreed score."""

    criterion: Criterion
    scores: list[Score]
    spread: int | None
    is_flagged: bool  # the scores differ by more than settings.CONSENSUS_SPREAD: a consensus talk is due
    agreed: ConsensusScore | None


@dataclass(frozen=True)
class AssessmentPanel:
    criteria: list[CriterionScores]
    assessor_totals: list[
        tuple[str, Decimal]
    ]  # per submitted assessment: the assessor and the weighted total
    total: Decimal | None  # what the ranking uses: the average weighted total, agreed scores counted instead


def assessment_panel(application: Application, allowed_spread: int) -> AssessmentPanel:
    """Every submitted score with its motivation per criterion, for the officer, in three queries."""
    criteria = list(Criterion.objects.filter(round=application.round_id))
    scores = list(
        Score.objects.filter(
            assessment__application=application,
            assessment__has_conflict=False,
            assessment__submitted_at__isnull=False,
        ).select_related("assessment__assessor")
    )
    agreed = {c.criterion_id: c for c in ConsensusScore.objects.filter(application=application)}
    rows, per_assessor = [], {}
    for criterion in criteria:
        mine = [s for s in scores if s.criterion_id == criterion.pk]
        values = [s.score for s in mine]
        spread = max(values) - min(values) if values else None
        rows.append(
            CriterionScores(
                criterion,
                mine,
                spread,
                spread is not None and spread > allowed_spread,
                agreed.get(criterion.pk),
            )
        )
        for score in mine:
            # Per assessment, not per name: two assessors may have the same name.
            assessor = score.assessment.assessor
            entry = per_assessor.setdefault(
                score.assessment_id, [assessor.get_full_name() or assessor.get_username(), 0]
            )
            entry[1] += score.score * criterion.weight
    count = len(per_assessor)
    total = None
    if count:
        points = sum(
            (row.agreed.score * count if row.agreed else sum(s.score for s in row.scores))
            * row.criterion.weight
            for row in rows
        )
        total = (Decimal(points) / count).quantize(Decimal("0.01"))
    return AssessmentPanel(rows, [(name, Decimal(value)) for name, value in per_assessor.values()], total)
