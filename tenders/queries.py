"""Every read the tender pages need: rounds, application lists and the ranking."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Application, Assessment, BudgetLine, Criterion, Decision, Round, Score, State

TIE_BREAK_RULE = _(
    "Applications with the same total score are ranked by the moment they became complete: earlier ranks higher. "
    "If that is equal too, the earlier reference ranks higher."
)


def rounds_for_applicants() -> QuerySet[Round]:
    """Published rounds that are open now or open later, with their criteria."""
    return (
        Round.objects.filter(published_at__isnull=False, closes_at__gt=timezone.now())
        .select_related("programme")
        .prefetch_related("criteria")
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
        .select_related("organisation")
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


@dataclass
class RankedApplication:
    position: int | None
    application: Application
    total: Decimal | None
    funding: str  # "full", "partial", "none", "below_minimum"
    fundable_amount: Decimal


def ranking(round_: Round) -> list[RankedApplication]:
    """The ranked list with the ceiling line (Awb 4:25–4:27), in two queries whatever the size.

    Tender: by the average weighted total of the submitted assessments, ties broken by TIE_BREAK_RULE.
    First come, first served: by the moment the application became complete.
    Applications are funded in order until the ceiling; the one that crosses it is funded in part
    (refused only "for as far as" the ceiling would be exceeded), the rest not.
    """
    # Every application that was assessed keeps its place, also after payment and settlement.
    ranked_states = [
        State.ASSESSED, State.GRANTED, State.PARTIALLY_GRANTED, State.REJECTED, State.ADVANCE_PAID,
        State.REPORT_DUE, State.REPORT_SUBMITTED, State.SETTLED, State.CLOSED,
    ]  # fmt: skip
    if not round_.is_tender:
        ranked_states += [State.ELIGIBLE]
    applications = list(
        Application.objects.filter(round=round_, state__in=ranked_states).select_related("organisation")
    )
    totals = {}
    if round_.is_tender:
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
        totals = {
            row["assessment__application"]: (Decimal(row["weighted"]) / row["assessments"]).quantize(
                Decimal("0.01")
            )
            for row in rows
        }
        applications.sort(key=lambda a: (-totals.get(a.pk, Decimal("0")), a.complete_at, a.reference))
    else:
        applications.sort(key=lambda a: (a.complete_at, a.reference))

    result, remaining, position = [], round_.ceiling, 0
    for application in applications:
        total = totals.get(application.pk) if round_.is_tender else None
        if round_.is_tender and (total is None or total < round_.minimum_total_score):
            result.append(RankedApplication(None, application, total, "below_minimum", Decimal("0")))
            continue
        position += 1
        amount = application.requested_amount or Decimal("0")
        if amount <= remaining:
            funding, fundable = "full", amount
        elif remaining > 0:
            funding, fundable = "partial", remaining
        else:
            funding, fundable = "none", Decimal("0")
        remaining -= fundable
        result.append(RankedApplication(position, application, total, funding, fundable))
    return result


def maximum_total(round_: Round) -> int:
    return sum(c.weight * c.maximum_score for c in round_.criteria.all())


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
