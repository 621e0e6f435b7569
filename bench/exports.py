"""Export benchmark: 100,000 applications to CSV and XLSX through the portal's export writers, next to
PostgreSQL `COPY (…) TO STDOUT` of the same rows, in the same run.

    python bench/exports.py [--rows 100000]

Uses DATABASE_URL (default: the local `bench_exports` database, created and migrated when missing) and
fills one round with the requested number of submitted applications the first time. Each measurement
runs in its own process, so its peak memory (ru_maxrss) is its own; the memory of the same process
just before the export (Django loaded, connected) is printed beside it. Targets: CSV within 3× the time
of COPY, XLSX within 15×, peak memory under 200 MB. A JSON file with the figures goes to bench/results/.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_exports"
COLUMNS = "a.reference, o.name, a.title, a.state, a.requested_amount, a.submitted_at, a.expected_reach"  # the same columns as tenders.exports.round_applications
TARGETS = {"csv": 3, "xlsx": 15}
MEMORY_LIMIT_MB = 200
# Run as a script (`python bench/exports.py`), the project is not on the path: the database's mark
# (bench/marker.py) is read before Django is set up.
sys.path.insert(0, str(ROOT))


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maastricht_inclusie.settings")
    os.environ.setdefault("DEBUG", "1")  # development settings: no SECRET_KEY needed, nothing served
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(rows: int) -> int:
    """Create the database, migrate it and fill one round with `rows` applications (once)."""
    import psycopg
    import psycopg.sql

    from bench.marker import MARK

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
            admin.execute(psycopg.sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                psycopg.sql.Identifier(name), psycopg.sql.Literal(MARK)))  # fmt: skip
    _django()
    from bench.marker import is_bench_database

    if not is_bench_database():
        sys.exit(
            f"{name} is not marked as a benchmark database (bench/marker.py); the benchmark writes into it."
        )
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from initiatives.models import Organisation
    from tenders.models import Application, Programme, Round

    today = timezone.localdate()
    programme, _ = Programme.objects.get_or_create(
        code="BENCH",
        defaults={"name": "Benchmark", "total_budget": Decimal("100000000"), "funding_source": "Benchmark",
                  "starts_on": today, "ends_on": today.replace(year=today.year + 1)},
    )  # fmt: skip
    round_, _ = Round.objects.get_or_create(
        programme=programme, number=1,
        defaults={"title": "Benchmarkronde", "ceiling": Decimal("1000000"), "opens_at": timezone.now(),
                  "closes_at": timezone.now(), "minimum_amount": Decimal("1"), "maximum_amount": Decimal("50000")},
    )  # fmt: skip
    have = Application.objects.filter(round=round_).count()
    if have < rows:
        user, _ = get_user_model().objects.get_or_create(username="bench-exports")
        organisations = list(Organisation.objects.filter(name__startswith="Benchmarkorganisatie "))
        if not organisations:
            Organisation.objects.bulk_create(
                Organisation(name=f"Benchmarkorganisatie {i}", slug=f"benchmarkorganisatie-{i}", kind="volunteer",
                             description="Benchmark", status="verified")
                for i in range(500)
            )  # fmt: skip
            organisations = list(Organisation.objects.filter(name__startswith="Benchmarkorganisatie "))
        now = timezone.now()
        batch = []
        for i in range(have, rows):
            batch.append(
                Application(
                    round=round_, organisation=organisations[i % len(organisations)], created_by=user,
                    submitted_by=user, title=f"Project {i}: ontmoeting in de buurt", summary="Samenvatting",
                    plan="Plan", expected_reach=100 + i % 400, requested_amount=Decimal(1000 + i % 40000),
                    state="submitted", reference=f"BENCH-R1-{i:06d}", submitted_at=now, complete_at=now,
                )
            )  # fmt: skip
            if len(batch) == 5000:
                Application.objects.bulk_create(batch)
                batch = []
        Application.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        # Statistics as autovacuum would gather them soon after a bulk load: without them the export's query was
        # planned for 118 rows (a nested loop over the organisations, 1.1 s) where COPY's was not.
        cursor.execute("ANALYZE tenders_application, initiatives_organisation")
    return round_.pk


def measure(kind: str, round_id: int) -> dict:
    """One measurement, in this process: COPY, or the portal's CSV or XLSX writer."""
    _django()
    from django.db import connection

    connection.ensure_connection()
    before = _rss_mb()
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        if kind == "copy":
            sql = (
                f"COPY (SELECT {COLUMNS} FROM tenders_application a JOIN initiatives_organisation o "
                f"ON o.id = a.organisation_id WHERE a.round_id = {int(round_id)} AND a.state <> 'draft' "
                "ORDER BY a.reference, a.id) TO STDOUT WITH (FORMAT csv, HEADER)"
            )
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for block in copy:
                    out.write(block)
        else:
            from exports.writers import WRITERS
            from tenders.exports import round_applications

            WRITERS[kind](round_applications(round=round_id), out, lambda: None)
        seconds = time.perf_counter() - start
        size = out.tell()
    return {"kind": kind, "seconds": round(seconds, 3), "bytes": size, "rss_before_mb": round(before, 1),
            "peak_rss_mb": round(_rss_mb(), 1)}  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--measure", choices=["copy", "csv", "xlsx"], help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    if args.measure:
        print(json.dumps(measure(args.measure, args.round)))
        return
    print(
        f"Preparing {args.rows:,} applications in {os.environ['DATABASE_URL'].rsplit('@', 1)[-1]} …",
        flush=True,
    )
    round_id = prepare(args.rows)
    results = {}
    for kind in ("copy", "csv", "xlsx"):
        done = subprocess.run(
            [sys.executable, __file__, "--measure", kind, "--round", str(round_id)],
            check=True, capture_output=True, text=True, env=os.environ,
        )  # fmt: skip
        results[kind] = json.loads(done.stdout.strip().splitlines()[-1])
    copy_seconds = results["copy"]["seconds"]
    print(f"\nExport of {args.rows:,} applications (the columns of 'Applications of a round')\n")
    print(f"{'method':<8} {'seconds':>8} {'× COPY':>7} {'target':>7} {'MB file':>8} {'RSS before':>11} {'peak RSS':>9}  verdict")  # fmt: skip
    verdicts = {}
    for kind, row in results.items():
        ratio = row["seconds"] / copy_seconds if copy_seconds else 0
        target = TARGETS.get(kind)
        ok = (target is None or ratio <= target) and row["peak_rss_mb"] < MEMORY_LIMIT_MB
        verdicts[kind] = ok
        print(
            f"{kind:<8} {row['seconds']:>8.2f} {ratio:>7.1f} {('≤' + str(target) + '×') if target else 'ceiling':>7} "
            f"{row['bytes'] / 1e6:>8.1f} {row['rss_before_mb']:>10.0f}M {row['peak_rss_mb']:>8.0f}M  "
            f"{'met' if ok else 'MISSED'}"
        )
    print(
        f"\nTargets: CSV ≤ {TARGETS['csv']}× COPY, XLSX ≤ {TARGETS['xlsx']}× COPY, peak memory < {MEMORY_LIMIT_MB} MB."
    )
    out = ROOT / "bench" / "results" / f"exports-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"rows": args.rows, "machine": platform.platform(), "cpus": os.cpu_count(),
                               "results": results, "targets_met": verdicts}, indent=2))  # fmt: skip
    print(f"Figures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
