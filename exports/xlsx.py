"""XLSX written as a streamed package whose sheet rows PostgreSQL writes as XML.

openpyxl costs about 65 µs a row, and even a writer that cost nothing would leave the export about ten
times slower than PostgreSQL's own COPY of the same rows: reading the rows into Python is itself the cost.
So on PostgreSQL, for a section with a `copy` query (whose columns are the cells already: labelled, in
local time, neutralised, NULL when empty), one statement wraps that query and returns each row as a
finished `<row>` element, and `COPY ... TO STDOUT` streams those rows straight into the zip. A section
without `copy` is encoded here in Python, row by row, by the same rules.

The cells are the ones openpyxl writes for `writers.write_xlsx`: text as an inline string, numbers as
numbers, an empty cell left out. Characters that XML 1.0 does not allow (most control characters, U+FFFE,
U+FFFF) are left out; openpyxl refuses them, and one of them failed the whole export. A carriage return or
line feed inside a cell is written as a character reference: an XML reader turns a bare carriage return
into a line feed, and COPY's rows must hold no line break of their own.

The package is written with `zipfile` as it goes (`ZipFile.open(..., "w")`), so memory stays the same
whatever the number of rows, also into a stream that cannot seek. Without ZIP64: Excel is strict about ZIP64
records it does not need, and a sheet of Excel's most rows (1,048,576) stays far below the 2 GB that would
need them (zipfile then refuses to write rather than write a broken file).
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection
from psycopg.postgres import types

from .writers import Export, Section, cells, copy_out, sheet_title

# Level 1: 100,000 rows in 0.50–0.53 s against 0.58–0.63 s at level 6 (bench/exports.py; the compressing
# overlaps PostgreSQL's building of the rows), for a file of 4.4 MB instead of 3.9 MB.
COMPRESSLEVEL = 1
BUFFER = 1 << 16  # COPY hands over one row at a time; the compressor is called once per 64 KB instead
NUMBER_TYPES = {types[name].oid for name in ("int2", "int4", "int8", "float4", "float8", "numeric")}
# The characters XML 1.0 leaves out, as a PostgreSQL regular expression (PostgreSQL text cannot hold NUL) ...
FORBIDDEN_SQL = r"'[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]'"
# ... and as a table for str.translate, with the characters XML text must escape. Lone surrogates cannot be
# written as UTF-8 at all.
FORBIDDEN = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF, *range(0xD800, 0xE000)]
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;", "\n": "&#10;"}
TEXT = str.maketrans({**dict.fromkeys(FORBIDDEN), **ENTITIES})

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_START = f'{HEAD}<worksheet xmlns="{MAIN}"><sheetData>\n'.encode()
SHEET_END = b"</sheetData></worksheet>\n"
CORE = "application/vnd.openxmlformats-package.core-properties"
PACKAGE = (
    f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{PACKAGE_RELATIONSHIPS}/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)
STYLES = (
    f'{HEAD}<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2">'
    '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def write_streamed(export: Export, out, progress: Callable[[], None]) -> None:
    titles = unique_titles(sheet_title(section.title) for section in export.sections)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as package:
        for name, content in package_parts(export.title, titles).items():
            package.writestr(name, content)
        for number, section in enumerate(export.sections, start=1):
            part = package.open(f"xl/worksheets/sheet{number}.xml", "w")
            with io.BufferedWriter(part, BUFFER) as sheet:
                write_sheet(section, sheet, progress)


def write_sheet(section: Section, sheet, progress: Callable[[], None]) -> None:
    sheet.write(SHEET_START)
    sheet.write(python_row(1, section.headers))
    if section.copy is not None:
        sql, params = section.copy()
        statement = rows_sql(sql, number_columns(sql, params))
        # CSV with a delimiter and a quote character that no row can hold (control characters are left out),
        # and a single column: a row is quoted only if it holds a delimiter, a quote or a line break, so COPY
        # writes every row exactly as built, one a line. The text format would double every backslash.
        copy = f"COPY ({statement}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')"
        copy_out(copy, params, sheet.write, section.count, progress)
    else:
        for number, row in enumerate(section.rows, start=2):
            sheet.write(python_row(number, cells(row)))
            progress()
    sheet.write(SHEET_END)


def number_columns(sql: str, params: list) -> list[bool]:
    """Which of the query's columns are numbers, as PostgreSQL types them (LIMIT 0: planned, no row read).
    The database that makes the cells says what they are, so this cannot drift from the query. Any other
    column is written as its text: a copy query gives its dates and labels as text already."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS q LIMIT 0", params)  # noqa: S608 (the section's own query)
        return [column.type_code in NUMBER_TYPES for column in cursor.description]


