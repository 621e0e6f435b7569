"""The import benchmark runs on the current schema: its COPY names every column the database requires."""

import pytest

from bench.import_bench import import_benchmark
from tests.factories import NeighbourhoodFactory, ThemeFactory


@pytest.mark.django_db
def test_the_import_benchmark_runs_on_a_few_rows(capsys):
    NeighbourhoodFactory.create_batch(3)
    ThemeFactory.create_batch(2)

    result = import_benchmark(rows=20)

    assert result["rows"] == 20
    assert "COPY" in capsys.readouterr().out
