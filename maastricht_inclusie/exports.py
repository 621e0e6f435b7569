"""Report exports in the background: CSV, XLSX and PDF, written in constant memory with visible progress.

An app offers a report as a *builder*: a function of the report's parameters that returns an `Export`
(title, file name, sections of rows that are read lazily). `KINDS` names them and who may ask for
them. `request_export()` records the job and queues `run_export` after the transaction commits; the
worker writes the file row by row (rows stream from the database, the XLSX writer works in
write-only mode) and updates the progress every few hundred rows. Every text cell is neutralised,
so a spreadsheet never runs a formula from the data.
"""

import csv
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ExportJob
from .spreadsheets import FORMULA_PREFIXES

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=7)
PROGRESS_EVERY = 500
PDF_ROW_LIMIT = 20_000  # a PDF is for reading; longer lists are offered as CSV or XLSX


@dataclass
class Section:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    count: int


@dataclass
class Export:
    title: str
    filename: str
    sections: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    label: object
    builder: str  # dotted path: builder(**params) -> Export
    allowed: str  # dotted path: allowed(user) -> bool


KINDS: dict[str, Kind] = {
    "round_applications": Kind(
        gettext_lazy("Applications of a round"),
        "tenders.exports.round_applications",
        "tenders.permissions.is_policy_officer",
    ),
    "ranking": Kind(
        gettext_lazy("Ranked list of a round"),
        "tenders.exports.ranking",
        "tenders.permissions.is_policy_officer",
    ),
    "decisions_payments": Kind(
        gettext_lazy("Decisions and payments of a round"),
        "tenders.exports.decisions_payments",
        "tenders.permissions.is_policy_officer",
    ),
    "programme_overview": Kind(
        gettext_lazy("Programme overview"),
        "tenders.exports.programme_overview",
        "tenders.permissions.is_policy_officer",
    ),
    "keyperson_evaluation": Kind(
        gettext_lazy("Evaluation of the key-person approach"),
        "keypersons.exports.evaluation_export",
        "keypersons.permissions.is_director",
    ),
}


def can_request(user, kind: str) -> bool:
    return kind in KINDS and import_string(KINDS[kind].allowed)(user)


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
        return import_string(KINDS[kind].builder)(**params)
    except (TypeError, ValueError, LookupError, ObjectDoesNotExist) as error:
        raise ValidationError(_("The report's parameters are not valid.")) from error


def write(job_id) -> ExportJob:
    """Write the job's file (run by the worker). Running it again for a finished job does nothing."""
    job = ExportJob.objects.get(pk=job_id)
    if job.is_finished:
        return job
    export = _build(job.kind, job.params)
    total = sum(section.count for section in export.sections)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, rows_total=total, rows_done=0)
    progress = _Progress(job.pk)
    try:
        with tempfile.TemporaryFile() as out:
            WRITERS[job.format](export, out, progress)
            out.seek(0)
            job.file.save(f"{export.filename}.{job.format}", File(out), save=False)
    except Exception as error:
        logger.exception("Export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, error=str(error)[:2000], finished_at=timezone.now())  # fmt: skip
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJob.State.DONE, file=job.file.name, rows_done=total, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


class _Progress:
    """Counts rows and writes the count to the job every PROGRESS_EVERY rows (one small UPDATE)."""

    def __init__(self, job_id):
        self.job_id, self.done = job_id, 0

    def __call__(self):
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=self.job_id).update(rows_done=self.done)


def _cells(row: Sequence) -> list:
    # The hot loop of every export: neutralise() inlined for text, None as an empty cell.
    return [
        ("'" + value if value.startswith(FORMULA_PREFIXES) else value)
        if isinstance(value, str)
        else ("" if value is None else value)
        for value in row
    ]


def write_csv(export: Export, out, progress: Callable[[], None]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    for index, section in enumerate(export.sections):
        if len(export.sections) > 1:
            if index:
                writer.writerow([])
            writer.writerow([f"# {section.title}"])
        writer.writerow(section.headers)
        for row in section.rows:
            writer.writerow(_cells(row))
            progress()
    text.flush()
    text.detach()


def write_xlsx(export: Export, out, progress: Callable[[], None]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows go to disk as they come: constant memory
    for section in export.sections:
        sheet = book.create_sheet(title=_sheet_title(section.title))
        sheet.append(list(section.headers))
        for row in section.rows:
            sheet.append(_cells(row))
            progress()
    book.save(out)


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def write_pdf(export: Export, out, progress: Callable[[], None]) -> None:
    from xml.sax.saxutils import escape

    from django.conf import settings
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    document = SimpleDocTemplate(
        out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
        title=export.title, author=settings.MUNICIPALITY_NAME,
    )  # fmt: skip
    story = [Paragraph(escape(export.title), styles["Title"])]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    for section in export.sections:
        story.append(Paragraph(escape(section.title), styles["Heading2"]))
        data = [[Paragraph(f"<b>{escape(str(h))}</b>", cell) for h in section.headers]]
        for row in section.rows:
            data.append([Paragraph(escape(str(value if value is not None else "")), cell) for value in row])
            progress()
        story.append(LongTable(data, repeatRows=1, style=style))
        story.append(Spacer(1, 6 * mm))
    document.build(story)


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "pdf": write_pdf}


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
