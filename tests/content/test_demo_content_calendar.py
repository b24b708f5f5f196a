"""The demo calendar follows the resource centre's 2026 programme (demo_content/webinars.yaml).

The programme (shared/domain/politique-de-la-ville.md §1.7, source [S20]) has 5 webinar cycles and 10
journées in Bretagne and Pays de la Loire, among them education / parentalité days for Cités éducatives
and PRE professionals, a health day on non-recours and a day for the VRL trainers of Bretagne. Reads the
YAML only; the loaded database is checked in test_demo_content_pages.py.
"""

import datetime

import yaml

from demo.courses import DEMO_DIR


def calendar():
    data = yaml.safe_load((DEMO_DIR / "webinars.yaml").read_text(encoding="utf-8"))
    cycle_themes = {cycle["slug"]: set(cycle["themes"]) for cycle in data["cycles"]}
    sessions = data["sessions"]
    for session in sessions:
        session["start_at"] = datetime.datetime.strptime(session["start"], "%Y-%m-%d %H:%M")
        session["all_themes"] = set(session.get("themes") or cycle_themes.get(session.get("cycle"), set()))
    return data["cycles"], sessions


def test_calendar_has_five_cycles_and_ten_journees_in_2026_2027_across_eight_themes():
    """5 cycles; ≥ 10 journées dated 2026 or 2027 covering ≥ 8 thématiques; every session linked to modules."""
    cycles, sessions = calendar()
    assert len(cycles) == 5
    journees = [session for session in sessions if session["kind"] == "journee"]
    assert len(journees) >= 10
    assert all(session["start_at"].year in (2026, 2027) for session in journees)
    themes = set().union(*(session["all_themes"] for session in journees))
    assert len(themes) >= 8, sorted(themes)
    assert [session["slug"] for session in sessions if not session["modules"]] == []


def test_calendar_covers_the_days_the_programme_announces():
    """Education (Cités éducatives / PRE), health (non-recours), GUSP, « la ville, la nuit », and the VRL day in 2026."""
    _, sessions = calendar()
    journees = [session for session in sessions if session["kind"] == "journee"]

    def with_module(slug):
        return [session for session in journees if slug in session["modules"] + session.get("after", [])]

    assert [s for s in journees if "education" in s["all_themes"]], "aucune journée éducation / parentalité"
    assert with_module("programme-reussite-educative") or with_module("cites-educatives")
    assert with_module("comprendre-le-non-recours"), "aucune journée santé sur le non-recours"
    assert with_module("gestion-urbaine-sociale-proximite"), "aucune journée GUSP"
    assert with_module("ville-la-nuit"), "aucune journée « la ville, la nuit »"
    vrl = [session for session in journees if "vrl" in session["slug"]]
    assert len(vrl) == 1 and vrl[0]["start_at"].year == 2026
    # Upcoming in the demo (the programme is presented on 6 December 2026): it still takes registrations.
    assert vrl[0]["start_at"] > datetime.datetime(2026, 12, 6) and vrl[0].get("registration_url")
