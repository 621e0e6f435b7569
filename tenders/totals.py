"""The applications' scores as the ranking reads them, kept as they come in (`ScoreTotal`).

A ranking needs every application's weighted total (and, under one tie rule, its score on the first criterion).
Computing them for the whole round on every read made the ranking grow with all scores ever given: at ten times
the data, the aggregate alone took 0.75 s. Instead the services that change what they are computed from refresh
the totals of that one application, in their own transaction and under the application's lock:
`assessment.save_scores` when an assessment is submitted and `panel.record_consensus` when an agreed score is
recorded. Nothing else changes them: scores can be saved only until their assessment is submitted, a conflict of
interest can be declared only before it, and the criteria are frozen once the round is published (Awb 4:25).
A bulk load (the benchmark's data) refreshes a whole round at once (`refresh_round`).

The rule itself is unchanged (Awb 4:26, the ranking by the published criteria): per application the weighted
points averaged over its submitted assessments without a conflict, an agreed score (ConsensusScore) counting
instead of the average on its criterion, rounded to cents.
"""

import logging
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Min, OuterRef, Subquery, Sum

from .models import ConsensusScore, Criterion, Round, Score, ScoreTotal

CENT = Decimal("0.01")
logger = logging.getLogger(__name__)


def computed(**where) -> dict[int, tuple[Decimal, Decimal | None]]:
    """Per application chosen by `where` (a filter on Score): its weighted total and its score on its round's
    first criterion (None when that criterion has no score), from the scores as they are now."""
    agreed = ConsensusScore.objects.filter(
        application=OuterRef("assessment__application"), criterion=OuterRef("criterion")
    )
    rows = (
        Score.objects.filter(assessment__has_conflict=False, assessment__submitted_at__isnull=False, **where)
        .values("assessment__application", "assessment__application__round", "criterion")
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
    sums: dict[int, list] = {}
    firsts: dict[int, int] = {}
    for row in rows:
        application, n = row["assessment__application"], row["assessments"]
        points = row["points"] if row["agreed"] is None else row["agreed"] * n
        entry = sums.setdefault(application, [0, n, None])
        entry[0] += points * row["weight"]
        round_id = row["assessment__application__round"]
        if round_id not in firsts:
            firsts[round_id] = _first_criterion(round_id)
        if row["criterion"] == firsts[round_id]:
            entry[2] = (Decimal(points) / n).quantize(CENT)
    return {pk: ((Decimal(weighted) / n).quantize(CENT), first) for pk, (weighted, n, first) in sums.items()}


def _first_criterion(round_id: int) -> int | None:
    criteria = Criterion.objects.filter(round=round_id).order_by("position", "pk")
    return criteria.values_list("pk", flat=True).first()


def refresh(application_ids: Iterable[int]) -> None:
    """Recompute the totals of these applications. Call it in the transaction that changed their scores, holding
    the application's lock: of two assessors submitting at once, the later one then counts the earlier one's
    scores too."""
    ids = list(application_ids)
    _store(computed(assessment__application__in=ids), ScoreTotal.objects.filter(application__in=ids))


def refresh_round(round_: Round) -> None:
    """Recompute every total of a round: after a bulk load, which writes scores without the services."""
    _store(
        computed(assessment__application__round=round_),
        ScoreTotal.objects.filter(application__round=round_),
    )


def ensure_current(round_: Round) -> None:
    """Before the ranking proposes or binds a decision (Awb 4:26): the round's kept totals compared with what its
    scores give, and any that differ put right (and logged). Only a write past the services makes them differ,
    such as an older process still running while a deploy adds this table; a decision must never follow such a
    total. It costs the aggregate the ranking no longer runs, paid by the decision pages and services only.
    Under the round's lock, which a submission takes too (`save_scores` locks the assessment with its round)."""
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        kept = ScoreTotal.objects.filter(application__round=round_).values_list(
            "application", "total", "first_score"
        )
        actual = computed(assessment__application__round=round_)
        if {pk: (total, first) for pk, total, first in kept} != actual:
            logger.warning(
                "The kept score totals of round %s differed from its scores; put right.", round_.pk
            )
            _store(actual, ScoreTotal.objects.filter(application__round=round_))


def _store(values: dict[int, tuple[Decimal, Decimal | None]], existing) -> None:
    existing.exclude(application__in=list(values)).delete()
    ScoreTotal.objects.bulk_create(
        [
            ScoreTotal(application_id=pk, total=total, first_score=first)
            for pk, (total, first) in values.items()
        ],
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=["total", "first_score"],
    )
