import pytest

from accounts import groups
from accounts.factories import UserFactory
from courses.factories import build_sections


@pytest.fixture
def sections(db):
    """Parcours, Bibliothèque de modules (with its Laïcité section) and Glossaire under the home page."""
    return build_sections()


@pytest.fixture
def trainer(db):
    return UserFactory(group=groups.TRAINERS)


@pytest.fixture
def vrl_trainer(db):
    return UserFactory(group=groups.VRL_TRAINERS)


@pytest.fixture
def administrator(db):
    return UserFactory(group=groups.ADMINISTRATORS)


def _carry_serialized_contents(*, clean_slate: bool = False) -> None:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections

    try:
        thread_storage = object.__getattribute__(connections._connections, "_storage")
    except AttributeError:  # another asgiref implementation: nothing to carry over
        return
    contents = getattr(getattr(thread_storage, DEFAULT_DB_ALIAS, None), "_test_serialized_contents", None)
    if contents is None:  # the test database is not set up yet: it is fresh
        return
    current = connections[DEFAULT_DB_ALIAS]
    if not hasattr(current, "_test_serialized_contents"):
        current._test_serialized_contents = contents
    if clean_slate:
        # An earlier transactional test may have emptied the tables and let post_migrate recreate content
        # types and permissions: restoring the serialized copy on top of those would clash. Start empty.
        with _db_unblocked(current):
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)


class _db_unblocked:
    """pytest-django blocks the database outside test fixtures; this hook runs just before them."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        from pytest_django.plugin import blocking_manager_key

        assert "test" in str(self.connection.settings_dict["NAME"]), "refusing to flush a non-test database"
        self._unblocked = _config.stash[blocking_manager_key].unblock()
        return self._unblocked.__enter__()

    def __exit__(self, *exc):
        return self._unblocked.__exit__(*exc)


_config = None


def pytest_configure(config):
    global _config
    _config = config


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Let browser tests restore the migrations' data (home page, groups) with serialized_rollback.

    Once Playwright's sync API has started, an asyncio loop runs in the main thread, so Django hands out
    a new database connection (asgiref's Local switches to context-local storage). That connection lacks
    the serialized copy of the test database taken at setup: serialized_rollback would then restore
    nothing, and the flush after the test would not know it must skip post_migrate. Copy the copy over
    from the thread's original connection before the database fixtures set up and tear down.
    """
    if item.get_closest_marker("browser") is not None:
        _carry_serialized_contents(clean_slate=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    if item.get_closest_marker("browser") is not None:
        _carry_serialized_contents()
