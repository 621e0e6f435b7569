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
5. Writes bench/results/<time>.json and bench/latest.json, prints the tables, and exits non-zero
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
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
RESULTS = ROOT / "bench" / "results"
LATEST = ROOT / "bench" / "latest.json"
IMPORT_ROWS = 10_000
IDLE_ENOUGH = 0.1  # other processes' share of the CPUs under which a measurement counts as undisturbed

# The targets of issue 10.
PUBLIC_SHARE_OF_BASELINE = 0.5
PUBLIC_P95_MS = 100
LOGGED_IN_P95_MS = 250
IMPORT_SECONDS = 20


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
    result["pages"] = {} if args.skip_load else load(args)
    if not args.skip_import:
        busy = wait_for_idle(args.wait_for_idle)
        result["import"] = import_benchmark() | {"background_cpu": busy}
    else:
        result["import"] = None
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
    from django.db import connection

    print(f"Generating data at scale {scale:g} ...", flush=True)
    started = time.monotonic()
    call_command(
        "generate_bench_data",
        scale=scale,
        flush=True,
        yes_i_know=True,
        verbosity=0,
        stdout=io.StringIO(),
    )
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        # What autovacuum would do soon after a bulk load; without statistics the plans are guesses.
        cursor.execute("VACUUM ANALYZE")
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


def load(args) -> dict:
    from bench.pages import BASELINE, PAGES, logged_in_client, session_cookie, url

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
            measure(wrk, address, cookie, clients=args.clients, seconds=3)  # warm-up, not kept
            figures = measure(wrk, address, cookie, clients=args.clients, seconds=args.duration)
            drain(base)
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
    return results


def drain(base: str) -> None:
    """Wait until the workers have answered what wrk left queued (a slow page keeps them busy for seconds)."""
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=120) as response:  # noqa: S310 - our URL
            response.read()
    except OSError:
        pass


def background_cpu(seconds: float = 1.0) -> float:
    """The share of the CPUs busy while the server idles: other processes that would skew the figures."""

    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle_before, total_before = sample()
        time.sleep(seconds)
        idle_after, total_after = sample()
    except OSError:
        return 0.0
    return round(1 - (idle_after - idle_before) / max(1, total_after - total_before), 2)


def wait_for_idle(seconds: int) -> float:
    """Wait up to `seconds` for the other processes to leave the CPUs idle; their share when we go on."""
    busy, started = background_cpu(), time.monotonic()
    while busy > IDLE_ENOUGH and time.monotonic() - started < seconds:
        busy = background_cpu(seconds=5)
    return busy


