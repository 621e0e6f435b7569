"""An export whose worker stopped, or whose message was lost while the broker was away, is finished anyway."""

import threading
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from exports import services
from exports.models import ExportJob, export_path
from exports.tasks import requeue_stalled_exports
from maastricht_inclusie.storage import private_storage
from tests.factories import assessed_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def job(officer):
    application = assessed_application(officer=officer)
    return ExportJob.objects.create(
        user=officer, kind="round_applications", params={"round": application.round_id}, title="Aanvragen",
        format="csv", expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip


def _files(tmp_path) -> list:
    return [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_job_whose_worker_stopped_is_taken_up_again_and_ends_with_one_file(job, tmp_path):
    # The first worker was killed after it had saved a file but before it could say so.
    old = timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    ExportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=old, attempts=1, rows_done=500)
    job.refresh_from_db()
    job.file.save("half.csv", ContentFile(b"half"), save=True)
    ExportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=old)

    assert requeue_stalled_exports() == 1  # eager in tests: the job runs at once

    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2
    assert len(_files(tmp_path)) == 1 and not job.file.name.endswith("half.csv")


def test_a_file_the_stopped_worker_saved_but_never_recorded_is_removed_too(job, tmp_path):
    # The first worker was killed between saving its file and recording it on the job.
    old = timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    ExportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=old, attempts=1, rows_done=500)
    private_storage.save(export_path(job, "aanvragen.csv"), ContentFile(b"saved, never recorded"))

    assert requeue_stalled_exports() == 1

    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2
    assert _files(tmp_path) == [tmp_path / job.file.name]


@pytest.mark.django_db(transaction=True)
def test_two_messages_for_a_stalled_job_at_once_make_one_run_and_one_file(job, tmp_path):
    # The killed worker's message comes back from the broker just as the sweeper's copy arrives.
    old = timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    ExportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=old, attempts=1)
    start = threading.Barrier(2)

    def deliver():
        start.wait()
        try:
            services.write(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    job.refresh_from_db()
    assert job.state == "done" and job.attempts == 2
    assert _files(tmp_path) == [tmp_path / job.file.name]


def test_a_job_that_is_still_working_is_left_to_its_worker(job):
    ExportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=timezone.now(), attempts=1)

    assert requeue_stalled_exports() == 0
    services.write(job.pk)  # a duplicate message while the first worker is busy

    job.refresh_from_db()
    assert job.state == "running" and job.attempts == 1 and not job.file


def test_a_slow_run_that_another_run_took_over_records_nothing_and_keeps_no_file(job, tmp_path, monkeypatch):
    # The first run was slow, not stopped: no heartbeat for three minutes (a long PDF layout writes none), so
    # the sweeper queued the job again and a second run claimed it while the first was still writing.
    write_csv = services.WRITERS["csv"]

    def taken_over_while_writing(export, out, progress):
        write_csv(export, out, progress)
        ExportJob.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1, heartbeat_at=timezone.now())

    monkeypatch.setitem(services.WRITERS, "csv", taken_over_while_writing)
    services.write(job.pk)

    job.refresh_from_db()
    assert job.state == "running" and job.attempts == 2 and not job.file  # left to the second run
    assert _files(tmp_path) == []


def test_a_job_whose_message_was_lost_while_the_broker_was_away_is_queued_again(job):
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=10))

    assert requeue_stalled_exports() == 1

    job.refresh_from_db()
    assert job.state == "done"


def test_the_progress_page_says_the_export_was_resumed(job, client):
    ExportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=timezone.now(), attempts=2)
    client.force_login(job.user)

    page = client.get(reverse("portal:export_detail", args=[job.pk])).content.decode()
    status = client.get(reverse("portal:export_status", args=[job.pk])).json()

    assert 'id="export-resumed"' in page
    assert status["resumed"] is True


def test_a_job_interrupted_too_often_is_given_up(job):
    old = timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    ExportJob.objects.filter(pk=job.pk).update(
        state="running", heartbeat_at=old, attempts=services.MAX_ATTEMPTS
    )

    assert requeue_stalled_exports() == 0

    job.refresh_from_db()
    assert job.state == "failed"


def test_an_export_is_neither_made_nor_shown_once_the_right_to_it_is_taken_away(job, client):
    officer = job.user
    officer.groups.clear()

    services.write(job.pk)
    job.refresh_from_db()
    client.force_login(type(officer).objects.get(pk=officer.pk))

    assert job.state == "failed" and not job.file
    assert client.get(reverse("portal:export_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 404
