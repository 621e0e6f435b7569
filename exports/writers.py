"""The files an export is written to: CSV, XLSX and PDF, row by row in constant memory.

A report is an `Export`: a title, a file name and sections of rows that are read lazily. Every text cell
is neutralised, so a spreadsheet never runs a formula from the data. On PostgreSQL a section with a `copy` query
is written by the database itself: its CSV by `COPY`, its XLSX sheet as XML built in SQL (exports/xlsx.py).
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection

from maastricht_inclusie.spreadsheets import FORMULA_PREFIXES


@dataclass
class Section:
    """A table of an export. `rows` are read lazily. `copy`, when given, is the same table as one query (SQL and
    its parameters) whose columns are the cells already (labelled, in local time, text neutralised, NULL when
    empty): on PostgreSQL the CSV and XLSX writers let the database write it (`COPY ... TO STDOUT`), many times
    faster than row by row."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]
    count: int
    copy: Callable[[], tuple[str, list]] | None = None


@dataclass
class Export:
    title: str
    filename: str
    sections: list[Section] = field(default_factory=list)


def cells(row: Sequence) -> list:
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
        if section.copy is not None and connection.vendor == "postgresql":
            text.flush()
            _copy_csv(section, out, progress)
            continue
        for row in section.rows:
            writer.writerow(cells(row))
            progress()
    text.flush()
    text.detach()


def _copy_csv(section: Section, out, progress: Callable[[], None]) -> None:
    """The section's rows as PostgreSQL writes CSV: cells that read back the same as `csv.writer`'s (a value is
    quoted where it must be, an empty one is not). PostgreSQL ends a line with a line feed where `csv.writer` ends
    it with a carriage return and a line feed; readers take both."""
    sql, params = section.copy()
    copy_out(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params, out.write, section.count, progress)


def copy_out(statement: str, params: list, write: Callable, count: int, progress: Callable[[], None]) -> None:
    """Run a `COPY ... TO STDOUT` and hand its blocks to `write`. Its rows are counted by line feeds, at most
    `count` (a line feed inside a quoted cell counts too), and reported to `progress` once the COPY has ended:
    psycopg holds the connection until then, and `progress` may write to the database (the worker's progress
    and heartbeat), which on the same connection would wait for ever. A section's progress therefore shows at
    its end; a COPY of 100,000 rows takes well under a second, far from the three minutes after which a job
    without a heartbeat is taken for stalled."""
    rows = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for block in copy:
            write(block)
            rows += bytes(block).count(b"\n")
    for _ in range(min(rows, count)):
        progress()


def write_xlsx(export: Export, out, progress: Callable[[], None]) -> None:
    if connection.vendor == "postgresql" and any(section.copy is not None for section in export.sections):
        from .xlsx import write_streamed  # imports this module

        write_streamed(export, out, progress)  # the rows' XML written by PostgreSQL: many times faster
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # rows go to disk as they come: constant memory
    for section in export.sections:
        sheet = book.create_sheet(title=sheet_title(section.title))
        sheet.append(list(section.headers))
        for row in section.rows:
            sheet.append(cells(row))
            progress()
    book.save(out)


def sheet_title(title: str) -> str:
    """A sheet's name as Excel takes it: no []:*?/\\ and no control characters, no apostrophe at either end, at
    most 31 characters, and not "History" (Excel's own)."""
    title = "".join(" " if char in "[]:*?/\\" else char for char in title if char.isprintable())
    title = title.strip("' ")[:31].strip("' ")
    if title.lower() == "history":
        return f"{title} 1"
    return title or "Sheet"


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
