"""The one way the project writes tabular files (report exports, sync or queued).

CSV: UTF-8 with a byte-order mark and `;` between columns, what French Excel opens as columns with
their accents intact. Cells that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
`@`, a tab or a carriage return) are prefixed with an apostrophe: a learner-typed name such as
`=HYPERLINK(…)` stays text (OWASP « CSV injection »). Numbers are written as numbers.

XLSX: openpyxl in write-only mode (flat memory whatever the number of rows); strings get the same
neutralising rule, since Excel evaluates them too when a user edits the cell.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell value, made inert if a spreadsheet would evaluate it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return str(value).replace(".", ",")  # French decimal comma; integers unchanged
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y %H:%M" if isinstance(value, datetime.datetime) else "%d/%m/%Y")
    return neutralise(str(value))


class _Echo:
    def write(self, value):
        return value


def csv_lines(headings: Sequence[str], rows: Iterable[Sequence]) -> Iterable[str]:
    """The file, line by line (for a streaming response): BOM, headings, then each row."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow([_csv_cell(h) for h in headings])
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def write_csv(handle, headings: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write the CSV file into a binary `handle`."""
    for line in csv_lines(headings, rows):
        handle.write(line.encode("utf-8"))


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # callers pass local time; Excel has no time zones
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(value)


def write_xlsx(handle, headings: Sequence[str], rows: Iterable[Sequence], *, title: str = "Rapport") -> None:
    """Write the XLSX workbook (one sheet) into a binary `handle`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Rapport")
    sheet.append([neutralise(h) for h in headings])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    workbook.save(handle)
