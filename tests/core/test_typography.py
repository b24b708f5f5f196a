"""French typography: one format for dates and times, no-break spaces where French puts them."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from core.typography import NBSP, NNBSP, french_date, french_datetime, french_number, french_spacing, french_time

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = datetime.datetime(2026, 12, 3, 13, 0, tzinfo=datetime.UTC)  # 14 h 00 in Paris


def test_typography_time_is_written_14_h_00_in_paris_time():
    """« 14 h 00 » with no-break spaces, whatever the time zone of the value."""
    assert french_time(START) == f"14{NBSP}h{NBSP}00"
    assert french_time(datetime.datetime(2026, 12, 3, 9, 5, tzinfo=PARIS)) == f"9{NBSP}h{NBSP}05"


def test_typography_dates_have_one_long_format_even_from_stored_text():
    """A date, a datetime and a stored « 06/12/2026 » all read « 6 décembre 2026 », also inside a sentence."""
    assert french_date(datetime.date(2026, 12, 6)) == f"6{NBSP}décembre 2026"
    assert french_date("06/12/2026") == f"6{NBSP}décembre 2026"
    assert french_date("version du 06/12/2026") == f"version du 6{NBSP}décembre 2026"
    assert french_datetime(START) == f"jeudi{NBSP}3{NBSP}décembre 2026 à 14{NBSP}h{NBSP}00"


def test_typography_numbers_group_thousands_with_a_narrow_no_break_space():
    """« 12 500 » and « 1 362,5 »."""
    assert french_number(12500) == f"12{NNBSP}500"
    assert french_number(1362.5) == f"1{NNBSP}362,5"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Identifiant : X</p>", f"<p>Identifiant{NBSP}: X</p>"),
        ("<p><strong>Date</strong> : demain</p>", f"<p><strong>Date</strong>{NBSP}: demain</p>"),
        ("<label>E-mail actuel:</label>", f"<label>E-mail actuel{NBSP}:</label>"),
        ("<p>Oui ! Et vous ? Non ; 70 %</p>", f"<p>Oui{NNBSP}! Et vous{NNBSP}? Non{NNBSP}; 70{NNBSP}%</p>"),
        ("<p>« Reprendre »</p>", f"<p>«{NBSP}Reprendre{NBSP}»</p>"),
        ("<p>14:00 https://exemple.fr/a:b</p>", "<p>14:00 https://exemple.fr/a:b</p>"),
        ('<a title="a : b" href="/x?y=1">z</a>', '<a title="a : b" href="/x?y=1">z</a>'),
        (
            "<script>a ? b : c;</script><textarea>x : y</textarea><pre>p ; q</pre>",
            "<script>a ? b : c;</script><textarea>x : y</textarea><pre>p ; q</pre>",
        ),
        ("Avant : <b>x</b>", f"Avant{NBSP}: <b>x</b>"),
        ("<!-- a > b : c --><p>d ? e</p>", f"<!-- a > b : c --><p>d{NNBSP}? e</p>"),
        ("<p>x <code>a : b</code> ici : ok</p>", f"<p>x <code>a : b</code> ici{NBSP}: ok</p>"),
        ("<SCRIPT>a : b</SCRIPT><p>c ; d</p>", f"<SCRIPT>a : b</SCRIPT><p>c{NNBSP}; d</p>"),
        ("<p>Titre : x</p><pre>jamais fermé : <p>a : b</p>", f"<p>Titre{NBSP}: x</p><pre>jamais fermé : <p>a : b</p>"),
    ],
)
def test_typography_french_spacing_touches_text_only(html, expected):
    """No-break spaces before « : ; ! ? % » and inside « », never in tags, scripts, text areas or code."""
    assert french_spacing(html) == expected


def test_typography_template_filters_are_the_shared_ones():
    """Templates write dates and times through ui_tags, the same way everywhere."""
    rendered = Template("{% load ui_tags %}{{ d|date_fr }}|{{ d|time_fr }}|{{ d|weekday_datetime_fr }}|{{ n|number_fr }}").render(
        Context({"d": START, "n": 1362})
    )
    assert rendered == f"3{NBSP}décembre 2026|14{NBSP}h{NBSP}00|jeudi{NBSP}3{NBSP}décembre 2026 à 14{NBSP}h{NBSP}00|1{NNBSP}362"


@pytest.mark.django_db
def test_typography_middleware_spaces_our_pages(client):
    """A page of the site carries no « word : » with an ordinary space."""
    content = client.get("/attestations/verifier/").content.decode()
    assert "Identifiant de l" in content
    assert " :" not in content.split("<body", 1)[1].replace("<script", "\0").split("\0")[0]
