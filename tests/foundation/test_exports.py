"""Background exports: asked for by the user, written by a task, downloadable only by that user, for 7 days."""

import csv
import io
import os
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports import services as exports
from exports.models import ExportJob
from exports.tasks import delete_expired_exports, run_export
from tests.factories import UserFactory, assessed_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def round_(officer):
    application = assessed_application(officer=officer)
    application.organisation.name = '=HYPERLINK("https://evil.example")'
    application.organisation.save()
    return application.round


def _ask(client, round_, kind="round_applications", fmt="csv", **extra):
    return client.post(
        reverse("portal:export_create"), {"kind": kind, "format": fmt, "param_round": round_.pk, **extra}
    )


def test_an_officer_asks_for_an_export_follows_it_and_downloads_it(
    client, officer, round_, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, round_)

    job = ExportJob.objects.get()
    assert response["Location"] == reverse("portal:export_detail", args=[job.pk])
    assert job.state == "done" and job.rows_total == 1
    status = client.get(reverse("portal:export_status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["download"]
    page = client.get(reverse("portal:export_detail", args=[job.pk])).content.decode()
    assert "<progress" in page and reverse("portal:export_download", args=[job.pk]) in page
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "reference"
    assert rows[1][1].startswith("'=HYPERLINK")  # formulas are neutralised


@pytest.mark.parametrize("kind", ["round_applications", "ranking", "decisions_payments"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_every_officer_report_is_written_in_every_format(officer, round_, kind, fmt):
    job = exports.request_export(user=officer, kind=kind, fmt=fmt, params={"round": round_.pk})

    run_export(str(job.pk))

    job.refresh_from_db()
    assert job.state == "done"
    content = job.file.open("rb").read()
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content), read_only=True)
        assert book.worksheets[0].cell(row=1, column=1).value == "reference" or kind == "ranking"
    elif fmt == "pdf":
        assert content.startswith(b"%PDF")
    else:
        assert content.startswith(b"\xef\xbb\xbf")


def test_the_programme_overview_and_the_directors_evaluation(officer, round_, roles):
    director = UserFactory(roles=["regisseur"])
    programme = exports.request_export(user=officer, kind="programme_overview", fmt="xlsx", params={"programme": round_.programme_id})  # fmt: skip
    today = timezone.localdate()
    evaluation = exports.request_export(user=director, kind="keyperson_evaluation", fmt="csv", params={"start": str(today - timedelta(days=30)), "end": str(today)})  # fmt: skip
    for job in (programme, evaluation):
        run_export(str(job.pk))
        job.refresh_from_db()
        assert job.state == "done"


def test_another_user_gets_404_for_someone_elses_export(client, officer, round_, roles):
    job = exports.request_export(user=officer, kind="ranking", fmt="csv", params={"round": round_.pk})
    run_export(str(job.pk))
    other_officer = UserFactory(roles=["beleidsmedewerker"])
    client.force_login(other_officer)

    for name in ("export_detail", "export_status", "export_download"):
        assert client.get(reverse(f"portal:{name}", args=[job.pk])).status_code == 404, name


def test_who_may_ask_for_which_report(client, round_, roles):
    member, network_staff = UserFactory(), UserFactory(roles=["netwerkmedewerker"])
    for user, kind in (
        (member, "ranking"),
        (network_staff, "keyperson_evaluation"),
        (member, "keyperson_evaluation"),
    ):
        with pytest.raises(PermissionDenied):
            exports.request_export(user=user, kind=kind, fmt="csv", params={"round": round_.pk})
        client.force_login(user)
        assert _ask(client, round_, kind=kind).status_code == 403
    assert not ExportJob.objects.exists()


def test_bad_parameters_or_format_give_a_message_not_an_error(client, officer, round_):
    client.force_login(officer)
    for data in ({"param_round": "999999"}, {"param_round": "x"}, {"format": "exe"}, {"param_colour": "red"}):
        response = client.post(reverse("portal:export_create"), {"kind": "ranking", "format": "csv", "param_round": round_.pk, **data})  # fmt: skip
        assert response.status_code == 302 and response["Location"] == reverse("portal:exports")
    assert (
        client.post(reverse("portal:export_create"), {"kind": "nothing", "format": "csv"}).status_code == 403
    )
    assert not ExportJob.objects.exists()


def test_running_a_finished_job_again_does_nothing(officer, round_):
    job = exports.request_export(user=officer, kind="ranking", fmt="csv", params={"round": round_.pk})
    run_export(str(job.pk))
    job.refresh_from_db()
    name = job.file.name

    run_export(str(job.pk))

    job.refresh_from_db()
    assert job.file.name == name


def test_files_expire_after_7_days_and_are_cleaned_up(client, officer, round_):
    job = exports.request_export(user=officer, kind="ranking", fmt="csv", params={"round": round_.pk})
    run_export(str(job.pk))
    job.refresh_from_db()
    path = job.file.path
    assert os.path.exists(path)

    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(officer)
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 404

    assert delete_expired_exports() == 1
    assert not os.path.exists(path) and not ExportJob.objects.exists()


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (set in CI)")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_export_through_redis(client, settings, tmp_path, roles):
    from celery.contrib.testing.worker import start_worker

    from maastricht_inclusie.celery import app

    officer = UserFactory(username="beleid-worker", roles=["beleidsmedewerker"])
    round_ = assessed_application(officer=officer).round
    app.conf.task_always_eager = False
    client.force_login(officer)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        _ask(client, round_, kind="ranking", fmt="xlsx")
        job = ExportJob.objects.get()
        assert job.state in ("pending", "running", "done")
        deadline = time.monotonic() + 30
        while job.state not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()

    assert job.state == "done"
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"PK")
    client.force_login(UserFactory(roles=["beleidsmedewerker"]))
    assert client.get(reverse("portal:export_download", args=[job.pk])).status_code == 404


def test_the_admin_lists_export_jobs_read_only(client, officer, round_):
    job = exports.request_export(user=officer, kind="ranking", fmt="csv", params={"round": round_.pk})
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    page = client.get(reverse("admin:exports_exportjob_changelist")).content.decode()

    assert "Rangschikking van een ronde" in page
    assert (
        client.post(reverse("admin:exports_exportjob_delete", args=[job.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert ExportJob.objects.filter(pk=job.pk).exists()
