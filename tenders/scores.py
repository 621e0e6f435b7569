"""Scores per application beside the weighted total: what a round's tie rule may need (Awb 4:26)."""

from decimal import Decimal

from django.db.models import Avg, OuterRef, Subquery

from .models import ConsensusScore, Criterion, Round, Score


def first_criterion_scores(round_: Round) -> dict[int, Decimal]:
    """Per application: its score on the round's first criterion (the agreed score, else the average of the
    submitted assessments without a conflict), for the tie rule "higher score on the first criterion first"."""
    first = (
        Criterion.objects.filter(round=round_).order_by("position", "pk").values_list("pk", flat=True).first()
    )
    if first is None:
        return {}
    agreed = ConsensusScore.objects.filter(application=OuterRef("assessment__application"), criterion=first)
    rows = (
        Score.objects.filter(
            assessment__application__round=round_, criterion=first, assessment__has_conflict=False,
            assessment__submitted_at__isnull=False,
        )
        .values("assessment__application")
        .annotate(average=Avg("score"), agreed=Subquery(agreed.values("score")[:1]))
        .order_by()
    )  # fmt: skip
    return {
        row["assessment__application"]: Decimal(
            row["average"] if row["agreed"] is None else row["agreed"]
        ).quantize(Decimal("0.01"))
        for row in rows
    }
