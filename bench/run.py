"""The benchmarks of issue 10 in one command: `make bench`, or `python bench/run.py`.

1. Creates (if missing) and migrates the PostgreSQL database at DATABASE_URL (default: the local
   `bench` database), and collects the static files (DEBUG is off, as in production).
2. Query counts: fills the database with generate_bench_data at each --count-scales (4, then 1) and
   counts the queries of one request to each page, with the cache emptied first.
3. Load: at --scale (1), starts gunicorn (2 sync workers, bench/settings.py) on 127.0.0.1 and runs
   wrk with 16 connections per page, 3 seconds to warm up and 20 to measure: requests per second,
   p50 and p95. The baseline page (one indexed query, a small template) runs first and last: the
   practical ceiling of this stack on this machine.
4. Import: 10,000 organisations through django-import-export (OrganisationResource, as the admin
   imports them; a dry run and the import), against PostgreSQL COPY of the same rows.
5. With --compare-scale SCALE (off by default: about 10 minutes more at scale 10), generates that scale last
   and counts and loads the same pages again: p95 at most 1.5 times that of the load run, and the same queries
   (issue 22). The database is left at that scale.
6. Writes bench/results/<time>.json and bench/latest.json, prints the tables, and exits non-zero
   while a target is missed.

Other processes' CPU use is sampled around each measurement and kept with it; on a shared machine,
--wait-for-idle SECONDS waits for a quiet moment first. wrk comes from Debian (`apt-get install
wrk`); the script installs it when it can.
"""

import argparse
import io
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_bench import import_benchmark  # noqa: E402
from bench.letters import ROUND_APPLICATIONS, letters_benchmark  # noqa: E402
from bench.measure import (  # noqa: E402
    IDLE_ENOUGH,
    background_cpu,
    check,
    drain,
    gunicorn,
    measure,
    wait_for_idle,
)
from bench.targets import P95_GROWTH, report, targets  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
RESULTS = ROOT / "bench" / "results"
LATEST = ROOT / "bench" / "latest.json"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="data scale of the load and import runs")
    parser.add_argument(
        "--count-scales", default="1,4", help="scales of the query-count report, comma-separated"
    )
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=20, help="seconds per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pages", help="only these pages (names, comma-separated)")
    parser.add_argument(
        "--wait-for-idle",
        type=int,
        default=0,
        metavar="SECONDS",
        help="before each page, wait up to this long for other processes to leave the CPUs idle",
    )
    parser.add_argument("--keep-data", action="store_true", help="use the data already in the database")
    parser.add_argument("--skip-counts", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--letters", type=int, default=ROUND_APPLICATIONS, metavar="N",
        help="applications in the round decision of the letters' benchmark (0 skips it)",
    )  # fmt: skip
    parser.add_argument(
        "--writes-per-second",
        type=float,
        default=5.0,
        help="changes the background writer commits while each public page is measured (0: none)",
    )
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-profile", action="store_true")
    parser.add_argument(
        "--compare-scale",
        type=float,
        default=0,
        metavar="SCALE",
        help="after the rest, generate this scale (e.g. 10) and measure the same pages again: p95 within "
        f"{P95_GROWTH:g}x of --scale and the same queries (about 10 minutes more at scale 10; off by default)",
    )
    args = parser.parse_args()

    configure_environment()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    result = {
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
        "commit": commit(),
        "machine": machine(),
        "settings": {
            "scale": args.scale,
            "clients": args.clients,
            "duration_s": args.duration,
            "gunicorn_workers": args.workers,
            "load_generator": wrk_version(),
        },
    }
    count_scales = [] if args.skip_counts else [float(s) for s in args.count_scales.split(",") if s]
    # The load run's scale last, so the database is left at it.
    count_scales.sort(key=lambda scale: scale == args.scale)
    result["data"] = {}
    result["query_counts"] = {}
    for scale in count_scales:
        if not (args.keep_data and scale == args.scale):
            result["data"][f"{scale:g}"] = generate(scale)
        result["query_counts"][f"{scale:g}"] = counted()
    if (not count_scales or count_scales[-1] != args.scale) and not args.keep_data:
        result["data"][f"{args.scale:g}"] = generate(args.scale)
    result["pages"], result["lighthouse"] = ({}, None) if args.skip_load else load(args)
    if not args.skip_profile:
        from bench.profiling import profiled

        result["profile"], result["ranking_afresh"] = profiled("")
    if not args.skip_import:
        busy = wait_for_idle(args.wait_for_idle)
        result["import"] = import_benchmark() | {"background_cpu": busy}
    else:
        result["import"] = None
    if args.letters:
        busy = wait_for_idle(args.wait_for_idle)
        result["letters"] = letters_benchmark(args.letters) | {"background_cpu": busy}
    else:
        result["letters"] = None
    result["compare"] = compare(args) if args.compare_scale else None
    result["query_counts"] = dict(sorted(result["query_counts"].items(), key=lambda item: float(item[0])))
    result["targets"] = targets(result)

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    (RESULTS / f"{stamp}.json").write_text(text)
    LATEST.write_text(text)
    print(report(result))
    print(f"\nResults: bench/results/{stamp}.json (copied to bench/latest.json)")
    return 0 if all(t["met"] for t in result["targets"]) else 1


