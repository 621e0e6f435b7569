"""An XLSX export whose sheet rows PostgreSQL writes as XML (exports.xlsx) reads back cell for cell as the one
openpyxl writes row by row: the same sheets, labels, local times, neutralised formulas, numbers and empty cells."""

import io
import random
import zipfile
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from exports.writers import Export, Section, sheet_title, write_xlsx
from tenders.exports import round_applications
from tenders.models import Application, State
from tests.factories import ApplicationFactory, RoundFactory
from tests.foundation.awkward_exports import awkward_round

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the streamed workbook is PostgreSQL's"),
]

AWKWARD = [
    "=SUM(A1:A9)", "+31 6 1234 5678", "-5", "@gebruiker", "\tingesprongen", "\rregel", 'Zei "hoi", en ging',
    "regel één\nregel twee", "twee\r\nregels", "  met spaties  ", " voor", "na ", "ünïcødé € ß", "'al een apostrof",
    "\\.", "back\\slash", "&<>\"' samen", "&amp; al ontsnapt", "<t>geen tag</t>", "]]>", "emoji 😀🇳🇱 buiten BMP",
    "",
]  # fmt: skip
STATES = [State.SUBMITTED, State.ELIGIBLE, State.GRANTED, State.REJECTED]
DRAFTS = 3  # not exported
PARTS = {
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
}  # fmt: skip


@pytest.fixture
def round_with_awkward_applications():
    return awkward_round(AWKWARD, STATES, DRAFTS)


def _without_copy(export: Export) -> Export:
    """The same export for openpyxl: write_xlsx streams only when a section has a `copy`."""
    for section in export.sections:
        section.copy = None
    return export


def written(export: Export) -> tuple[bytes, int]:
    out, calls = io.BytesIO(), []
    write_xlsx(export, out, lambda: calls.append(1))
    return out.getvalue(), len(calls)


def sheets(content: bytes) -> list[tuple[str, list[list[tuple]]]]:
    """Every sheet's title and cells as openpyxl reads them back."""
    book = load_workbook(io.BytesIO(content), read_only=False)
    return [
        (sheet.title, [[_cell(cell) for cell in row] for row in sheet.iter_rows()])
        for sheet in book.worksheets
    ]


def _cell(cell) -> tuple:
    """A cell's value and type. An empty cell's type is left out: openpyxl writes it as an empty inline string,
    the streamed workbook not at all; both read back as None."""
    return (cell.value, cell.data_type if cell.value is not None else None)


def _core_title(content: bytes) -> str:
    core = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("docProps/core.xml"))
    return core.find("{http://purl.org/dc/elements/1.1/}title").text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_streamed_workbook_has_the_cells_openpyxl_writes(round_with_awkward_applications, language):
    pk = round_with_awkward_applications.pk
    with translation.override(language):
        export = round_applications(round=pk)
        streamed, streamed_progress = written(export)
        by_openpyxl, openpyxl_progress = written(_without_copy(round_applications(round=pk)))

    assert _core_title(streamed) == export.title, "not the streamed workbook"
    assert sheets(streamed) == sheets(by_openpyxl)
    ((_title, rows),) = sheets(streamed)
    assert len(rows) == 1 + len(AWKWARD)
    assert streamed_progress == openpyxl_progress == len(AWKWARD)


def test_awkward_text_reads_back_as_written_with_formulas_neutralised(round_with_awkward_applications):
    content, _ = written(round_applications(round=round_with_awkward_applications.pk))
    ((_title, rows),) = sheets(content)
    cells = {value for row in rows[1:] for value, _type in row}

    assert "'=SUM(A1:A9)" in cells and "=SUM(A1:A9)" not in cells and "'=R000" in cells
    assert {
        "'\rregel",
        "twee\r\nregels",
        "regel één\nregel twee",
        "  met spaties  ",
        "\\.",
        "back\\slash",
    } <= cells
    assert {"&<>\"' samen", "&amp; al ontsnapt", "<t>geen tag</t>", "]]>", "emoji 😀🇳🇱 buiten BMP"} <= cells
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in cells)
    headers = round_applications(round=round_with_awkward_applications.pk).sections[0].headers
    assert rows[0] == [(header, "s") for header in headers]
    assert {type(row[4][0]) for row in rows[1:]} == {float}, "amounts are numbers"
    assert None in [row[5][0] for row in rows[1:]], "an application not yet submitted has no time"


