"""The one CSV/XLSX writer: French Excel reads it, and no cell is ever evaluated as a formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import write_csv, write_xlsx

DANGEROUS = ['=HYPERLINK("https://exemple.invalid","Voir")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


def _csv(rows):
    handle = io.BytesIO()
    write_csv(handle, ["Nom", "Collectivité"], rows)
    return handle.getvalue()


def test_spreadsheets_csv_has_a_bom_and_semicolons_and_keeps_accents():
    """UTF-8 with BOM, `;` between columns: one column per field in French Excel, accents intact."""
    content = _csv([["Le Goff", "Saint-Brieuc Armor Agglomération"]])
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Nom", "Collectivité"], ["Le Goff", "Saint-Brieuc Armor Agglomération"]]


@pytest.mark.parametrize("value", DANGEROUS)
def test_spreadsheets_csv_neutralises_each_formula_start(value):
    """A cell starting with =, +, -, @, tab or CR is written as text (prefixed with an apostrophe)."""
    rows = list(csv.reader(io.StringIO(_csv([[value, "x"]]).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][0] == "'" + value


@pytest.mark.parametrize("value", DANGEROUS)
def test_spreadsheets_xlsx_neutralises_each_formula_start(value):
    """The same rule in XLSX: the cell holds text, not a formula."""
    handle = io.BytesIO()
    write_xlsx(handle, ["Nom"], [[value], [42]])
    sheet = load_workbook(io.BytesIO(handle.getvalue())).active
    # An XML parser may read a stored carriage return back as a line feed; what matters is the leading
    # apostrophe and the text type.
    assert sheet["A2"].value in ("'" + value, "'" + value.replace("\r", "\n")) and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == 42


def test_spreadsheets_csv_keeps_numbers_and_ordinary_text():
    """Numbers stay numbers (decimal comma), names with a hyphen inside stay untouched."""
    rows = list(csv.reader(io.StringIO(_csv([["Jean-Pierre", 12.5]]).decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["Jean-Pierre", "12,5"]


def test_every_csv_the_project_writes_goes_through_the_one_writer():
    """No module but core/spreadsheets.py builds a CSV writer: every export gets the formula rule."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ("accounts", "core", "courses", "quizzes", "webinars", "progress", "livequiz", "trainers", "reports", "home", "demo")
    writers = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["core/spreadsheets.py"]
    assert "write_csv(" in (root / "reports/exports.py").read_text(encoding="utf-8")
