"""The « chiffres clés » block: a server-drawn SVG bar chart with its data table, valid-at date and sources."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from core.blocks import KeyFiguresChartBlock
from core.numbers import french_long_date, french_number

CHART = {
    "title": "Part de la population vivant en quartier prioritaire",
    "unit": "%",
    "category": "Territoire",
    "items": [
        {"label": "Bretagne", "value": "2.8"},
        {"label": "Pays de la Loire", "value": "4"},
        {"label": "Hexagone", "value": "8"},
    ],
    "valid_at": "2024-01-01",
    "sources": [
        {"title": "Insee Flash Bretagne n° 108", "url": "https://www.insee.fr/fr/statistiques/8314262"},
        {"title": "Insee Première n° 2008", "url": ""},
    ],
    "note": "Géographie prioritaire en vigueur au 1er janvier 2024.",
}


class TableReader(HTMLParser):
    """The caption, header cells and rows of the first <table>, as text."""

    def __init__(self):
        super().__init__()
        self.caption, self.headers, self.rows, self._cell, self._in = "", [], [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._in = "caption"
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag in ("th", "td") and self._cell is not None:
            # Collapse the template's layout whitespace only: the no-break space before a unit is content.
            self.rows[-1].append(re.sub(r"[ \t\r\n]+", " ", self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._in == "caption":
            self.caption += data
        elif self._cell is not None:
            self._cell += data


def render(raw=CHART) -> str:
    block = KeyFiguresChartBlock()
    return block.render(block.to_python(raw))


def test_blocks_chart_table_holds_labels_values_and_the_valid_at_date():
    """The table's caption gives title and date; each row a label and its French value with unit."""
    html = render()
    reader = TableReader()
    reader.feed(html.split("<table>", 1)[1])
    assert " ".join(reader.caption.split()) == "Part de la population vivant en quartier prioritaire, valeurs au 1er janvier 2024"
    assert reader.rows == [
        ["Territoire", "Valeur"],
        ["Bretagne", "2,8\u00a0%"],
        ["Pays de la Loire", "4\u00a0%"],
        ["Hexagone", "8\u00a0%"],
    ]
    assert '<th scope="row">Bretagne</th>' in html and '<th scope="col">Valeur</th>' in html


def test_blocks_chart_states_date_and_every_source_with_its_link():
    """Below the chart: « Valeurs au … », each source, linked when it has an address, and the note."""
    text = " ".join(render().split())
    assert "Valeurs au 1er janvier 2024. Sources :" in text
    assert (
        '<a href="https://www.insee.fr/fr/statistiques/8314262" rel="noopener">Insee Flash Bretagne n° 108</a> ; Insee Première n° 2008.'
        in text
    )
    assert "Géographie prioritaire en vigueur au 1er janvier 2024." in text


def test_blocks_chart_svg_has_a_text_alternative_and_bars_scaled_to_the_largest():
    """The SVG is an image named by its figures; the largest bar fills the track, the others in proportion."""
    html = render()
    assert 'role="img"' in html
    assert (
        'aria-label="Part de la population vivant en quartier prioritaire : Bretagne, 2,8\u00a0% ; '
        'Pays de la Loire, 4\u00a0% ; Hexagone, 8\u00a0%."' in html
    )
    widths = re.findall(r'class="chart__bar" fill="#1f3a68" width="([\d.]+)%"', html)
    assert widths == ["35.00", "50.00", "100.00"]
    assert "<script" not in html and "http://www.w3.org/2000/svg" in html


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"label": "A", "value": "0"}, {"label": "B", "value": "0"}], "supérieure à zéro"),
        ([{"label": "Bretagne", "value": "1"}, {"label": "bretagne ", "value": "2"}], "apparaît deux fois"),
    ],
)
def test_blocks_chart_refuses_all_zero_values_and_repeated_labels_in_french(items, message):
    """Bars with nothing to draw, or two bars with the same label, are refused with a French message."""
    block = KeyFiguresChartBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({**CHART, "items": items}))
    assert message in str(error.value.block_errors["items"].messages)


def test_blocks_chart_refuses_a_single_bar_or_a_missing_date():
    """A chart compares: one bar is refused, and so is a chart with no « valide au » date."""
    block = KeyFiguresChartBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({**CHART, "items": CHART["items"][:1]}))
    assert "items" in error.value.block_errors
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({**CHART, "valid_at": None}))
    assert "valid_at" in error.value.block_errors


def test_numbers_french_number_and_date_whatever_the_locale():
    """Thousands by narrow no-break spaces, decimal comma, no trailing zeros; « 1er » on the first of the month."""
    assert french_number(Decimal("154500")) == "154\u202f500"
    assert french_number(Decimal("2.80")) == "2,8"
    assert french_number(8) == "8"
    assert french_number(Decimal("2479.000")) == "2\u202f479"
    assert french_long_date(datetime.date(2024, 1, 1)) == "1er janvier 2024"
    assert french_long_date(datetime.date(2025, 12, 9)) == "9 décembre 2025"
