"""Where upper apps plug into lower ones without being imported by them.

Each registry is filled from the contributing app's `AppConfig.ready` and read only once every app
is ready, so that its content never depends on the order in which modules happen to be imported.

- lesson blocks: StreamField blocks offered in lesson bodies (quizzes' quiz card, webinars' session
  card), read by `courses.blocks.LessonStreamBlock`;
- page panels: inclusion templates shown below a content page (« Webinaires associés »), rendered by
  the `{% page_panels page %}` tag of `core_tags`.

The personal-data registry (RGPD export and erasure) lives in `accounts.personal_data`, beside the
user it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

_lesson_blocks: dict[str, Callable[[], object]] = {}
_page_panels: dict[str, PagePanel] = {}


def _require_ready(what: str) -> None:
    if not apps.ready:
        raise ImproperlyConfigured(f"{what} read before every app was ready: some would be missing.")


def register_lesson_block(name: str, factory: Callable[[], object]) -> None:
    """Offer a block in lesson bodies under `name`; `factory` builds a fresh block instance."""
    _lesson_blocks[name] = factory


def lesson_blocks() -> list[tuple[str, object]]:
    _require_ready("Lesson blocks")
    return [(name, factory()) for name, factory in _lesson_blocks.items()]


@dataclass(frozen=True)
class PagePanel:
    """A panel shown below content pages: `render(context, page)` returns HTML (or "")."""

    name: str
    render: Callable[[dict, object], str]


def register_page_panel(name: str, render: Callable[[dict, object], str]) -> None:
    _page_panels[name] = PagePanel(name=name, render=render)


def page_panels() -> list[PagePanel]:
    _require_ready("Page panels")
    return list(_page_panels.values())
