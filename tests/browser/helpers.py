"""Shared helpers for the Playwright browser tests."""

import re

from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
_axe = Axe()


def assert_accessible(page):
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    results = _axe.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def last_mail_matching(outbox, pattern):
    """The first group of `pattern` in the most recent e-mail that contains it."""
    for message in reversed(outbox):
        match = re.search(pattern, message.body, re.M)
        if match:
            return match.group(1)
    raise AssertionError(f"no e-mail matches {pattern!r}: {[m.subject for m in outbox]}")


def field(page, label):
    """The form field whose label is `label`, with or without our " (obligatoire)" suffix."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(obligatoire\))?$"))


def sign_in(page, user):
    """Give the browser a session for `user`, as if they had signed in."""
    from urllib.parse import urlparse

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    host = urlparse(page.live_server_url).hostname
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