class gunicorn:
    def __init__(self, args, base: str):
        self.args, self.base = args, base

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        command = [sys.executable, "-m", "gunicorn", "maastricht_inclusie.wsgi:application", "--bind",
                   f"127.0.0.1:{self.args.port}", "--workers", str(self.args.workers), "--chdir", str(ROOT)]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            self.wait_until_healthy()
        except BaseException:
            self.__exit__()
            raise
        return self

    def wait_until_healthy(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:  # noqa: S310 - our URL
                    if response.status == 200:
                        return
            except OSError:  # not listening yet, or a worker still booting
                time.sleep(0.5)
        sys.exit(f"gunicorn did not start; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(address: str, cookie: str | None) -> int:
    """One request: the page must answer 200 itself (wrk would count a redirect to the login page as fine)."""
    request = urllib.request.Request(address, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=60) as response:
            return len(response.read())
    except urllib.error.HTTPError as error:
        sys.exit(f"{address} answered {error.code} ({error.headers.get('Location', '')}), not 200.")


def measure(wrk: str, address: str, cookie: str | None, *, clients: int, seconds: int) -> dict:
    command = [
        wrk,
        "-t2",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, address], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-RESULT "))
    raw = json.loads(line.removeprefix("BENCH-RESULT "))
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": {kind: n for kind, n in raw["errors"].items() if n},
    }


# -- import -----------------------------------------------------------------------------------------


def import_benchmark(rows: int = IMPORT_ROWS) -> dict:
    """10,000 organisations through the admin's resource (dry run and import), and through COPY."""
    import tablib
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from initiatives.models import Neighbourhood, Organisation, Theme
    from initiatives.resources import OrganisationResource

    print(f"Import of {rows:,} organisations ...", flush=True)
    hoods = list(Neighbourhood.objects.order_by("pk")[:3])
    themes = list(Theme.objects.order_by("pk")[:2])
    headers = ["name", "kind", "kvk_number", "postcode", "neighbourhoods", "themes", "description"]
    data = [
        (f"Importorganisatie {n:05d}", "volunteer", f"{70000000 + n}", "6211 AB",
         ";".join(h.name for h in hoods[: 1 + n % 3]), themes[n % 2].name, "Geïmporteerd voor de benchmark.")
        for n in range(rows)
    ]  # fmt: skip
    imported = Organisation.objects.filter(name__startswith="Importorganisatie ")

    def timed_import(dry_run: bool) -> float:
        started = time.monotonic()
        result = OrganisationResource().import_data(
            tablib.Dataset(*data, headers=headers), dry_run=dry_run, use_transactions=True,
            rollback_on_validation_errors=True,
        )  # fmt: skip
        seconds = time.monotonic() - started
        if result.has_errors() or result.has_validation_errors():
            sys.exit(f"The import benchmark's file did not import cleanly: {result.invalid_rows[:1]}")
        return seconds

    dry_run = timed_import(dry_run=True)
    assert not imported.exists()
    resource_seconds = timed_import(dry_run=False)
    assert imported.count() == rows
    imported.delete()

    Through = {
        "neighbourhoods": Organisation.neighbourhoods.through,
        "themes": Organisation.themes.through,
    }
    by_name = {"neighbourhoods": {h.name: h.pk for h in hoods}, "themes": {t.name: t.pk for t in themes}}
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        now = timezone.now()
        columns = ("name", "slug", "kind", "kvk_number", "street", "house_number", "postcode", "city", "website",
                   "email", "phone", "description", "is_subsidised", "is_public", "status", "created_at",
                   "updated_at")  # fmt: skip
        with cursor.copy(f"COPY initiatives_organisation ({', '.join(columns)}) FROM STDIN") as copy:
            for name, kind, kvk, postcode, _hoods, _themes, description in data:
                copy.write_row((name, slugify(name), kind, kvk, "", "", postcode, "Maastricht", "", "", "",
                                description, False, True, "to_verify", now, now))  # fmt: skip
        cursor.execute("SELECT name, id FROM initiatives_organisation WHERE name LIKE 'Importorganisatie %%'")
        ids = dict(cursor.fetchall())
        for column, field in (("neighbourhoods", "neighbourhood_id"), ("themes", "theme_id")):
            table = Through[column]._meta.db_table
            with cursor.copy(f"COPY {table} (organisation_id, {field}) FROM STDIN") as copy:
                for row in data:
                    for value in row[headers.index(column)].split(";"):
                        copy.write_row((ids[row[0]], by_name[column][value]))
    copy_seconds = time.monotonic() - started
    assert imported.count() == rows
    imported.delete()
    print(
        f"  resource {resource_seconds:.1f} s (dry run {dry_run:.1f} s), COPY {copy_seconds:.2f} s",
        flush=True,
    )
    return {
        "rows": rows,
        "resource_seconds": round(resource_seconds, 2),
        "resource_dry_run_seconds": round(dry_run, 2),
        "copy_seconds": round(copy_seconds, 2),
    }


# -- targets and report -----------------------------------------------------------------------------


def targets(result: dict) -> list[dict]:
    from bench.pages import MAXIMUM_QUERIES

    found = []
    pages = result["pages"]
    baseline = [pages[name]["rps"] for name in ("baseline", "baseline (end)") if name in pages]
    ceiling = sum(baseline) / len(baseline) if baseline else None
    for name, figures in pages.items():
        if name.startswith("baseline"):
            continue
        if figures["public"]:
            share = figures["rps"] / ceiling
            found.append({"target": f"{name}: ≥ {PUBLIC_SHARE_OF_BASELINE:.0%} of the baseline's req/s",
                          "value": f"{share:.0%}", "met": share >= PUBLIC_SHARE_OF_BASELINE})  # fmt: skip
            found.append({"target": f"{name}: p95 < {PUBLIC_P95_MS} ms", "value": f"{figures['p95_ms']} ms",
                          "met": figures["p95_ms"] < PUBLIC_P95_MS})  # fmt: skip
        else:
            found.append({"target": f"{name}: p95 < {LOGGED_IN_P95_MS} ms", "value": f"{figures['p95_ms']} ms",
                          "met": figures["p95_ms"] < LOGGED_IN_P95_MS})  # fmt: skip
    counts = result["query_counts"]
    if counts:
        per_scale = list(counts.values())
        for page in per_scale[0]:
            values = [scale[page]["queries"] for scale in per_scale]
            found.append({"target": f"{page}: same queries at every scale, ≤ {MAXIMUM_QUERIES}",
                          "value": " / ".join(str(v) for v in values),
                          "met": len(set(values)) == 1 and values[0] <= MAXIMUM_QUERIES})  # fmt: skip
    if result["import"]:
        seconds = result["import"]["resource_seconds"]
        found.append({"target": f"import of {result['import']['rows']:,} organisations < {IMPORT_SECONDS} s",
                      "value": f"{seconds} s", "met": seconds < IMPORT_SECONDS})  # fmt: skip
    return found


def report(result: dict) -> str:
    """The figures as Markdown tables, as the README shows them."""
    lines = []
    pages, counts = result["pages"], result["query_counts"]
    scales = list(counts)
    if pages:
        baseline = [pages[n]["rps"] for n in ("baseline", "baseline (end)") if n in pages]
        ceiling = sum(baseline) / len(baseline)
        head = ["Page", "req/s", "of baseline", "p50 ms", "p95 ms", *(f"queries (scale {s})" for s in scales)]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for name, figures in pages.items():
            per_scale = [str(counts[s].get(name, {}).get("queries", "–")) for s in scales]
            share = f"{figures['rps'] / ceiling:.0%}"
            cells = [
                name,
                f"{figures['rps']:.1f}",
                share,
                f"{figures['p50_ms']:.1f}",
                f"{figures['p95_ms']:.1f}",
            ]
            lines.append("| " + " | ".join(cells + per_scale) + " |")
    elif counts:
        lines += ["| Page | " + " | ".join(f"queries (scale {s})" for s in scales) + " |",
                  "|" + "---|" * (1 + len(scales))]  # fmt: skip
        for page in counts[scales[0]]:
            lines.append(f"| {page} | " + " | ".join(str(counts[s][page]["queries"]) for s in scales) + " |")
    if result["import"]:
        figures = result["import"]
        lines += ["", f"Import of {figures['rows']:,} organisations: django-import-export "
                  f"{figures['resource_seconds']} s (dry run {figures['resource_dry_run_seconds']} s), "
                  f"PostgreSQL COPY {figures['copy_seconds']} s."]  # fmt: skip
    for scale, data in result["data"].items():
        lines.append(f"Data at scale {scale}: generated in {data['generate_seconds']} s.")
    lines += ["", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['value']} | {'yes' if t['met'] else 'no'} |" for t in result["targets"]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
