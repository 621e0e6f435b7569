"""Every read the tender pages need: rounds, application lists and the ranking."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached

from .models import Application, Assessment, BudgetLine, Criterion, Decision, Round, Score, State
from .workflow import reachable_from

TIE_BREAK_RULE = _(
    "Applications with the same total score are ranked by the moment they became complete: earlier ranks higher. "
    "If that is equal too, the earlier reference ranks higher."
)


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


@dataclass(frozen=True)
class RankingRow:
    """One application's place in a round's ranking, as every reader sees it: the ranking pages (staff and
    portal), the summary, the exports and the proposed decisions. Plain values, no model instances, so a
    cached page is cheap to read."""

    application_id: int
    reference: str
    title: str
    organisation: str
    requested_amount: Decimal | None
    complete_at: datetime
    position: int | None = None  # None: not ranked (below the minimum score)
    total: Decimal | None = None  # the average weighted score; None in a first-come round
    funding: str = ""  # "full", "partial", "none", "below_minimum"
    fundable_amount: Decimal = Decimal("0")


def _ranked_states(round_: Round) -> list[str]:
    # Every application that was assessed keeps its place, also after payment and settlement; a withdrawn one
    # leaves. First come, first served: an eligible application is ranked as it is; a tender ranks assessments.
    ranked = reachable_from(State.ASSESSED if round_.is_tender else State.ELIGIBLE) - {State.WITHDRAWN}
    return sorted(ranked)


def _weighted_totals(round_: Round) -> dict[int, Decimal]:
    """Per application: the weighted total averaged over its submitted assessments without a conflict."""
    rows = (
        Score.objects.filter(
            assessment__application__round=round_,
            assessment__has_conflict=False,
            assessment__submitted_at__isnull=False,
        )
        .values("assessment__application")
        .annotate(
            weighted=Sum(F("score") * F("criterion__weight")),
            assessments=Count("assessment", distinct=True),
        )
    )
    return {
        row["assessment__application"]: (Decimal(row["weighted"]) / row["assessments"]).quantize(
            Decimal("0.01")
        )
        for row in rows
    }


def _allocate(
    round_: Round, candidates: Iterable[RankingRow], totals: dict[int, Decimal]
) -> Iterator[RankingRow]:
    """Rank the candidates and fund them in order until the ceiling."""
    if round_.is_tender:
        ordered = sorted(
            candidates,
            key=lambda r: (-totals.get(r.application_id, Decimal("0")), r.complete_at, r.reference),
        )
    else:
        ordered = sorted(candidates, key=lambda r: (r.complete_at, r.reference))
    remaining, position = round_.ceiling, 0
    for candidate in ordered:
        total = totals.get(candidate.application_id) if round_.is_tender else None
        if round_.is_tender and (total is None or total < round_.minimum_total_score):
            yield replace(candidate, total=total, funding="below_minimum")
            continue
        position += 1
        amount = candidate.requested_amount or Decimal("0")
        if amount <= remaining:
            funding, fundable = "full", amount
        elif remaining > 0:
            funding, fundable = "partial", remaining
        else:
            funding, fundable = "none", Decimal("0")
        remaining -= fundable
        yield replace(candidate, position=position, total=total, funding=funding, fundable_amount=fundable)


def ranking(round_: Round) -> list[RankingRow]:
    """The ranked list with the ceiling line (Awb 4:25–4:27), in two queries whatever the size.

    Tender: by the average weighted total of the submitted assessments, ties broken by TIE_BREAK_RULE.
    First come, first served: by the moment the application became complete.
    Applications are funded in order until the ceiling; the one that crosses it is funded in part
    (refused only "for as far as" the ceiling would be exceeded), the rest not.
    """
    candidates = [
        RankingRow(*values)
        for values in Application.objects.filter(round=round_, state__in=_ranked_states(round_))
        .order_by()
        .values_list("pk", "reference", "title", "organisation__name", "requested_amount", "complete_at")
    ]
    totals = _weighted_totals(round_) if round_.is_tender else {}
    return list(_allocate(round_, candidates, totals))


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
    below_minimum: int
    within_ceiling: Decimal  # what the ranking allocates: at most the ceiling
    line_index: int | None  # the first row below the ceiling line; None when no row falls below it
    line_position: int | None  # that row's position: the line falls just above it
    maximum_total: int

    def page_of_line(self, per_page: int) -> int | None:
        return None if self.line_index is None else self.line_index // per_page + 1


def ranking_page(round_: Round, number) -> tuple[RankingSummary, Page]:
    """The summary of a round's ranking and one page of its rows, as ranking() ranks and funds them.

    Both are cached until the data changes, under the data version read once, before anything is
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

    version = data_version.current()
    summary = cached(
        f"tenders:ranking:{round_.pk}:summary", lambda: _summarise(round_, rows()), version=version
    )
    paginator = Paginator(_CachedRows(round_.pk, summary.count, rows, version), RANKING_PAGE_SIZE)
    return summary, paginator.get_page(number)


class _CachedRows:
    """The ranking's rows as the paginator sees them: the length from the summary, a page from the cache."""

    def __init__(self, round_id: int, length: int, compute: Callable[[], list[RankingRow]], version: int):
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
