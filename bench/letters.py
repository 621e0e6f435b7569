"""The letters' benchmark (issue 22): one decision letter rendered to tagged PDF, and the round decision of a tender
round with its letters, against the targets (a letter under 500 ms; 1,000 applications decided, letters stored and
queued, in under 30 s). The round decision stores each letter's HTML and queues its PDF for the worker, after the
commit; making the PDFs of some of those letters from their stored HTML, as the worker does, is timed apart (it is
no part of the target).

Run on its own (`python bench/letters.py [--applications 1000]`, DATABASE_URL as for bench/run.py, default the
local `bench` database) or by bench/run.py (`--letters N`). The round, its applications and assessments are made
with the test suite's factories inside one transaction that is rolled back at the end: the database is left as it
was, and nothing is mailed (the outbox sends after commit). Passwords of the made-up users are hashed with a fast
hasher, which only shortens the set-up; the measured part runs as in production.
"""

import argparse
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

LETTER_TARGET_MS = 500
ROUND_TARGET_S = 30
ROUND_APPLICATIONS = 1_000
PDFS_AFTER_COMMIT = 20  # letters of the round whose PDF is made afterwards, as the worker makes it


class _Rollback(Exception):
    pass


def _round_with(applications: int):
    """A closed tender round with `applications` assessed applications: two assessors each, one criterion."""
    from tenders import services
    from tests import factories

    officer = factories.UserFactory(roles=["beleidsmedewerker"])
    assessors = [factories.UserFactory(roles=["beoordelaar"]) for _ in range(2)]
    round_ = factories.RoundFactory(ceiling=Decimal("725000.00"), maximum_amount=Decimal("25000.00"))
    round_.programme.total_budget = Decimal("725000.00")
    criterion = factories.CriterionFactory(round=round_)
    for n in range(applications):  # one application per organisation, as a round allows
        application = factories.submitted_application(
            round=round_, requested_amount=Decimal(1000 + (n % 20) * 500)
        )
        services.mark_eligible(application=application, by=officer)
        for k, assessor in enumerate(assessors):
            assessment = services.assign_assessor(application=application, assessor=assessor, by=officer)
            score = 4 + (n * 7 + k) % 7
            services.save_scores(
                assessment=assessment, scores={criterion.pk: (score, "Onderbouwd.")}, submit=True
            )
    return factories.closed(round_), officer


def _render_again(decision) -> bytes:
    """The decision's letter rendered to tagged PDF as `letters.services.issue` renders it: the context read from
    the database, the officer's current text if any, WeasyPrint; nothing stored."""
    from django.utils import timezone

    from letters import registry
    from letters.pdf import render_pdf
    from letters.services import _full_context, _with_body, current_template
    from tenders import letters as tender_letters

    kind = tender_letters.kind_of(decision)
    definition, template = registry.get(kind), current_template(kind)
    context = _full_context(
        definition,
        tender_letters.context_for(decision),
        title="Benchmark",
        reference="BENCH",
        now=timezone.now(),
    )
    return render_pdf(definition.template, _with_body(definition, context, template.body if template else ""))


def letters_benchmark(applications: int = ROUND_APPLICATIONS, samples: int = 10) -> dict:
    from django.db import transaction
    from django.test import override_settings

    from letters.services import make_pdf
    from tenders import letters as tender_letters
    from tenders import services
    from tenders.models import Decision

    print(f"Letters: a round decision of {applications:,} applications ...", flush=True)
    result, stored = {}, []
    try:
        with transaction.atomic():
            started = time.monotonic()
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                round_, officer = _round_with(applications)
            result["setup_seconds"] = round(time.monotonic() - started, 1)
            started = time.monotonic()
            decisions = services.decide_round(round_=round_, by=officer)
            seconds = time.monotonic() - started
            result["round_decision"] = {
                "applications": applications,
                "decisions": len(decisions),
                "letters": None,  # counted below, outside the time
                "seconds": round(seconds, 2),
                "per_decision_ms": round(1000 * seconds / max(1, len(decisions)), 1),
                "target_seconds": ROUND_TARGET_S * applications / ROUND_APPLICATIONS,
            }
            issued = [tender_letters.letter_of(d) for d in decisions]
            made, made_ms = [], []
            for letter in [letter for letter in issued if letter][:PDFS_AFTER_COMMIT]:
                started = time.monotonic()
                made.append(make_pdf(letter_id=letter.pk))  # as the worker does, from the stored HTML
                made_ms.append(1000 * (time.monotonic() - started))
            result["pdfs_after_commit"] = {
                "letters": len(made),
                "seconds": round(sum(made_ms) / 1000, 2),
                "per_letter_ms": round(statistics.mean(made_ms), 1),
                "median_ms": round(statistics.median(made_ms), 1),
            }
            stored += [
                name for letter in made for name in (letter.file.name, letter.translation.name) if name
            ]
            decision = Decision.objects.filter(pk=decisions[0].pk).get()
            timings = []
            for _ in range(samples):
                started = time.monotonic()
                _render_again(decision)
                timings.append(1000 * (time.monotonic() - started))
            result["round_decision"]["letters"] = sum(1 for letter in issued if letter)
            result["letter_pdf"] = {
                "samples": samples,
                "median_ms": round(statistics.median(timings), 1),
                "max_ms": round(max(timings), 1),
                "target_ms": LETTER_TARGET_MS,
            }
            raise _Rollback
    except _Rollback:
        pass
    from maastricht_inclusie.storage import private_storage

    for name in stored:  # the rows are rolled back; the files the letters wrote are removed by hand
        private_storage.delete(name)
    decided, made = result["round_decision"], result["pdfs_after_commit"]
    print(
        f"  round decision: {decided['decisions']:,} decisions with {decided['letters']:,} letters in "
        f"{decided['seconds']:.1f} s ({decided['per_decision_ms']:.0f} ms each; target {decided['target_seconds']:.0f} s)"
        f"\n  one letter PDF: median {result['letter_pdf']['median_ms']:.0f} ms (target {LETTER_TARGET_MS} ms)"
        f"\n  after the commit (not timed above): {made['letters']} of those letters' PDFs made from their stored "
        f"HTML in {made['seconds']:.1f} s ({made['per_letter_ms']:.0f} ms each)",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=ROUND_APPLICATIONS)
    parser.add_argument(
        "--into-latest", action="store_true",
        help="add the figures, and their targets, to bench/latest.json (a run of bench/run.py without them)",
    )  # fmt: skip
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    from bench.run import configure_environment

    configure_environment()  # as bench/run.py: production settings, the local `bench` database by default
    import django

    django.setup()
    result = letters_benchmark(args.applications)
    if args.into_latest:
        import json

        from bench.targets import targets

        latest = root / "bench" / "latest.json"
        figures = json.loads(latest.read_text())
        figures["letters"] = result | {"measured_separately": True}
        figures["targets"] = targets(figures)
        latest.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    met = (
        result["letter_pdf"]["median_ms"] < LETTER_TARGET_MS
        and result["round_decision"]["seconds"] < result["round_decision"]["target_seconds"]
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
