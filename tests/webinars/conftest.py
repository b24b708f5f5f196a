import pytest

from tests.factories.courses import build_sections
from tests.factories.webinars import webinar_index


@pytest.fixture
def sections(db):
    return build_sections()


@pytest.fixture
def index(db):
    return webinar_index()
