"""A background writer for the load run: people at work while the public pages are measured (issue 22).

bench/run.py starts it (`--writes-per-second`, default 5) around the measurement of each public page; it
commits that many changes a second, in turn: a registry edit (an officer corrects an organisation's phone
number, as in the admin), a contact moment (a network officer logs one through the service) and an
assessment (an assessor saves draft scores through the service). Each change is its own transaction, as a
request's would be. On SIGTERM it prints what it wrote (`BENCH-WRITER {json}`) and stops.

    DATABASE_URL=… python bench/writer.py --per-second 5     # on its own, until Ctrl-C
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

READY = "BENCH-WRITER-READY"
RESULT = "BENCH-WRITER "


class Writes:
    """The three kinds of change, each one committed transaction on data the generator made."""

    def __init__(self, seed: int = 22):
        from django.contrib.auth import get_user_model

        from bench.benchdata import DIRECTOR_USERNAME
        from initiatives.models import Organisation
        from keypersons.models import KeyPerson
        from tenders.models import Assessment

        self.rng = random.Random(seed)
        self.director = get_user_model().objects.get(username=DIRECTOR_USERNAME)
        self.organisations = list(Organisation.objects.values_list("pk", flat=True)[:500])
        self.people = list(
            KeyPerson.objects.filter(erased_at=None, restricted_at=None).values_list("pk", flat=True)[:500]
        )
        self.assessments = list(
            Assessment.objects.filter(submitted_at=None, has_conflict=False).values_list("pk", flat=True)[
                :500
            ]
        )

    def registry(self) -> None:
        from django.db import transaction

        from initiatives.models import Organisation

        with transaction.atomic():
            organisation = Organisation.objects.select_for_update().get(
                pk=self.rng.choice(self.organisations)
            )
            organisation.phone = f"043 {self.rng.randrange(1_000_000, 9_999_999)}"
            organisation.save()

    def contact(self) -> None:
        from django.db import transaction
        from django.utils import timezone

        from keypersons.models import KeyPerson
        from keypersons.services.contacts import log_contact

        with transaction.atomic():
            log_contact(
                by=self.director,
                occurred_on=timezone.localdate(),
                key_persons=[KeyPerson.objects.get(pk=self.rng.choice(self.people))],
                channel="phone",
                notes="Gesproken over de buurt.",
            )

    def assessment(self) -> None:
        from tenders.models import Assessment, Criterion
        from tenders.services.assessment import save_scores

        assessment = Assessment.objects.select_related("application").get(
            pk=self.rng.choice(self.assessments)
        )
        criteria = Criterion.objects.filter(round=assessment.application.round_id).values_list(
            "pk", flat=True
        )
        save_scores(
            assessment=assessment,
            scores={pk: (self.rng.randint(4, 9), "Concept: goed onderbouwd.") for pk in criteria},
            submit=False,
        )


def run(per_second: float) -> dict:
    writes = Writes()
    kinds = [kind for kind, pool in (("registry", writes.organisations), ("contact", writes.people),
                                     ("assessment", writes.assessments)) if pool]  # fmt: skip
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    counts, errors = Counter(), Counter()
    interval, started = 1 / per_second, time.monotonic()
    next_at = started
    print(READY, flush=True)
    for kind in cycle(kinds):
        if stop:
            break
        try:
            getattr(writes, kind)()
            counts[kind] += 1
        except Exception as error:  # a refused change (a rule of the service) is counted, not fatal
            errors[f"{kind}: {type(error).__name__}"] += 1
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))
    seconds = time.monotonic() - started
    return {"per_second_asked": per_second, "seconds": round(seconds, 1), "committed": dict(counts),
            "per_second": round(sum(counts.values()) / seconds, 2), "errors": dict(errors)}  # fmt: skip


class background_writer:
    """Run the writer in its own process for the duration of a `with` block (nothing when per_second is 0)."""

    def __init__(self, per_second: float):
        self.per_second, self.result, self.process = per_second, None, None

    def __enter__(self):
        if self.per_second > 0:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__)), "--per-second", str(self.per_second)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
                env=os.environ,
            )
            line = self.process.stdout.readline()
            if READY not in line:
                self.process.kill()
                sys.exit("The background writer did not start.")
        return self

    def __exit__(self, *exc):
        if self.process is None:
            return
        self.process.terminate()
        output, _errors = self.process.communicate(timeout=30)
        line = next((line for line in output.splitlines() if line.startswith(RESULT)), None)
        self.result = json.loads(line.removeprefix(RESULT)) if line else {"errors": {"writer": "no result"}}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-second", type=float, default=5.0)
    args = parser.parse_args()
    from bench.run import configure_environment

    configure_environment()
    import django

    django.setup()
    signal.signal(signal.SIGINT, lambda *_: os.kill(os.getpid(), signal.SIGTERM))
    print(RESULT + json.dumps(run(args.per_second)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
