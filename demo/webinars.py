"""Demo content for the webinars app, read from demo_content/webinars.yaml.

Idempotent: cycles are found by slug, sessions by slug under the « Webinaires » page, updated and
published through a new revision (a republication without change announces nothing). Needs the
courses demo first (sessions link to modules and courses by slug).
"""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

from django.utils.html import escape

from courses.models import CoursePage, ModulePage, Theme
from home.models import HomePage
from webinars.models import ModuleTiming, WebinarCycle, WebinarIndexPage, WebinarKind, WebinarModule, WebinarPage, WebinarStatus

from .courses import DEMO_DIR, _fail, _mapping, _text

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# A journée of the programme may stand outside the webinar cycles (no « cycle »); « themes » then says
# which thématiques it belongs to (by default, a session takes its cycle's).
SESSION_REQUIRED = {"slug", "title", "kind", "start", "minutes", "summary", "speakers", "audience", "modules", "courses"}
SESSION_OPTIONAL = {
    "cycle",
    "themes",
    "after",
    "city",
    "place",
    "replay_url",
    "transcript",
    "registration_url",
    "on_site",
    "status",
}


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _start(value, where: str) -> datetime.datetime:
    try:
        naive = datetime.datetime.strptime(_text(value, where), "%Y-%m-%d %H:%M")
    except ValueError:
        _fail(where, f"date et heure « AAAA-MM-JJ HH:MM » attendues, trouvé {value!r}")
    return naive.replace(tzinfo=PARIS)


def _index(home: HomePage, data: dict) -> WebinarIndexPage:
    index = WebinarIndexPage.objects.child_of(home).first()
    if index is None:
        index = WebinarIndexPage(title=data["title"], slug="webinaires", intro=data["intro"])
        home.add_child(instance=index)
    index.title, index.intro = data["title"], data["intro"]
    index.save_revision().publish()
    return index


def load_cycles(data: list, themes: dict[str, Theme]) -> dict[str, WebinarCycle]:
    cycles = {}
    for i, item in enumerate(data, 1):
        where = f"webinars.yaml, cycle {i}"
        item = _mapping(item, where, {"slug", "title", "description", "themes"})
        cycle, _ = WebinarCycle.objects.update_or_create(
            slug=item["slug"], defaults={"title": _text(item["title"], where), "description": _text(item["description"], where)}
        )
        unknown = [slug for slug in item["themes"] if slug not in themes]
        if unknown:
            _fail(where, f"thématiques absentes de themes.yaml : {', '.join(unknown)}")
        cycle.themes.set([themes[slug] for slug in item["themes"]])
        cycles[cycle.slug] = cycle
    return cycles


def load_session(item: dict, *, index, cycles, modules, courses, themes) -> WebinarPage:
    where = f"webinars.yaml, session « {item.get('slug')} »"
    item = _mapping(item, where, SESSION_REQUIRED, SESSION_OPTIONAL)
    for key, known in (("modules", modules), ("after", modules), ("courses", courses), ("themes", themes)):
        missing = [slug for slug in item.get(key, []) if slug not in known]
        if missing:
            _fail(f"{where}, {key}", f"absents du contenu de démonstration : {', '.join(missing)}")
    if "cycle" in item and item["cycle"] not in cycles:
        _fail(f"{where}, cycle", f"cycle inconnu « {item['cycle']} »")
    cycle = cycles[item["cycle"]] if "cycle" in item else None
    if cycle is None and not item.get("themes"):
        _fail(where, "une session hors cycle doit indiquer ses thématiques (themes)")
    start = _start(item["start"], f"{where}, start")
    fields = {
        "title": _text(item["title"], where),
        "kind": WebinarKind(item["kind"]),
        "cycle": cycle,
        "status": WebinarStatus(item.get("status", WebinarStatus.PLANNED)),
        "start": start,
        "end": start + datetime.timedelta(minutes=int(item["minutes"])),
        "online": "city" not in item,
        "place_city": item.get("city", ""),
        "place_address": item.get("place", ""),
        "description": _paragraphs(item["summary"]),
        "speakers": "\n".join(item["speakers"]),
        "audience": _text(item["audience"], where),
        "registration_url": item.get("registration_url", ""),
        "registration_on_site": bool(item.get("on_site")),
        "replay_url": item.get("replay_url", ""),
        "replay_transcript": _paragraphs(item.get("transcript", "")),
    }
    page = WebinarPage.objects.child_of(index).filter(slug=item["slug"]).first()
    if page is None:
        page = WebinarPage(slug=item["slug"], **fields)
        index.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.full_clean()
    existing = {link.module_id: link for link in page.webinar_modules.all()}
    links = []
    for timing, slugs in ((ModuleTiming.BEFORE, item["modules"]), (ModuleTiming.AFTER, item.get("after", []))):
        for slug in slugs:
            link = existing.get(modules[slug].pk) or WebinarModule(module=modules[slug])
            link.timing, link.sort_order = timing, len(links)
            links.append(link)
    page.webinar_modules = links
    page.related_courses = [courses[slug] for slug in item["courses"]]
    page.themes = [themes[slug] for slug in item["themes"]] if item.get("themes") else list(cycle.themes.all())
    page.save()
    page.save_revision().publish()
    return page


def load(demo_dir: Path = DEMO_DIR):
    import yaml

    with open(demo_dir / "webinars.yaml", encoding="utf-8") as handle:
        data = _mapping(yaml.safe_load(handle), "webinars.yaml", {"index", "cycles", "sessions"})
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    cycles = load_cycles(data["cycles"], themes)
    yield f"Cycles de webinaires : {len(cycles)}"
    index = _index(HomePage.objects.get(), data["index"])
    modules = {module.slug: module for module in ModulePage.objects.all()}
    courses = {course.slug: course for course in CoursePage.objects.all()}
    sessions = [
        load_session(item, index=index, cycles=cycles, modules=modules, courses=courses, themes=themes)
        for item in data["sessions"]
    ]
    yield f"Webinaires et journées : {len(sessions)} ({sum(s.has_replay for s in sessions)} avec replay)"
