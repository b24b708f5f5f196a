import pytest

from courses.factories import build_sections
from webinars.factories import webinar_index


@pytest.fixture
def sections(db):
    return build_sections()


@pytest.fixture
def index(db):
    return webinar_index()
