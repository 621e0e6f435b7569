"""What an officer waits for after an assessment is submitted: the ranking of the benchmark's round computed afresh,
next to the aggregate over every score that it ran on every computation until the totals were kept (issue 22).

    DATABASE_URL=… python bench/computations.py [--repeat 5]

Runs in-process against data already generated (`generate_bench_data`, or `bench/run.py`, which leaves the
database at its last scale) and prints, for the round that `bench/pages.py` ranks:
- the ranking and its summary computed as the ranking page does on a miss (`tenders.queries.ranking`, then the
  summary), median of `--repeat`;
- the baseline in the same run: the aggregate over the round's scores that each computation ran before
  (`tenders.totals.computed`, the same rule), median of `--repeat`;
- what a submission now costs on top: refreshing one application's kept totals (`tenders.totals.refresh`),
  median of 20, in a transaction that is rolled back.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_seconds(work, repeat: int) -> float:
    times = []
    for _time in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(repeat: int = 5) -> dict:
    from django.db import transaction

    from bench.benchdata import PROGRAMME_CODE, RANKING_ROUND
    from tenders import queries, totals
    from tenders.models import Application, Round

    round_ = Round.objects.get(programme__code=PROGRAMME_CODE, number=RANKING_ROUND)
    rows = queries.ranking(round_)
    ranked = _median_seconds(lambda: queries._summarise(round_, queries.ranking(round_)), repeat)
    aggregate = _median_seconds(lambda: totals.computed(assessment__application__round=round_), repeat)
    one = (
        Application.objects.filter(round=round_, score_total__isnull=False)
        .values_list("pk", flat=True)
        .first()
    )
    if one is None:
        raise SystemExit(f"{round_} has no assessed applications: generate the benchmark's data first.")

    def refreshed():
        with transaction.atomic():
            totals.refresh([one])
            transaction.set_rollback(True)

    return {
        "round": str(round_),
        "applications": Application.objects.filter(round=round_).count(),
        "ranked": len(rows),
        "ranking_and_summary_s": round(ranked, 3),
        "per_ranked_row_us": round(ranked / max(len(rows), 1) * 1e6, 1),
        "baseline_aggregate_over_scores_s": round(aggregate, 3),
        "baseline_total_s": round(ranked + aggregate, 3),
        "refresh_one_application_ms": round(_median_seconds(refreshed, 20) * 1000, 2),
    }


def report(figures: dict) -> str:
    return "\n".join(
        [
            f"Ranking of {figures['round']}: {figures['ranked']:,} ranked of {figures['applications']:,} applications",
            f"  computed afresh (ranking + summary), totals kept:   {figures['ranking_and_summary_s']:.3f} s"
            f" ({figures['per_ranked_row_us']} µs a ranked row)",
            f"  baseline, the aggregate over the scores each time: +{figures['baseline_aggregate_over_scores_s']:.3f}"
            f" s (then {figures['baseline_total_s']:.3f} s in all)",
            f"  a submission's refresh of its application's totals: {figures['refresh_one_application_ms']:.2f} ms",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    figures = measure(args.repeat)
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
