"""Fill an empty database with realistic data at scale, for the benchmarks in bench/ (issue 10).

At --scale 1: 2,000 organisations, 5,000 initiatives, three tender rounds with 10,000 applications
(budget lines, history, assessments, decisions, payments, settlements and ledger entries), 500 key
persons with 50,000 contact moments and 20,000 signals. --scale 4 is four times that; a fraction
such as 0.01 makes a small set for tests. bench.benchdata writes the rows.

It never fills or empties a real database by accident: it runs only on a database marked as a benchmark
database (bench/marker.py: a comment only the database's owner can set), it needs DEBUG on or --yes-i-know, and
it refuses a database that already holds organisations, applications or key persons unless --flush empties it.
"""

from time import monotonic

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench.benchdata import FILLED_MODELS, flush_generated_data, generate
from bench.marker import MARK, is_bench_database


class Command(BaseCommand):
    help = "Fill an empty database with benchmark data (scale 1: 2,000 organisations, 10,000 applications)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 is the reference size; 4 is four times it."
        )
        parser.add_argument("--seed", type=int, default=2017, help="The same seed gives the same data.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the portal's tables first, the access log included (the reference lists stay).",
        )
        parser.add_argument(
            "--yes-i-know",
            action="store_true",
            dest="yes_i_know",
            help="Run with DEBUG off, on a database meant for benchmarks. Never on one with real data.",
        )

    def handle(self, *args, scale, seed, flush, yes_i_know, **options):
        if not (settings.DEBUG or yes_i_know):
            raise CommandError(
                "generate_bench_data fills the database with thousands of fictional rows, so it runs only with "
                "DEBUG on, or with --yes-i-know on a database meant for benchmarks."
            )
        if not is_bench_database():
            raise CommandError(
                "This database is not marked as a benchmark database, so generate_bench_data neither fills nor "
                "empties it. bench/run.py marks the databases it creates; to mark a scratch database by hand, run "
                f"as its owner: COMMENT ON DATABASE <name> IS '{MARK}';"
            )
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        started = monotonic()
        with transaction.atomic():
            if flush:
                flush_generated_data()
            filled = {model._meta.verbose_name_plural: model.objects.count() for model in FILLED_MODELS}
            if any(filled.values()):
                found = ", ".join(f"{count} {name}" for name, count in filled.items() if count)
                raise CommandError(
                    f"The database is not empty ({found}). Use an empty database, or add --flush to empty the "
                    "portal's tables first."
                )
            written = generate(scale=scale, seed=seed)
        for table, count in written.items():
            self.stdout.write(f"  {table:<40} {count:>9,}")
        seconds = monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Benchmark data at scale {scale:g}: {seconds:.1f} s."))
