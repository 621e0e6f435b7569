"""Safe spreadsheets: formula neutralisation on export and bounded, defused XLSX import.

Every export of the portal goes through `neutralise()`, so a cell that a spreadsheet program would
read as a formula (CSV/formula injection) is always written as text. django-import-export's own
escaping is off by default and does not cover tabs and carriage returns, so it stays off.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats

from .archives import ArchiveRefused, check_unpacked_size

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text cell that starts like a formula with an apostrophe, so it is shown as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeResource(resources.ModelResource):
    """A ModelResource whose every exported cell is neutralised."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))


class SpreadsheetTooLarge(ValueError):
    pass


def check_xlsx_limits(content: bytes) -> None:
    """Refuse an XLSX before parsing when it is too big, a zip bomb, or has too many rows.

    XML entity attacks are handled by defusedxml, which openpyxl uses when it is installed.
    """
    limits = settings.IMPORT_LIMITS
    if len(content) > limits["max_upload_bytes"]:
        raise SpreadsheetTooLarge(
            _("The file is larger than %(mb)s MB.") % {"mb": limits["max_upload_bytes"] // 1_000_000}
        )
    try:
        check_unpacked_size(
            io.BytesIO(content),
            max_unpacked_bytes=limits["max_unpacked_bytes"],
            max_compression_ratio=limits["max_compression_ratio"],
        )
    except ArchiveRefused as refused:
        if isinstance(refused.__cause__, zipfile.BadZipFile | OSError):
            raise SpreadsheetTooLarge(_("This is not a valid XLSX file.")) from refused
        raise SpreadsheetTooLarge(
            _("The file unpacks to far more data than it holds; it is refused.")
        ) from refused


class BoundedXLSX(base_formats.XLSX):
    """XLSX import with size, zip-bomb and row limits checked before the rows are read."""

    def create_dataset(self, in_stream):
        import openpyxl
        import tablib

        check_xlsx_limits(in_stream)
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        sheet = book.active
        max_rows = settings.IMPORT_LIMITS["max_rows"]
        if sheet.max_row and sheet.max_row > max_rows + 1:
            raise SpreadsheetTooLarge(_("The file has more than %(rows)s rows.") % {"rows": max_rows})
        dataset = tablib.Dataset()
        rows = sheet.iter_rows(values_only=True)
        dataset.headers = list(next(rows, []))
        for count, row in enumerate(rows, start=1):
            if count > max_rows:
                raise SpreadsheetTooLarge(_("The file has more than %(rows)s rows.") % {"rows": max_rows})
            if any(value is not None for value in row):
                dataset.append(list(row))
        return dataset


class BoundedCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        if len(in_stream) > settings.IMPORT_LIMITS["max_upload_bytes"]:
            raise SpreadsheetTooLarge(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.IMPORT_LIMITS["max_upload_bytes"] // 1_000_000}
            )
        dataset = super().create_dataset(in_stream, **kwargs)
        if dataset.height > settings.IMPORT_LIMITS["max_rows"]:
            raise SpreadsheetTooLarge(
                _("The file has more than %(rows)s rows.") % {"rows": settings.IMPORT_LIMITS["max_rows"]}
            )
        return dataset


class SpreadsheetAdmin(ImportExportModelAdmin):
    """Admin with CSV/XLSX import (bounded) and export (through FormulaSafeResource resources)."""

    import_formats = [BoundedCSV, BoundedXLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
