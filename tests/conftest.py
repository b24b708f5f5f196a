import pytest
from django.core import mail

from accounts.factories import UserFactory


@pytest.fixture
def learner(db):
    return UserFactory()


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


@pytest.fixture(autouse=True)
def email_through_celery(settings):
    """Django's test runner swaps EMAIL_BACKEND for locmem; put ours back so every test sends
    e-mail the way production does (stored, queued, delivered by the task to locmem)."""
    settings.EMAIL_BACKEND = "accounts.mail.CeleryEmailBackend"
