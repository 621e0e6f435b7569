"""Each application's weighted total and first-criterion score, kept as the assessments come in
(`tenders.totals`), filled here for the scores given before (a migration of its own: the
table's deferred constraints are made at the end of the one that creates it).

The rule is the one the ranking computed on every read until now, written out again for the historical models
(a migration must not import code that may change later)."""

from decimal import Decimal

from django.db import migrations


def fill(apps, schema_editor):
    Score = apps.get_model("tenders", "Score")
    ConsensusScore = apps.get_model("tenders", "ConsensusScore")
    Criterion = apps.get_model("tenders", "Criterion")
    ScoreTotal = apps.get_model("tenders", "ScoreTotal")
    first = {}
    for pk, round_id in Criterion.objects.order_by("-position", "-pk").values_list("pk", "round"):
        first[round_id] = pk  # the last one written is the first by position, then pk
    agreed = {
        (application, criterion): score
        for application, criterion, score in ConsensusScore.objects.values_list(
            "application", "criterion", "score"
        )
    }
    points = {}
    scores = Score.objects.filter(assessment__has_conflict=False, assessment__submitted_at__isnull=False)
    for application, round_id, criterion, weight, score in scores.values_list(
        "assessment__application", "assessment__application__round", "criterion", "criterion__weight", "score"
    ).iterator():
        entry = points.setdefault(application, {}).setdefault(criterion, [0, 0, weight, first.get(round_id)])
        entry[0] += score
        entry[1] += 1
    cent = Decimal("0.01")
    rows = []
    for application, criteria in points.items():
        weighted, n, first_score = 0, 1, None
        for criterion, (total, count, weight, first_of_round) in criteria.items():
            n = count
            given = (
                total if (application, criterion) not in agreed else agreed[application, criterion] * count
            )
            weighted += given * weight
            if criterion == first_of_round:
                first_score = (Decimal(given) / count).quantize(cent)
        rows.append(ScoreTotal(application_id=application, total=(Decimal(weighted) / n).quantize(cent),
                               first_score=first_score))  # fmt: skip
    ScoreTotal.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0023_score_total"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
