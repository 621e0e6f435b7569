"""A real Celery worker killed with SIGKILL in the middle of an export: the sweeper queues the job again, a new
worker makes the file from the start, and the user gets exactly one complete file.

The worker runs as a process of its own against the test database and a Redis database of this test alone,
so the message the killed worker never acknowledged cannot reach a later test.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from exports import services
from exports.models import ExportJob
from exports.tasks import requeue_stalled_exports
from maastricht_inclusie.celery import app
from tenders.models import Application, Decision
from tests.factories import OrganisationFactory, RoundFactory, UserFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set in CI)"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a database it can share"),
]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 50_000  # an Excel file of some seconds: long enough to kill its worker halfway
# The decisions and payments are written row by row (openpyxl): some seconds for 50,000 rows, with the progress
# recorded as they go. The applications of a round are written by PostgreSQL (exports/xlsx.py) in well under a
# second, their progress recorded only at the end (exports.writers.copy_out): no time to be caught halfway.
KIND = "decisions_payments"
WORKER = [
    sys.executable, "-m", "celery", "-A", "maastricht_inclusie", "worker", "--pool=solo", "--concurrency=1",
    "-Q", "celery", "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO",
]  # fmt: skip


def _own_redis_database(url: str) -> str:
    """REDIS_URL with another database number: the highest one that is not REDIS_URL's own."""
    parts = urlsplit(url)
    current = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{15 if current != 15 else 14}"))


def _use_broker(url: str) -> None:
    # The app reads CELERY_BROKER_URL once and makes its connection and producer pools from it on first use:
    # they are closed and forgotten, as Celery does after a fork, and made again from the new URL.
    from kombu import pools

    app.conf.broker_url = url
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker():
    """A Redis database for this test alone, empty before and after, used by the test and its workers."""
    import redis

    url = _own_redis_database(os.environ["REDIS_URL"])
    database = redis.Redis.from_url(url)
    database.flushdb()
    previous = app.conf.broker_url
    _use_broker(url)
    try:
        yield url
    finally:
        _use_broker(previous)
        database.flushdb()  # the killed worker's unacknowledged message goes with it
        database.close()


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    return f"postgres://{quote(s['USER'], safe='')}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def workers(broker, tmp_path):
    """Start real workers on the test database (pytest-django's); every one of them is killed at the end."""
    started: list[tuple[subprocess.Popen, Path]] = []
    environment = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "DEBUG": "1",
    }

    def start() -> subprocess.Popen:
        log = tmp_path / f"worker-{len(started) + 1}.log"
        with log.open("wb") as out:
            worker = subprocess.Popen(WORKER, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
        started.append((worker, log))
        return worker

    start.logs = lambda: "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for _, log in started)
    try:
        yield start
    finally:
        for worker, _ in started:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=30)


@pytest.fixture
def long_round(db):
    """One round with many submitted applications, each refused, created in bulk (as bench/exports.py does)."""
    round_ = RoundFactory()
    organisations = OrganisationFactory.create_batch(20)
    user = UserFactory()
    now = timezone.now()
    applications = Application.objects.bulk_create(
        (
            Application(
                round=round_, organisation=organisations[i % len(organisations)], created_by=user,
                submitted_by=user, title=f"Project {i}: ontmoeting in de buurt", summary="Samenvatting",
                plan="Plan", expected_reach=100 + i % 400, requested_amount=Decimal(1000 + i % 20000),
                state="submitted", reference=f"KILL-R1-{i:06d}", submitted_at=now, complete_at=now,
            )
            for i in range(ROWS)
        ),
        batch_size=5000,
    )  # fmt: skip
    Decision.objects.bulk_create(
        (
            Decision(
                application=application, outcome=Decision.Outcome.REJECTED, reasons="Niet passend",
                decided_by=user, decided_at=now, objection_deadline=now.date(),
            )
            for application in applications
        ),
        batch_size=5000,
    )  # fmt: skip
    return round_


def _wait_for(job: ExportJob, condition, *, seconds: float, what: str, logs) -> None:
    deadline = time.monotonic() + seconds
    while not condition(job):
        assert time.monotonic() < deadline, (
            f"the job was never {what}: {job.state}, {job.rows_done} rows\n{logs()}"
        )
        time.sleep(0.05)
        job.refresh_from_db()


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _references_in_xlsx(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        decisions, _payments = book.worksheets
        rows = decisions.iter_rows(values_only=True)
        assert next(rows)[0] == "reference"
        return [row[0] for row in rows]
    finally:
        book.close()


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_was_killed_is_finished_by_another_with_one_complete_file(
    workers, long_round, roles, client, settings, tmp_path
):
    assert app.conf.task_always_eager is False
    media = settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # the workers' folder, so the download works
    officer = UserFactory(username="beleid-kill", roles=["beleidsmedewerker"])
    client.force_login(officer)
    first = workers()

    job = services.request_export(user=officer, kind=KIND, fmt="xlsx", params={"round": long_round.pk})
    _wait_for(job, lambda j: j.state == "running" and j.rows_done > 0, seconds=60, what="under way", logs=workers.logs)  # fmt: skip
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    job.refresh_from_db()
    assert job.state == "running" and job.attempts == 1 and 0 < job.rows_done < ROWS
    assert _files(media) == []  # the half-written file died with its worker
    # Three minutes without a heartbeat, as the sweeper sees them, without waiting for them.
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=F("heartbeat_at") - services.STALE_AFTER - timedelta(seconds=1))  # fmt: skip
    workers()
    assert requeue_stalled_exports() == 1

    seen_resumed = False
    deadline = time.monotonic() + 120
    while True:
        job.refresh_from_db()
        if job.is_finished:
            break
        assert time.monotonic() < deadline, f"the job did not finish: {job.state}, {job.rows_done} rows\n{workers.logs()}"  # fmt: skip
        if not seen_resumed and client.get(reverse("portal:export_status", args=[job.pk])).json()["resumed"]:
            page = client.get(reverse("portal:export_detail", args=[job.pk])).content.decode()
            seen_resumed = 'id="export-resumed"' in page
        time.sleep(0.25)

    assert job.state == "done", f"{job.error}\n{workers.logs()}"
    assert job.attempts == 2 and job.was_resumed
    assert seen_resumed, "neither the status nor the progress page said the export was being made again"
    files = _files(media)
    assert files == [media / job.file.name]
    references = _references_in_xlsx(files[0])
    assert references == [f"KILL-R1-{i:06d}" for i in range(ROWS)]  # every row once, in order
    assert job.rows_done == job.rows_total == ROWS
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert b"".join(download.streaming_content) == files[0].read_bytes()
