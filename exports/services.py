"""Report exports in the background, with visible progress.

`request_export()` records the job and queues `run_export` after the transaction commits; the worker
writes the file (`writers`) row by row and updates the progress every few hundred rows. The reports
themselves are registered by the apps that offer them (`registry`).
"""

import logging
import tempfile
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExportJob, export_path
from .registry import KINDS
from .writers import WRITERS, Export

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=7)
# A running job without a heartbeat for this long lost its worker; a waiting job this old lost its message.
STALE_AFTER = timedelta(minutes=3)
MAX_ATTEMPTS = 5
PROGRESS_EVERY = 500
PDF_ROW_LIMIT = 20_000  # a PDF is for reading; longer lists are offered as CSV or XLSX


def can_request(user, kind: str) -> bool:
    return kind in KINDS and KINDS[kind].allowed(user)


@transaction.atomic
def request_export(*, user, kind: str, fmt: str, params: dict) -> ExportJob:
    """Record an export job and queue it once the transaction has committed."""
    if kind not in KINDS:
        raise ValidationError(_("This report does not exist."))
    if not can_request(user, kind):
        raise PermissionDenied
    if fmt not in ExportJob.Format.values:
        raise ValidationError(_("Choose CSV, Excel or PDF."))
    export = _build(kind, params)  # checks the parameters now, so a bad request fails here, not in the worker
    if fmt == ExportJob.Format.PDF and sum(s.count for s in export.sections) > PDF_ROW_LIMIT:
        raise ValidationError(_("This report is too long for a PDF; choose CSV or Excel."))
    job = ExportJob.objects.create(
        user=user,
        kind=kind,
        params=params,
        title=export.title,
        format=fmt,
        expires_at=timezone.now() + KEEP_FOR,
    )
    from .tasks import run_export

    transaction.on_commit(lambda: run_export.delay(str(job.pk)), robust=True)
    return job


def _build(kind: str, params: dict) -> Export:
    try:
        return KINDS[kind].builder(**params)
    except (TypeError, ValueError, LookupError, ObjectDoesNotExist) as error:
        raise ValidationError(_("The report's parameters are not valid.")) from error


def write(job_id) -> ExportJob:
    """Write the job's file (run by the worker). Safe to run twice, also at once: only the run that claims
    the job writes, a finished job is left alone, and a restart after an interruption replaces the file."""
    attempt = _claim(job_id)
    if attempt is None:
        return ExportJob.objects.get(pk=job_id)
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if not can_request(job.user, job.kind):  # the right was taken away while the job waited
        ExportJob.objects.filter(pk=job.pk, attempts=attempt).update(
            state=ExportJob.State.FAILED, error="No longer allowed.", finished_at=timezone.now()
        )
        return ExportJob.objects.get(pk=job.pk)
    _remove_earlier_files(job)
    export = _build(job.kind, job.params)
    total = sum(section.count for section in export.sections)
    # This run's job until another run claims it: a run that went without a heartbeat for too long and was
    # taken over, though it did not stop, writes nothing more to the job.
    mine = ExportJob.objects.filter(pk=job.pk, attempts=attempt)
    mine.update(rows_total=total, rows_done=0, file="")
    progress = Progress(job.pk, attempt)
    try:
        with tempfile.TemporaryFile() as out:
            WRITERS[job.format](export, out, progress)
            out.seek(0)
            job.file.save(f"{export.filename}.{job.format}", File(out), save=False)
    except Exception as error:
        logger.exception("Export %s failed", job.pk)
        mine.update(state=ExportJob.State.FAILED, error=str(error)[:2000], finished_at=timezone.now())
        raise
    if not mine.update(
        state=ExportJob.State.DONE, file=job.file.name, rows_done=total, finished_at=timezone.now()
    ):
        logger.warning("Export %s was taken over by another run; this run's file is removed", job.pk)
        job.file.delete(save=False)  # the other run's file is the one kept: one file, not two
    job.refresh_from_db()
    return job


def _remove_earlier_files(job: ExportJob) -> None:
    """Empty the job's own folder before a run writes: one file, not two, also when the stopped run was killed
    after saving its file but before recording it on the job (then `job.file` does not name it)."""
    storage = job.file.storage
    folder = export_path(job, "").rstrip("/")
    try:
        _folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        storage.delete(f"{folder}/{name}")


def _claim(job_id) -> int | None:
    """Take the job for this run: a waiting job, or a running one whose worker has stopped (one UPDATE).

    Returns the number of this attempt, which the run's later writes are conditional on, or None."""
    now = timezone.now()
    claimable = Q(state=ExportJob.State.PENDING) | Q(
        state=ExportJob.State.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    with transaction.atomic():  # the UPDATE's row lock keeps another claim out until the number is read
        if not ExportJob.objects.filter(claimable, pk=job_id).update(
            state=ExportJob.State.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1
        ):
            return None
        return ExportJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def requeue_stalled(now=None) -> int:
    """Queue again the jobs whose worker stopped (no heartbeat) or whose message never arrived.

    Run by the beat every minute. A job that failed this often is given up with a message for the user.
    """
    now = now or timezone.now()
    stalled = ExportJob.objects.filter(
        Q(state=ExportJob.State.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        | Q(state=ExportJob.State.PENDING, created_at__lt=now - STALE_AFTER),
        expires_at__gt=now,
    )
    ExportJob.objects.filter(pk__in=stalled.filter(attempts__gte=MAX_ATTEMPTS).values("pk")).update(
        state=ExportJob.State.FAILED, error="Interrupted too often.", finished_at=now
    )
    from .tasks import run_export

    count = 0
    for job_id in stalled.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True):
        try:
            run_export.delay(str(job_id))
            count += 1
        except Exception:  # the broker is still away: the next sweep tries again
            logger.exception("Could not queue export %s again", job_id)
    return count


class Progress:
    """Counts rows and writes the count and a heartbeat to the job every PROGRESS_EVERY rows (one small UPDATE),
    as long as the job is still this attempt's."""

    def __init__(self, job_id, attempt: int):
        self.job_id, self.attempt, self.done = job_id, attempt, 0

    def __call__(self):
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=self.job_id, attempts=self.attempt).update(
                rows_done=self.done, heartbeat_at=timezone.now()
            )


def delete_expired(now=None) -> int:
    """Remove export files and jobs past their 7 days; returns how many."""
    now = now or timezone.now()
    count = 0
    for job in ExportJob.objects.filter(expires_at__lt=now):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
