"""One date format per language (FORMAT_MODULE_PATH): DATE_FORMAT in running text, SHORT_DATE_FORMAT in tables.

Templates write `{{ day|date }}` in a sentence and `{{ day|date:"SHORT_DATE_FORMAT" }}` in a table cell, never a
literal format. Dutch: `1 december 2026` and `01-12-2026`. English: `1 December 2026` and `2026-12-01` in tables,
because `01-12-2026` reads as 12 January to many English readers and ISO 8601 reads the same to everyone.
"""
