import os

import pytest
from django.core import mail

from tests.factories.accounts import UserFactory

# tests/faults restart PostgreSQL and Redis: only `make faults` (scripts/faults) starts the private ones they need.
collect_ignore_glob = [] if os.environ.get("FAULTS_PG_DATA") else ["faults/*"]


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def demo_pages(db):
    """The home app's part of the demo content: home page, legal pages, site settings, demo accounts."""
    from demo import site as demo

    list(demo.load())


@pytest.fixture
def outbox():
    """The messages delivered so far (all e-mail goes through the Celery task, eager in tests)."""
    mail.outbox = []
    return mail.outbox


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits live in the cache: each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Media files of this test in a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def email_through_celery(settings):
    """Django's test runner swaps EMAIL_BACKEND for locmem; put ours back so every test sends
    e-mail the way production does (stored, queued, delivered by the task to locmem)."""
    settings.EMAIL_BACKEND = "accounts.mail.CeleryEmailBackend"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; nothing downloads a browser."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # themselves (factories, assertions) stay synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server that fails the test if any request leaves the site."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.live_server_url = live_server.url
    page.set_default_timeout(15000)
    foreign = []
    page.on(
        "request", lambda request: None if request.url.startswith((live_server.url, "data:")) else foreign.append(request.url)
    )
    yield page
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign}"


# Data that migrations create and every page needs. Transactional tests (browser, worker,
# concurrency) end with a flush that empties every table; the next one puts this data back.
DATA_MIGRATIONS = [
    ("home.migrations.0002_create_homepage", "create_homepage"),
    ("accounts.migrations.0002_create_groups", "create_groups"),
    ("courses.migrations.0002_group_permissions", "grant"),
    ("home.migrations.0003_review_workflow", "create_workflow"),
    ("quizzes.migrations.0002_trainer_permissions", "grant"),
    ("webinars.migrations.0002_group_permissions", "grant"),
    ("webinars.migrations.0003_attendance_for_administrators", "revoke"),
    ("trainers.migrations.0003_assignment_permissions", "grant"),
]


def ensure_base_data():
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    if Page.objects.filter(depth=1).exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    Site.objects.all().delete()
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def base_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or "live_server" in request.fixturenames
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_base_data()
