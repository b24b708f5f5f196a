import pytest

from accounts import groups
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_sections


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
