"""A CSV export that PostgreSQL writes (`COPY`, exports.writers._copy_csv) reads back cell for cell as the one
Python writes row by row: the same labels, local times, neutralised formulas, quoting and empty cells."""

import csv
import io
import signal

import pytest
from django.db import connection
from django.utils import translation

from exports import services
from exports.tasks import run_export
from exports.writers import write_csv
from tenders.exports import round_applications
from tenders.models import Application, State
from tests.foundation.awkward_exports import awkward_round

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

AWKWARD = [
    "=SUM(A1:A9)", "+31 6 1234 5678", "-5", "@gebruiker", "\tingesprongen", "\rregel", 'Zei "hoi", en ging',
    "regel één\nregel twee", "  met spaties  ", "ünïcødé € ß", ",komma vooraan", "'al een apostrof", "\\.",
]  # fmt: skip
STATES = [State.SUBMITTED, State.ELIGIBLE, State.GRANTED, State.REJECTED, State.DRAFT]


@pytest.fixture
def round_with_awkward_applications():
    return awkward_round(AWKWARD, STATES)


def written(round_, *, by_copy: bool) -> tuple[list[list[str]], int]:
    export = round_applications(round=round_.pk)
    if not by_copy:
        for section in export.sections:
            section.copy = None
    out, calls = io.BytesIO(), []
    write_csv(export, out, lambda: calls.append(1))
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"), newline="")))
    return rows, len(calls)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_copy_writes_the_cells_python_writes(round_with_awkward_applications, language):
    with translation.override(language):
        by_copy, copy_progress = written(round_with_awkward_applications, by_copy=True)
        by_python, python_progress = written(round_with_awkward_applications, by_copy=False)

    assert by_copy == by_python
    assert len(by_copy) == 1 + sum(1 for n in range(len(AWKWARD)) if STATES[n % len(STATES)] != State.DRAFT)
    assert copy_progress == python_progress == len(by_copy) - 1


def test_formulas_are_neutralised_and_empty_cells_stay_empty(round_with_awkward_applications):
    rows, _ = written(round_with_awkward_applications, by_copy=True)
    cells = [cell for row in rows[1:] for cell in row]

    assert "'=SUM(A1:A9)" in cells and "=SUM(A1:A9)" not in cells
    assert "'=R000" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "" in [row[5] for row in rows[1:]], "an application not yet submitted has no time"


def test_the_file_starts_with_the_byte_order_mark_and_the_headers(round_with_awkward_applications):
    export = round_applications(round=round_with_awkward_applications.pk)
    out = io.BytesIO()
    write_csv(export, out, lambda: None)

    assert out.getvalue().startswith(b"\xef\xbb\xbfreference,organisation,title,state,")


@pytest.fixture
def fail_instead_of_hanging():
    """Fail the test after a while instead of waiting for ever (a thread waiting for a lock is woken by a signal)."""

    def give_up(signum, frame):
        raise TimeoutError("the export hung")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_written_by_copy_records_its_progress_and_finishes(
    round_with_awkward_applications, officer, settings, tmp_path, monkeypatch, fail_instead_of_hanging, fmt
):
    """The worker records its progress every PROGRESS_EVERY rows with an UPDATE on the connection that runs the
    COPY. psycopg holds the connection's lock until the COPY has ended: an UPDATE sent while the COPY was still
    being read waited for ever (every export of a round with 500 applications or more)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    job = services.request_export(
        user=officer, kind="round_applications", fmt=fmt, params={"round": round_with_awkward_applications.pk}
    )

    run_export(str(job.pk))

    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.rows_done == job.rows_total == Application.objects.exclude(state=State.DRAFT).count() > 2
