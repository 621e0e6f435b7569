"""The letters' benchmark runs end to end on a small round and leaves the database and the storage as they were."""

import pytest

from bench.letters import letters_benchmark
from letters.models import Letter
from tenders.models import Application


@pytest.mark.django_db
def test_the_letters_benchmark_decides_a_small_round_and_leaves_nothing_behind(capsys):
    result = letters_benchmark(applications=3, samples=1)

    decided = result["round_decision"]
    assert decided["applications"] == 3 and decided["decisions"] == 3 and decided["letters"] == 3
    assert result["letter_pdf"]["median_ms"] > 0 and result["letter_pdf"]["target_ms"] == 500
    # Timed apart: the PDFs the worker makes after the commit, from the letters' stored HTML.
    assert result["pdfs_after_commit"]["letters"] == 3 and result["pdfs_after_commit"]["per_letter_ms"] > 0
    assert not Application.objects.exists() and not Letter.objects.exists()
    out = capsys.readouterr().out
    assert "round decision" in out and "PDFs made from their stored HTML" in out
