"""Cache of what every learner sees the same on a page (course outline, related webinars, footer,
calendar feeds), shared by all nodes through the default cache (Redis in production).

Entries are not cleared one by one: their keys carry a *content generation*, a number that moves on
whenever published content may have changed (a page saved, published, unpublished, moved or deleted,
a theme, webinar cycle or calendar sequence, a site or site setting saved or deleted; see
`connect_signals`). After a change, every
node reads the new generation and misses the entries of the old one, which expire on their own.

The generation moves twice: at once, so that the same transaction (or test) reads its own change, and
again after the commit, so that an entry built by another request from the old rows between the two
is never read again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TypeVar

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "content:generation"
ENTRY_TIMEOUT = 24 * 60 * 60

T = TypeVar("T")
K = TypeVar("K")


# A page reads four or five entries: within a request the generation is read once, kept from the
# request's start to its end (request_started / request_finished, see `connect_signals`) and
# forgotten at each change the request makes itself. Outside a request (a task, a command), it is
# read each time.
_request = Local()


def content_generation() -> int:
    generation = getattr(_request, "generation", None)
    if generation is None:
        generation = _read_generation()
        if getattr(_request, "active", False):
            _request.generation = generation
    return generation


def _read_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Start from the clock, not from 1: if Redis evicts or loses the key, the new generation
        # never meets the entries of an old one that are still stored.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _request_started(**kwargs) -> None:
    _request.active, _request.generation = True, None


def _request_finished(**kwargs) -> None:
    _request.active, _request.generation = False, None


def content_changed() -> None:
    """Move the generation now and once more after the current transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    _request.generation = None
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation stored yet: the next read starts a new one
        cache.add(GENERATION_KEY, time.time_ns(), None)


# Entries already read in this process, for the generation they belong to: a page that reads the same
# outline or webinar list as an earlier request neither asks Redis for it nor unpickles it again
# (unpickling pages was most of the time a dashboard spent on its ten course outlines). A key carries
# its generation, so a change of content is seen as soon as the request reads the new generation;
# the entries of the old one are dropped then. Values are shared between the requests of a process:
# callers read them and never change them (they apply who asks and the time of day on copies). How
# many are kept is settings.CONTENT_CACHE_LOCAL_ENTRIES: a dashboard reads about fifty (ten outlines,
# cards, quizzes…), so too small a bound makes the pages of learners with many different courses
# unpickle everything from Redis again (docs/performance.md).
_local_entries: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()
_local_generation: list[int | None] = [None]


def _local_get(generation: int, keys: Iterable[str]) -> dict[str, object]:
    with _local_lock:
        if _local_generation[0] != generation:
            _local_entries.clear()
            _local_generation[0] = generation
            return {}
        found = {}
        for key in keys:
            value = _local_entries.get(key)
            if value is not None:
                _local_entries.move_to_end(key)
                found[key] = value
        return found


def _local_put(generation: int, values: dict[str, object]) -> None:
    with _local_lock:
        if _local_generation[0] != generation:
            return  # content changed while the values were read or built: keep none of them
        _local_entries.update(values)
        for key in values:
            _local_entries.move_to_end(key)
        while len(_local_entries) > settings.CONTENT_CACHE_LOCAL_ENTRIES:
            _local_entries.popitem(last=False)


def content_key(name: str) -> str:
    """The cache key of `name` for the current generation, for a caller that reads and stores the
    entry itself (core.middleware.CachedSiteMiddleware). Read it once, before building the value, so
    that a value built while content changes is stored under a generation nobody reads any more."""
    return f"content:{content_generation()}:{name}"


def cached_content(name: str, build: Callable[[], T]) -> T:
    """The value stored under `name` for the current generation, built and stored on a miss.

    `build` must not depend on who asks nor on the time of day (apply those on what it returns,
    after this call): the value is shared by every learner until content changes. Entries outlive a
    deploy within a generation: when the shape of a value changes, so does its name. None is never
    stored, so that names made up by a visitor (an unknown course slug) cannot fill the cache."""
    return cached_contents(name, [None], lambda _missing: {None: build()})[None]


def cached_contents(name: str, ids: Iterable[K], build: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """{id: value} for several entries of one kind (the outlines of a learner's courses): one read of
    the cache for all, then one call of `build` with the ids it did not hold, so that a page makes
    as many queries for ten missing entries as for one. Same rules as `cached_content`."""
    generation = content_generation()
    keys = {item: f"content:{generation}:{name}" + ("" if item is None else f":{item}") for item in ids}
    found = _local_get(generation, keys.values())
    absent = [key for key in keys.values() if key not in found]
    if absent:
        shared = {key: value for key, value in cache.get_many(absent).items() if value is not None}
        _local_put(generation, shared)
        found.update(shared)
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in keys if item not in values]
    if missing:
        built = build(missing)
        stored = {keys[item]: value for item, value in built.items() if value is not None}
        cache.set_many(stored, ENTRY_TIMEOUT)
        _local_put(generation, stored)
        values.update(built)
    return values


def _on_change(sender=None, **kwargs):
    content_changed()


def _on_settings_saved(sender=None, created=False, **kwargs):
    # Wagtail creates a site's settings with their default values the first time they are read,
    # from the very code that builds the footer: nothing shown changes then.
    if not created:
        content_changed()


def watch_model(model) -> None:
    """Move the generation whenever a row of `model` is saved or deleted. Apps whose snippets show on
    learner pages (themes, webinar cycles) call it from their `AppConfig.ready`."""
    label = model._meta.label
    post_save.connect(_on_change, sender=model, dispatch_uid=f"content-save-{label}")
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"content-delete-{label}")


def connect_signals() -> None:
    """Wire the page, site and site-settings changes; called once from core.apps (other apps add
    their own models with `watch_model`)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site, get_page_models

    from .models import SiteSettings

    # Images and documents too: a card's or a lesson's HTML kept in the cache
    # (templatetags.content_fragments) names its rendition, a document's title, size and link.
    # View restrictions: where a URL leads is kept with the restrictions above it (core.ancestry).
    for model in {Page, *get_page_models(), get_image_model(), get_document_model(), PageViewRestriction}:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"content-save-{model._meta.label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"content-delete-{model._meta.label}")
    # Publishing saves the page before its inline children (a course's modules): move once more after.
    page_published.connect(_on_change, dispatch_uid="content-published")
    page_unpublished.connect(_on_change, dispatch_uid="content-unpublished")
    post_page_move.connect(_on_change, dispatch_uid="content-moved")
    post_save.connect(_on_settings_saved, sender=SiteSettings, dispatch_uid="content-save-settings")
    post_delete.connect(_on_change, sender=SiteSettings, dispatch_uid="content-delete-settings")
    post_save.connect(_on_change, sender=Site, dispatch_uid="content-save-site")
    post_delete.connect(_on_change, sender=Site, dispatch_uid="content-delete-site")
    request_started.connect(_request_started, dispatch_uid="content-request-started")
    request_finished.connect(_request_finished, dispatch_uid="content-request-finished")
