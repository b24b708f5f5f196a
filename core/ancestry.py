"""The ancestors of a served page, read once per page instance (so once per request).

Wagtail's view-restriction check reads the ancestors' aliases, then the restrictions, and the
breadcrumb reads the ancestors again: three queries on every page. Here one query reads the chain
from the root to the page, each row telling whether a restriction is set on it; the restrictions
themselves are read only when one exists. A chain with an alias in it (rare) takes Wagtail's own
check, which resolves aliases to their source pages.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page, PageViewRestriction

from core.content_cache import cached_content

_MEMO = "_ancestry_memo"


def _annotated(pages):
    return pages.annotate(restricted=Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))))


def page_by_url_path(*, home: Page, path_components: list[str]):
    """The live-or-not page at `path_components` below `home` (specific), with its chain memoised,
    or None. Where a URL leads and the chain above it are the same for every visitor until content
    changes: they come from the shared content cache (one query for the page and all its ancestors
    on a miss, the slug of each level using its index), then one query reads the page itself, so
    that what is served (its content, whether it is live) is always the database's."""
    url_path = home.url_path + "".join(f"{slug}/" for slug in path_components)
    digest = hashlib.sha256(url_path.encode()).hexdigest()[:32]
    found = cached_content(f"page-at:{home.pk}:{digest}", lambda: _page_at(home=home, path_components=path_components))
    if found is None:
        return None
    pk, content_type_id, chain = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=pk).first() if model is not None else None
    if page is None or page.url_path != url_path:  # gone since, by a change not yet seen here
        return None
    if len(chain) == page.depth and page.path == chain[-1].path:  # every level found: the page's chain
        page.__dict__[_MEMO] = (page.path, chain)
    return page


def _page_at(*, home: Page, path_components: list[str]) -> tuple[int, int, list[Page]] | None:
    """(id, content type, chain from the root) of the page at `path_components`: one query."""
    levels = Q(path__in=[home.path[:end] for end in range(home.steplen, len(home.path) + 1, home.steplen)])
    url_path = home.url_path
    for depth, slug in enumerate(path_components, home.depth + 1):
        url_path += slug + "/"
        levels |= Q(depth=depth, slug=slug, url_path=url_path, path__startswith=home.path)
    rows = list(_annotated(Page.objects.filter(levels)).order_by("path"))
    page = next((row for row in rows if row.url_path == url_path and row.depth == home.depth + len(path_components)), None)
    if page is None:
        return None
    return page.pk, page.content_type_id, [row for row in rows if page.path.startswith(row.path)]


def page_chain(page) -> list[Page]:
    """The root, every ancestor, then the page itself (plain Pages in tree order), each annotated
    `restricted`: one query, memoised on the page instance for as long as its path is unchanged."""
    memo = page.__dict__.get(_MEMO)
    if memo is not None and memo[0] == page.path:
        return memo[1]
    restricted = PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
    chain = list(Page.objects.ancestor_of(page, inclusive=True).annotate(restricted=Exists(restricted)).order_by("path"))
    page.__dict__[_MEMO] = (page.path, chain)
    return chain


def page_ancestors(page) -> list[Page]:
    """The page's ancestors from the root down to its parent (as `Page.get_ancestors()`)."""
    if page.pk is None or not page.path:  # a preview of a page not saved yet
        return list(page.get_ancestors()) if page.path else []
    return [ancestor for ancestor in page_chain(page) if ancestor.pk != page.pk]


class RestrictionsFromChainMixin:
    """Page models whose view restrictions come from the memoised chain (see the module docstring).

    Same rule as Wagtail's `Page.get_view_restrictions`: the restrictions of the page and of every
    ancestor."""

    def get_view_restrictions(self):
        if self.pk is None:
            return super().get_view_restrictions()
        chain = page_chain(self)
        if any(page.alias_of_id for page in chain):
            return super().get_view_restrictions()
        if not any(page.restricted for page in chain):
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=[page.pk for page in chain])
