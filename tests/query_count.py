"""Counting the SQL queries of a page the way the query budgets mean it."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.content_cache import content_changed

# Any page with the site's footer: opened after the content cache was made to miss, it puts the
# footer back, as the first visitor after a publication does for everyone.
FOOTER_PAGE_URL = "/"


def _count(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), response


def page_queries(client, url: str):
    """(number of queries, response) of a GET of `url` for the first learner to open this page after a
    publication: what this page reads from the shared content cache (course outline, related
    webinars) is read from the database, while what every page shares (site root paths, session,
    footer) is warm. Learners after the first read the page's entries from the cache too."""
    client.get(url)
    content_changed()
    client.get(FOOTER_PAGE_URL)
    return _count(client, url)


def cold_page_queries(client, url: str):
    """(number of queries, response) of a GET of `url` on a fully cold cache: the first visitor after
    a restart with an empty Redis, who rebuilds everything the pages share (site root paths, footer,
    content generation) as well as this page's own entries."""
    client.get(url)
    cache.clear()
    return _count(client, url)


def warm_page_queries(client, url: str):
    """(number of queries, response) of a GET of `url` by someone who opened it a moment ago: every
    shared entry is in the cache, the session is loaded."""
    client.get(url)
    client.get(url)
    return _count(client, url)
