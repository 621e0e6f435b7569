"""Where a page's time goes, in-process: middleware, session and auth, queries, template rendering, the view.

bench/run.py profiles every page of bench/pages.py after the load run and keeps the figures with the page's
(`profile` in bench/latest.json); on its own, against data already generated:

    DATABASE_URL=… python bench/profiling.py [--requests 50] [--pages "werkvoorraad,rangschikking"]

Each page is requested with Django's test client (warmed up first) under cProfile. The time of a request is
split by where the code runs that spends it (its own time, not what it calls): the database driver and the
ORM, the template engine, the session and authentication code, the other middleware, the portal's own code
(views, queries, forms) and the rest (Python, Django's request handling). The queries' count and their wall
time (the database's work and the round trip) are measured apart.
"""

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Where code lives, by a piece of its file's path; the first match wins.
PARTS = [
    ("queries", ("/psycopg/", "/django/db/")),
    ("templates", ("/django/template/", "/django/templatetags/", "/templatetags/")),
    (
        "session and auth",
        (
            "/django/contrib/sessions/",
            "/django/contrib/auth/",
            "/django_otp/",
            "/two_factor/",
            "/axes/",
            "/accounts/middleware",
            "/django/core/signing",
        ),
    ),
    (
        "middleware",
        (
            "/django/middleware/",
            "/csp/",
            "/whitenoise/",
            "/django/contrib/messages/",
            "/maastricht_inclusie/middleware",
        ),
    ),
    ("cache", ("/django/core/cache/", "/redis/")),
    ("translation", ("/django/utils/translation/", "/gettext")),
]
PORTAL = ("accounts", "initiatives", "tenders", "keypersons", "progress", "exports", "letters", "reminders",
          "maastricht_inclusie", "outbox")  # fmt: skip


def part_of(filename: str) -> str:
    for part, pieces in PARTS:
        if any(piece in filename for piece in pieces):
            return part
    if "site-packages" not in filename and any(f"/{app}/" in filename for app in PORTAL):
        return "portal code"
    return "other"


def profile_page(client, address: str, requests: int) -> dict:
    """One page: milliseconds per request, split by part, with the queries' count and wall time."""
    from django.db import connection

    for _warm in range(3):
        response = client.get(address)
        if response.status_code != 200:
            raise AssertionError(f"{address} answered {response.status_code}, not 200.")
    queries = {"count": 0, "seconds": 0.0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries["count"] += 1
            queries["seconds"] += time.perf_counter() - started

    profiler = cProfile.Profile()
    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        profiler.enable()
        for _request in range(requests):
            client.get(address)
        profiler.disable()
        elapsed = time.perf_counter() - started
    parts: dict[str, float] = {}
    for (filename, _line, _name), (_calls, _primitive, own, _cumulative, _callers) in pstats.Stats(
        profiler
    ).stats.items():
        part = part_of(filename)
        parts[part] = parts.get(part, 0.0) + own
    profiled = sum(parts.values()) or 1.0
    return {
        # Under the profiler everything runs slower; the shares are what counts, the total is for scale.
        "ms_per_request_profiled": round(elapsed / requests * 1000, 1),
        "queries_per_request": round(queries["count"] / requests, 1),
        "query_ms_per_request": round(queries["seconds"] / requests * 1000, 2),
        "share": {
            part: round(seconds / profiled, 3) for part, seconds in sorted(parts.items(), key=lambda p: -p[1])
        },
    }


def profile_pages(pages=None, requests: int = 30) -> dict:
    """Every page of bench/pages.py (or those given), profiled against the data in the database."""
    from bench.pages import PAGES, logged_in_client, url

    results = {}
    for page in pages or PAGES:
        results[page.name] = profile_page(logged_in_client(page.username), url(page), requests)
    return results


def profiled(label: str) -> tuple[dict, dict]:
    """For bench/run.py: every page profiled, then the ranking computed afresh (bench/computations.py), each
    printed as it is measured."""
    from bench import computations

    print(f"Profiling each page in-process{label} ...", flush=True)
    profiles = profile_pages()
    print(report(profiles), flush=True)
    figures = computations.measure()
    print(computations.report(figures), flush=True)
    return profiles, figures


def report(profiles: dict) -> str:
    parts = [part for part, _pieces in PARTS] + ["portal code", "other"]
    lines = [
        f"{'page':<26}{'ms':>7}{'queries':>9}{'query ms':>10}  " + " ".join(f"{p[:11]:>11}" for p in parts)
    ]
    for name, figures in profiles.items():
        shares = " ".join(f"{figures['share'].get(p, 0):>11.0%}" for p in parts)
        lines.append(f"{name:<26}{figures['ms_per_request_profiled']:>7.1f}{figures['queries_per_request']:>9.1f}"
                     f"{figures['query_ms_per_request']:>10.2f}  {shares}")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=30, help="requests per page")
    parser.add_argument("--pages", help="only these pages (names, comma-separated)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    from bench.pages import PAGES

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off: the pages link hashed names

    wanted = set(args.pages.split(",")) if args.pages else None
    profiles = profile_pages([p for p in PAGES if wanted is None or p.name in wanted], args.requests)
    print(json.dumps(profiles, indent=2) if args.json else report(profiles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
