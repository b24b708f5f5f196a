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