# -- setup ------------------------------------------------------------------------------------------


def configure_environment() -> None:
    """Production settings (DEBUG off) with the benchmark's URL conf, for this process and gunicorn."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DEBUG"] = "0"
    # One key for this process (which creates the sessions) and gunicorn (which reads them).
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_urlsafe(32))
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {url}.")
    params = {k: v for k, v in (("host", config["HOST"]), ("port", config["PORT"]), ("user", config["USER"]),
                                 ("password", config["PASSWORD"])) if v}  # fmt: skip
    from bench.marker import MARK

    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            # Made here for the benchmark, so marked as one: the only kind generate_bench_data fills or empties.
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(config["NAME"]), sql.Literal(MARK)
                )
            )
            print(f"Created database {config['NAME']}, marked as a benchmark database.")
        comment = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [config["NAME"]],
        ).fetchone()[0]
        if comment != MARK:
            sys.exit(
                f"{config['NAME']} is not marked as a benchmark database, and the benchmark empties it. Point "
                f"DATABASE_URL at a new database (it is created and marked), or mark this one as its owner: "
                f"COMMENT ON DATABASE {config['NAME']} IS '{MARK}';"
            )


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    apt = ["apt-get", "install", "-y", "-q", "wrk"]
    if shutil.which("apt-get"):
        command = apt if os.geteuid() == 0 else (["sudo", "-n", *apt] if shutil.which("sudo") else None)
        if command:
            print("Installing wrk (Debian package) ...")
            subprocess.run(command, check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    found = shutil.which("wrk")
    if not found:
        sys.exit(
            "The load benchmark needs wrk: install it (apt-get install wrk, brew install wrk) and run again."
        )
    return found


def wrk_version() -> str:
    wrk = shutil.which("wrk")
    if not wrk:
        return "wrk (not installed yet)"
    output = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    return (output.stdout or output.stderr).splitlines()[0].strip()


def commit() -> str:
    """The commit measured, with "+changes" when the working tree differs from it."""
    git = ["git", "-C", str(Path(__file__).resolve().parent.parent)]
    try:
        head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout
        dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True, check=True).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head.strip() + ("+changes" if dirty.strip() else "")


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    import django

    return {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "postgresql_jit": jit,
        "cache": "redis" if os.environ.get("REDIS_URL") else "local memory (per worker)",
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def generate(scale: float) -> dict:
    """Fill the database at a scale (emptying it first) and let PostgreSQL gather its statistics."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    print(f"Generating data at scale {scale:g} ...", flush=True)
    started = time.monotonic()
    call_command(
        "generate_bench_data", scale=scale, flush=True, yes_i_know=True, verbosity=0, stdout=io.StringIO()
    )
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        # What autovacuum would do soon after a bulk load; without statistics the plans are guesses.
        cursor.execute("VACUUM ANALYZE")
        # The load's dirty pages written now, not by a checkpoint spread over the minutes the pages are measured
        # (seen: a 270-second checkpoint under the load run slowed every commit, the network's access log most).
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError as error:  # only a superuser or pg_checkpoint may
            print(f"  no CHECKPOINT after the load ({error}); a checkpoint may run while pages are measured")
    from initiatives.models import Initiative, Organisation
    from keypersons.models import ContactMoment, KeyPerson, Signal
    from tenders.models import Application

    rows = {model._meta.db_table: model.objects.count() for model in (Organisation, Initiative, Application, KeyPerson,
                                                                       ContactMoment, Signal)}  # fmt: skip
    print(f"  {seconds:.1f} s", flush=True)
    return {"generate_seconds": round(seconds, 1), "rows": rows}


