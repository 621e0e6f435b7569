"""Every read the tender pages need: rounds, application lists and the ranking."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached

from .allocation import TIE_BREAK_RULE as TIE_BREAK_RULE
from .allocation import RankingRow, Rules, allocate
from .models import (
    Application,
    Assessment,
    BudgetLine,
    ConsensusScore,
    Criterion,
    Decision,
    Round,
    Score,
    Settlement,
    State,
)
from .workflow import can, reachable_from


def rounds_for_applicants() -> QuerySet[Round]:
    """Published rounds that are open now or open later, with their criteria."""
    return (
        Round.objects.filter(published_at__isnull=False, closes_at__gt=timezone.now())
        .select_related("programme")
        .prefetch_related("criteria", "amendments")
        .order_by("opens_at")
    )


def application_detail(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("round__programme", "organisation").prefetch_related(
        "themes", "neighbourhoods", "target_groups", "budget_lines", "attachments", "information_requests"
    )


def round_applications(round_: Round) -> QuerySet[Application]:
    """The officer's list: every submitted application of the round with its assessment progress."""
    return (
        Application.objects.filter(round=round_)
        .exclude(state=State.DRAFT)
        .select_related("organisation", "round")
        .prefetch_related("information_requests")  # the decision term waits while they run
        .annotate(
            # A subquery, not Sum() over the join: joined with assessments, each budget line would count once per assessor.
            budget_total=Subquery(
                BudgetLine.objects.filter(application=OuterRef("pk"))
                .values("application")
                .annotate(total=Sum("amount"))
                .values("total")[:1]
            ),
            assessors=Count("assessments", filter=Q(assessments__has_conflict=False), distinct=True),
            assessed=Count(
                "assessments",
                filter=Q(assessments__has_conflict=False, assessments__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("reference")
    )


def assessments_for(user) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(assessor=user, has_conflict=False)
        .select_related("application__round", "application__organisation")
        .order_by("submitted_at", "application__reference")
    )


def assessment_page(assessment: Assessment):
    """Criteria and the assessor's own scores; other assessors' scores are never read here."""
    criteria = list(Criterion.objects.filter(round=assessment.application.round_id))
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    return criteria, scores


def _ranked_states(round_: Round) -> list[str]:
    # Every application that was assessed keeps its place, also after payment and settlement; a withdrawn one
    # leaves. First come, first served: an eligible application is ranked as it is; a tender ranks assessments.
    ranked = reachable_from(State.ASSESSED if round_.is_tender else State.ELIGIBLE) - {State.WITHDRAWN}
    return sorted(ranked)


def _weighted_totals(round_: Round) -> dict[int, Decimal]:
    """Per application: the weighted total averaged over its submitted assessments without a conflict; on a
    criterion where the panel agreed a score (ConsensusScore), that score counts instead of the average."""
    agreed = ConsensusScore.objects.filter(
        application=OuterRef("assessment__application"), criterion=OuterRef("criterion")
    )
    rows = (
        Score.objects.filter(
            assessment__application__round=round_,
            assessment__has_conflict=False,
            assessment__submitted_at__isnull=False,
        )
        .values("assessment__application", "criterion")
        .annotate(
            points=Sum("score"),
            weight=Min("criterion__weight"),
            assessments=Count("assessment", distinct=True),
            agreed=Subquery(agreed.values("score")[:1]),
        )
        .order_by()
    )
    # Every submitted assessment scores every criterion, so each criterion has the same number of assessments:
    # add up the weighted points (an agreed score as if every assessor gave it) and divide once.
    sums: dict[int, list[int]] = {}
    for row in rows:
        entry = sums.setdefault(row["assessment__application"], [0, row["assessments"]])
        points = row["points"] if row["agreed"] is None else row["agreed"] * row["assessments"]
        entry[0] += points * row["weight"]
    return {pk: (Decimal(weighted) / n).quantize(Decimal("0.01")) for pk, (weighted, n) in sums.items()}


def ranking(round_: Round) -> list[RankingRow]:
    """The ranked list with the ceiling line (Awb 4:25–4:27), in two queries whatever the size.

    Tender: by the average weighted total of the submitted assessments, ties broken by TIE_BREAK_RULE.
    First come, first served: by the moment the application became complete.
    Applications are funded in order until the ceiling by allocation.allocate(), the one rule every reader uses.
    """
    original = Decision.objects.filter(application=OuterRef("pk"), on_objection__isnull=True)
    values = (
        Application.objects.filter(round=round_, state__in=_ranked_states(round_))
        .order_by()
        .annotate(decided=Subquery(original.values("granted_amount")[:1]))
        .values_list(
            "pk", "reference", "title", "organisation__name", "requested_amount", "complete_at", "decided"
        )
    )
    totals = _weighted_totals(round_) if round_.is_tender else {}
    candidates = [
        RankingRow(
            application_id=pk,
            reference=reference,
            title=title,
            organisation=organisation,
            requested_amount=requested,
            complete_at=complete_at,
            total=totals.get(pk),
            decided_amount=decided,
        )
        for pk, reference, title, organisation, requested, complete_at, decided in values
    ]
    return list(allocate(candidates, Rules.of(round_)))


def maximum_total(round_: Round) -> int:
    return sum(c.weight * c.maximum_score for c in round_.criteria.all())


# The officer's ranking page: a summary of the whole ranking and one page of rows, both cached.

RANKING_PAGE_SIZE = 50


@dataclass(frozen=True)
class RankingSummary:
    """What an officer needs of the whole ranking without paging through it."""

    count: int  # every row, those below the minimum score included
    in_full: int
    in_part: int
    not_funded: int  # ranked, but the ceiling is reached
    refused: int  # ranked within the ceiling, but refused on other grounds
    below_minimum: int
    within_ceiling: Decimal  # what the ranking allocates: at most the ceiling
    line_index: int | None  # the first row below the ceiling line; None when no row falls below it
    line_position: int | None  # that row's position: the line falls just above it
    maximum_total: int

    def page_of_line(self, per_page: int) -> int | None:
        return None if self.line_index is None else self.line_index // per_page + 1


def ranking_page(round_: Round, number) -> tuple[RankingSummary, Page]:
    """The summary of a round's ranking and one page of its rows, as ranking() ranks and funds them.

    Both are cached until the data changes (of the registry, tenders, assessment), under the versions read once, before anything is
    computed: rows computed from older data never land under a newer version. On a miss the whole
    ranking is computed, at most once per request: any row's funding depends on every row above it. Cached are
    references, titles, organisation names, amounts and scores only: no personal data. An invalid or
    out-of-range page number gives the first or the last page.
    """
    computed: list[list[RankingRow]] = []

    def rows() -> list[RankingRow]:
        if not computed:
            computed.append(ranking(round_))
        return computed[0]

    version = data_version.versions(("registry", "tenders", "assessment"))
    summary = cached(
        f"tenders:ranking:{round_.pk}:summary", lambda: _summarise(round_, rows()), version=version
    )
    paginator = Paginator(_CachedRows(round_.pk, summary.count, rows, version), RANKING_PAGE_SIZE)
    return summary, paginator.get_page(number)


class _CachedRows:
    """The ranking's rows as the paginator sees them: the length from the summary, a page from the cache."""

    def __init__(
        self, round_id: int, length: int, compute: Callable[[], list[RankingRow]], version: str | None
    ):
        self.round_id, self.length, self.compute, self.version = round_id, length, compute, version

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, bounds: slice) -> tuple[RankingRow, ...]:
        if bounds.start >= bounds.stop:
            return ()
        # The paginator asks only for the bounds of a valid page: few keys, and none made of user input.
        key = f"tenders:ranking:{self.round_id}:rows:{bounds.start}-{bounds.stop}"
        return cached(key, lambda: tuple(self.compute()[bounds]), version=self.version)


def _summarise(round_: Round, rows: list[RankingRow]) -> RankingSummary:
    counts = Counter(row.funding for row in rows)
    line = next((index for index, row in enumerate(rows) if row.funding == "none"), None)
    return RankingSummary(
        count=len(rows),
        in_full=counts["full"],
        in_part=counts["partial"],
        not_funded=counts["none"],
        refused=counts["refused"],
        below_minimum=counts["below_minimum"],
        within_ceiling=sum((row.fundable_amount for row in rows), Decimal("0")),
        line_index=line,
        line_position=None if line is None else rows[line].position,
        maximum_total=maximum_total(round_),
    )


def portal_applications(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return (
        queryset.select_related("round", "organisation")
        .prefetch_related(Prefetch("information_requests", to_attr="requests"))
        .order_by("-created_at")
    )


def granted_register() -> QuerySet:
    """The public register of granted subsidies: the current decision of every grant, public information only.

    One row per granted application, with the amount of its latest decision (a decision on
    objection replaces the original one).
    """
    # "No later decision exists" as an anti-join: the planner estimates it well, where a "pk = (latest)"
    # subquery was estimated at a few rows and joined the organisations in a nested loop (0.2 s at scale 1).
    later = Decision.objects.filter(application=OuterRef("application")).filter(
        Q(decided_at__gt=OuterRef("decided_at")) | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
    )
    return (
        Decision.objects.filter(granted_amount__gt=0)
        .exclude(Exists(later))
        .select_related("application__organisation", "application__round__programme")
        .prefetch_related("application__themes", "application__neighbourhoods")
        .order_by("-decided_at", "application__reference")
    )


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
            name = score.assessment.assessor.get_full_name() or score.assessment.assessor.get_username()
            per_assessor[name] = per_assessor.get(name, 0) + score.score * criterion.weight
    count = len(per_assessor)
    total = None
    if count:
        points = sum(
            (row.agreed.score * count if row.agreed else sum(s.score for s in row.scores))
            * row.criterion.weight
            for row in rows
        )
        total = (Decimal(points) / count).quantize(Decimal("0.01"))
    return AssessmentPanel(rows, [(name, Decimal(value)) for name, value in per_assessor.items()], total)


def objectionable(application: Application) -> list[Decision | Settlement]:
    """The decisions an objection can be against, oldest first: every decision on the application except
    decisions on objection (Awb 7:1: against those only appeal), and every settlement."""
    decisions = list(application.decisions.filter(on_objection__isnull=True))
    return sorted(
        [*decisions, *application.settlements.all()],
        key=lambda d: d.decided_at if isinstance(d, Decision) else d.settled_at,
    )
