"""Every read the tender pages need: rounds, application lists and the ranking."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached

from .allocation import TIE_BREAK_RULE as TIE_BREAK_RULE
from .allocation import TIE_RULES as TIE_RULES
from .allocation import RankingRow, Rules, allocate
from .models import (
    Application,
    Assessment,
    BudgetLine,
    Criterion,
    Decision,
    Round,
    Score,
    Settlement,
    State,
)
from .panel_queries import AssessmentPanel as AssessmentPanel
from .panel_queries import assessment_panel as assessment_panel
from .panel_queries import round_panel as round_panel
from .workflow import reachable_from


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


def ranking(round_: Round) -> list[RankingRow]:
    """The ranked list with the ceiling line (Awb 4:25–4:27), in one query whatever the size.

    Tender: by the average weighted total of the submitted assessments (kept as they come in: `tenders.totals`),
    ties broken by the round's tie rule.
    First come, first served: by the moment the application became complete.
    Applications are funded in order until the ceiling by allocation.allocate(), the one rule every reader uses.
    """
    original = Decision.objects.filter(application=OuterRef("pk"), on_objection__isnull=True)
    values = (
        Application.objects.filter(round=round_, state__in=_ranked_states(round_))
        # One declared ineligible is refused on that ground, never ranked (its refusal is a state it shares).
        .exclude(history__to_state=State.INELIGIBLE)
        .order_by()
        .annotate(decided=Subquery(original.values("granted_amount")[:1]))
        .values_list(
            "pk", "reference", "title", "organisation__name", "requested_amount", "complete_at", "decided",
            "score_total__total", "score_total__first_score",
        )
    )  # fmt: skip
    by_first = round_.tie_rule == Round.TieRule.FIRST_CRITERION
    candidates = [
        RankingRow(
            application_id=pk,
            reference=reference,
            title=title,
            organisation=organisation,
            requested_amount=requested,
            complete_at=complete_at,
            total=total if round_.is_tender else None,
            first_score=first if by_first else None,
            decided_amount=decided,
        )
        for pk, reference, title, organisation, requested, complete_at, decided, total, first in values
    ]
    return list(allocate(candidates, Rules.of(round_)))


def maximum_total(round_: Round) -> int:
    return sum(c.weight * c.maximum_score for c in round_.criteria.all())


# The officer's ranking page: a summary of the whole ranking and one page of rows, both cached.

RANKING_PAGE_SIZE = 50
DECISIONS_PAGE_SIZE = 25


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
    objection replaces the original one), or, once settled, the settled amount (`amount`, `settled_amount`).
    """
    # "No later decision exists" as an anti-join: the planner estimates it well, where a "pk = (latest)"
    # subquery was estimated at a few rows and joined the organisations in a nested loop (0.2 s at scale 1).
    # An unfounded or inadmissible objection's decision keeps the earlier one in force: it is no "later" one.
    later = (
        Decision.objects.filter(application=OuterRef("application"))
        .exclude(outcome__in=Decision.KEEPS_DECISION)
        .filter(
            Q(decided_at__gt=OuterRef("decided_at"))
            | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
        )
    )
    settled = Settlement.objects.filter(application=OuterRef("application"), reopened_at__isnull=True)
    return (
        Decision.objects.filter(granted_amount__gt=0)
        .exclude(Exists(later))
        # Once settled, the register shows the settled amount (and says so): that is what the subsidy came to.
        .annotate(settled_amount=Subquery(settled.values("final_amount")[:1]))
        .annotate(amount=Coalesce("settled_amount", "granted_amount"))
        .select_related("application__organisation", "application__round__programme")
        .prefetch_related("application__themes", "application__neighbourhoods")
        .order_by("-decided_at", "application__reference")
    )


def objectionable(application: Application) -> list[Decision | Settlement]:
    """The decisions an objection can be against, oldest first: every decision on the application except
    decisions on objection (Awb 7:1: against those only appeal), and every settlement."""
    decisions = list(application.decisions.filter(on_objection__isnull=True))
    return sorted(
        [*decisions, *application.settlements.all()],
        key=lambda d: d.decided_at if isinstance(d, Decision) else d.settled_at,
    )


def decisions_taken(round_: Round, number) -> Page:
    """A page of the decisions already taken in a round, newest first."""
    decisions = Decision.objects.filter(application__round=round_).order_by("-decided_at", "-pk")
    return Paginator(decisions.select_related("application"), DECISIONS_PAGE_SIZE).get_page(number)