def test_characters_xml_forbids_are_left_out(round_with_awkward_applications):
    """XML 1.0 has no place for most control characters (and U+FFFE, U+FFFF): the streamed workbook leaves them
    out. openpyxl refuses them (IllegalCharacterError), so before this a single one failed the whole export."""
    exported = Application.objects.filter(round=round_with_awkward_applications).exclude(state=State.DRAFT)
    Application.objects.filter(pk=exported[0].pk).update(title="a\x01b\x0bc\x1fd\ufffee\uffff")

    content, _ = written(round_applications(round=round_with_awkward_applications.pk))
    ((_title, rows),) = sheets(content)

    assert "abcde" in {row[2][0] for row in rows[1:]}
    refused = _without_copy(round_applications(round=round_with_awkward_applications.pk))
    with pytest.raises(IllegalCharacterError):
        written(refused)
    # The rows' generator stopped halfway: closed now, its server-side cursor is closed in this test's transaction.
    refused.sections[0].rows.close()


def test_the_file_is_a_zip_of_well_formed_xml_parts(round_with_awkward_applications):
    content, _ = written(round_applications(round=round_with_awkward_applications.pk))
    package = zipfile.ZipFile(io.BytesIO(content))

    assert package.testzip() is None
    names = set(package.namelist())
    assert names == PARTS | {"xl/worksheets/sheet1.xml"}
    for name in names:
        ElementTree.fromstring(package.read(name))  # raises on XML that is not well-formed
    types = ElementTree.fromstring(package.read("[Content_Types].xml"))
    overridden = {element.get("PartName") for element in types if element.tag.endswith("Override")}
    assert overridden == {
        f"/{name}" for name in names if not name.endswith(".rels") and name != "[Content_Types].xml"
    }
    # No ZIP64 records, in the central directory or a local header: Excel is strict about ones it does not need.
    for info in package.infolist():
        extra_length = int.from_bytes(content[info.header_offset + 28 : info.header_offset + 30], "little")
        assert (info.extra, extra_length) == (b"", 0), info.filename


def test_the_rows_follow_the_copy_querys_order():
    round_ = RoundFactory()
    references = [f"V{number:04d}" for number in range(60)]
    for reference in random.Random(7).sample(references, len(references)):  # stored out of order
        application = ApplicationFactory(round=round_)
        Application.objects.filter(pk=application.pk).update(state=State.SUBMITTED, reference=reference)
    export = round_applications(round=round_.pk)
    sql, params = export.sections[0].copy()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        by_query = [row[0] for row in cursor.fetchall()]

    content, _ = written(export)
    ((_title, rows),) = sheets(content)

    assert [row[0][0] for row in rows[1:]] == by_query == references


def test_a_section_without_copy_is_streamed_by_the_same_rules(round_with_awkward_applications):
    def export() -> Export:
        applications = round_applications(round=round_with_awkward_applications.pk)
        python = Section(
            "Namen & <meer>",
            ["text", "amount", "count", "ratio", "empty", "flag"],
            [
                (text, Decimal("1000.00") + n, n, n / 4, None, n % 2 == 0)
                for n, text in enumerate(AWKWARD)
            ],
            len(AWKWARD),
        )  # fmt: skip
        again = Section(applications.sections[0].title, ["same title"], [("x",)], 1)
        return Export(applications.title, "file", [applications.sections[0], python, again])

    streamed, streamed_progress = written(export())
    by_openpyxl, openpyxl_progress = written(_without_copy(export()))

    assert _core_title(streamed) == export().title, "not the streamed workbook"
    assert sheets(streamed) == sheets(by_openpyxl)
    titles = [title for title, _rows in sheets(streamed)]
    assert titles[1:] == ["Namen & <meer>", titles[0] + "1"]  # a title taken gets a number, as with openpyxl
    assert streamed_progress == openpyxl_progress


def test_a_stream_that_cannot_seek_gets_the_same_workbook(round_with_awkward_applications):
    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, block):
            self.data += block
            return len(block)

    out = Unseekable()
    write_xlsx(round_applications(round=round_with_awkward_applications.pk), out, lambda: None)

    content, _ = written(round_applications(round=round_with_awkward_applications.pk))
    assert sheets(bytes(out.data)) == sheets(content)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Ronde 1: [concept]", "Ronde 1   concept"),
        ("'Ronde'", "Ronde"),
        ("Ronde\x07 twee", "Ronde twee"),
        ("History", "History 1"),
        ("''", "Sheet"),
        ("Een heel lange titel van een ronde met meer dan 31 tekens", "Een heel lange titel van een ro"),
    ],
)
def test_a_sheet_is_named_as_excel_takes_it(title, name):
    assert sheet_title(title) == name
