"""Realistic data at scale for the benchmarks in bench/ (issue 10), written by generate_bench_data.

At scale 1: 2,000 organisations, 5,000 initiatives, three tender rounds with 10,000 applications
(budget lines, history, assessments, decisions, payments, settlements and ledger entries), 500 key
persons with 50,000 contact moments and 20,000 signals. Scale 4 is four times that; a fraction
such as 0.01 makes a small set for tests.

Rows are written in bulk, not through the services: a service call per application would take
hours. The generator writes what the services would have written and keeps their invariants:
every state is reached along ALLOWED_TRANSITIONS with a history row per step, decisions follow the
round's ranking, committed money never exceeds a round's ceiling, the ceilings stay within the
programme budget, and key persons have a profile and ties only under a valid consent.
"""

import random

from accounts.roles import sync_roles

from .flush import FILLED_MODELS, flush_generated_data
from .generator import ASSESSOR_USERNAME, DIRECTOR_USERNAME, MEMBER_USERNAME, OFFICER_USERNAME, Generator
from .network import write_network
from .registry import write_registry
from .tenders import PROGRAMME_CODE, RANKING_ROUND, write_tenders

__all__ = [
    "ASSESSOR_USERNAME",
    "DIRECTOR_USERNAME",
    "FILLED_MODELS",
    "MEMBER_USERNAME",
    "OFFICER_USERNAME",
    "PROGRAMME_CODE",
    "RANKING_ROUND",
    "flush_generated_data",
    "generate",
]


def generate(*, scale: float, seed: int) -> dict[str, int]:
    """Write the benchmark data; the same seed and scale give the same rows. Returns the rows per table."""
    generator = Generator(scale=scale, seed=seed)
    sync_roles()
    generator.reference()
    generator.users()
    write_registry(generator)
    write_tenders(generator)
    # The network draws from a source of its own: a change to how the tenders are generated leaves it as it was.
    generator.rng = random.Random(f"{seed}:network")
    write_network(generator)
    return generator.written