def counted() -> dict:
    from bench.pages import count_statements

    counts = {}
    for page, (queries, statements) in count_statements().items():
        counts[page] = {"queries": queries, "statements": statements}
        print(f"  {page:<24} {queries:>3} queries", flush=True)
    return counts


# -- load -------------------------------------------------------------------------------------------


def compare(args) -> dict:
    """The same pages at a larger scale (issue 22: scale 10), generated last, so the database is left at it."""
    from django.core.cache import cache

    scale = args.compare_scale
    found = {"scale": scale, "data": generate(scale)}
    cache.clear()  # nothing computed from the smaller data is served
    found["query_counts"] = counted()
    found["pages"], _scores = ({}, None) if args.skip_load else load(args, lighthouse=False)
    if not args.skip_profile:
        from bench.profiling import profiled

        found["profile"], found["ranking_afresh"] = profiled(f" at scale {scale:g}")
    return found


def load(args, lighthouse: bool = True) -> tuple[dict, dict | None]:
    """Each page under load (public pages with the background writer at work), then Lighthouse."""
    from bench.lighthouse import lighthouse as run_lighthouse
    from bench.pages import BASELINE, PAGES, logged_in_client, session_cookie, url
    from bench.writer import background_writer

    wrk = ensure_wrk()
    wanted = set(args.pages.split(",")) if args.pages else None
    pages = [page for page in PAGES if wanted is None or page.name in wanted]
    cookies = {}
    for page in pages:
        if page.username and page.username not in cookies:
            cookies[page.username] = session_cookie(logged_in_client(page.username))
    base = f"http://127.0.0.1:{args.port}"
    results = {}
    with gunicorn(args, base):
        runs = (
            [("baseline", BASELINE)] + [(page.name, page) for page in pages] + [("baseline (end)", BASELINE)]
        )
        for name, page in runs:
            address = base + url(page)
            cookie = cookies.get(page.username)
            size = check(address, cookie)
            busy = wait_for_idle(args.wait_for_idle)
            writes = args.writes_per_second if page.is_public and not name.startswith("baseline") else 0
            with background_writer(writes) as writer:
                measure(wrk, address, cookie, clients=args.clients, seconds=3)  # warm-up, not kept
                figures = measure(wrk, address, cookie, clients=args.clients, seconds=args.duration)
            drain(base)
            if writer.result:
                figures["writer"] = writer.result
            busy = max(busy, background_cpu())  # what started during the run is likely still running
            figures.update(
                path=url(page), public=page.is_public, bytes_per_response=size, background_cpu=busy
            )
            results[name] = figures
            warning = (
                f"  (other processes used {busy:.0%} of the CPUs around this run)"
                if busy > IDLE_ENOUGH
                else ""
            )
            print(f"  {name:<24} {figures['rps']:>7.1f} req/s  p50 {figures['p50_ms']:>7.1f} ms  "
                  f"p95 {figures['p95_ms']:>7.1f} ms{warning}", flush=True)  # fmt: skip
        scores = None if args.skip_lighthouse or not lighthouse else run_lighthouse(base)
    return results, scores


# -- import -----------------------------------------------------------------------------------------


if __name__ == "__main__":
    sys.exit(main())
