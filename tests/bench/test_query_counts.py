"""The benchmarked pages run a fixed, small number of queries, whatever the size of the data (issue 10).

The benchmark (bench/run.py) reports the same counts at scale 1 and 4; here two small scales keep
the suite fast while still catching a query per row.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from bench.pages import MAXIMUM_QUERIES, PAGES, query_counts
from initiatives.models import Organisation
from tenders.ledger import regular_committed
from tenders.models import Application, Programme, Round

pytestmark = pytest.mark.django_db

SMALL, LARGER = 0.005, 0.02


def generate(scale: float, **options):
    call_command("generate_bench_data", scale=scale, yes_i_know=True, stdout=io.StringIO(), **options)


def test_every_benchmarked_page_runs_the_same_few_queries_at_two_scales():
    generate(SMALL)
    small = query_counts()
    generate(LARGER, flush=True)
    larger = query_counts()

    assert Application.objects.count() == 200
    assert set(small) == {page.name for page in PAGES}
    assert small == larger
    assert max(small.values()) <= MAXIMUM_QUERIES, small


def test_generated_money_stays_within_every_ceiling_and_the_programme_budget():
    generate(LARGER)

    programme = Programme.objects.get()
    rounds = list(Round.objects.filter(programme=programme))
    assert sum(r.ceiling for r in rounds) <= programme.total_budget
    assert all(regular_committed(r) <= r.ceiling for r in rounds)
    assert any(regular_committed(r) > 0 for r in rounds)


def test_the_generator_refuses_a_database_that_is_not_empty():
    generate(SMALL)

    with pytest.raises(CommandError, match="not empty"):
        generate(SMALL)
    assert Organisation.objects.count() == 10


def test_the_generator_refuses_to_run_with_debug_off_unless_told(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_bench_data", scale=SMALL, stdout=io.StringIO())
    assert not Organisation.objects.exists()


def test_the_generated_totals_are_those_the_scores_give_and_the_ranking_bench_reads_them():
    from bench import computations
    from bench.targets import ranking_line
    from tenders import totals
    from tenders.models import ScoreTotal

    generate(LARGER)

    for round_ in Round.objects.all():
        kept = ScoreTotal.objects.filter(application__round=round_).values_list(
            "application", "total", "first_score"
        )
        assert {pk: (total, first) for pk, total, first in kept} == totals.computed(
            assessment__application__round=round_
        )
    figures = computations.measure(repeat=1)
    assert figures["ranked"] > 0 and figures["ranking_and_summary_s"] > 0
    assert f"({figures['ranked']:,} ranked applications)" in ranking_line(figures, "0.02")