def rows_sql(sql: str, numbers: Sequence[bool]) -> str:
    """The section's query with each row as one `<row>` element, numbered from 2 (row 1 holds the headers).

    `row_number() OVER ()` numbers the rows in the order the inner query gives them, its ORDER BY
    (tests/foundation/test_export_xlsx_stream.py checks the order), and the outer query orders by that number:
    Excel takes a sheet whose rows are not in ascending order for a damaged file."""
    row = " || ".join(cell_sql(index, number) for index, number in enumerate(numbers))
    names = ", ".join(f"c{index}" for index in range(len(numbers)))
    # The section's own query, its columns named by position: they may have no names, or the same one twice.
    numbered = f"SELECT q.*, row_number() OVER () + 1 AS n FROM ({sql}) AS q({names})"  # noqa: S608
    return f"SELECT '<row r=\"' || r.n || '\">' || {row} || '</row>' FROM ({numbered}) AS r ORDER BY r.n"  # noqa: S608


def cell_sql(index: int, number: bool) -> str:
    """The row's column `index` as a cell: NULL, and empty text, write no cell at all."""
    column, start = f"r.c{index}", f"'<c r=\"{column_letters(index)}' || r.n || '\""
    if number:
        return f"COALESCE({start}><v>' || {column} || '</v></c>', '')"
    # regexp_replace costs next to nothing here; translate() with the same characters cost a second more
    # for 100,000 rows.
    text = f"regexp_replace({column}::text, {FORBIDDEN_SQL}, '', 'g')"
    for char, entity in ENTITIES.items():  # & first, so no entity is escaped twice
        text = f"replace({text}, chr({ord(char)}), '{entity}')"
    inline = 't="inlineStr"><is><t xml:space="preserve">'
    return f"COALESCE({start} {inline}' || NULLIF({text}, '') || '</t></is></c>', '')"


def python_row(number: int, values: Iterable) -> bytes:
    row = "".join(
        python_cell(f"{column_letters(index)}{number}", value) for index, value in enumerate(values)
    )
    return f'<row r="{number}">{row}</row>\n'.encode()


def python_cell(reference: str, value) -> str:
    """One cell as openpyxl writes it. The builders give text, numbers, booleans or None; anything else (a
    date) is written as its text, where openpyxl would write a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = str(value).translate(TEXT)
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def column_letters(index: int) -> str:
    """0 is A, 25 is Z, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def unique_titles(titles: Iterable[str]) -> list[str]:
    """Sheet names must differ regardless of case: a name taken gets a number, as with openpyxl ("Round",
    "Round1")."""
    taken: list[str] = []
    for title in titles:
        name, number = title, 0
        while name.lower() in (other.lower() for other in taken):
            number += 1
            name = f"{title[: 31 - len(str(number))]}{number}"
        taken.append(name)
    return taken


def attribute(value: str) -> str:
    return value.translate(TEXT).replace('"', "&quot;")


def package_parts(title: str, sheets: Sequence[str]) -> dict[str, str]:
    """The package around the sheets: content types, relationships, the workbook with the sheets' names,
    minimal styles, and the document's title and author."""
    return {
        "[Content_Types].xml": content_types(len(sheets)),
        "_rels/.rels": PACKAGE,
        "docProps/core.xml": core_properties(title),
        "xl/workbook.xml": workbook(sheets),
        "xl/_rels/workbook.xml.rels": workbook_relationships(len(sheets)),
        "xl/styles.xml": STYLES,
    }


def content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SPREADSHEET}.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>{sheets}'
        f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEET}.styles+xml"/>'
        f'<Override PartName="/docProps/core.xml" ContentType="{CORE}+xml"/></Types>'
    )


def core_properties(title: str) -> str:
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'{HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title.translate(TEXT)}</dc:title>'
        f"<dc:creator>{settings.MUNICIPALITY_NAME.translate(TEXT)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>'
    )


def workbook(sheets: Sequence[str]) -> str:
    names = "".join(
        f'<sheet name="{attribute(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1)
    )
    return f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{names}</sheets></workbook>'


def workbook_relationships(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    styles = f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    return f'{HEAD}<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{sheets}{styles}</Relationships>'
