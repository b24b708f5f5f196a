"""Dashboard suggestions follow the mandates each theme lists (Theme.mandates), not a list in the code."""

import pytest

from progress.selectors import suggested_courses
from tests.factories.accounts import UserFactory
from tests.factories.courses import ThemeFactory

from .conftest import build_course


@pytest.fixture
def courses(db):
    first = build_course(slug="premier")
    education = build_course(slug="education", sections=first.sections)
    delegue = build_course(slug="delegue", sections=first.sections)
    education.course.themes.add(ThemeFactory(slug="education", mandates=["adjoint"]))
    education.course.save_revision().publish()
    delegue.course.themes.add(ThemeFactory(slug="cadre-de-vie", mandates=["conseiller_delegue"]))
    delegue.course.save_revision().publish()
    return {"premier": first.course, "education": education.course, "delegue": delegue.course}


def test_selectors_suggested_courses_put_the_themes_of_the_mandate_first(courses):
    """An adjoint·e is offered the course whose theme lists « adjoint » before the others."""
    adjoint = UserFactory(mandate="adjoint")
    assert suggested_courses(user=adjoint, exclude=[])[0] == courses["education"]


def test_selectors_suggested_courses_match_a_mandate_exactly(courses):
    """« conseiller » does not match a theme listed for « conseiller_delegue »; an editor's change is followed."""
    conseiller = UserFactory(mandate="conseiller")
    # No theme lists « conseiller »: the most followed courses, in tree order (none has a learner yet).
    assert suggested_courses(user=conseiller, exclude=[]) == [courses["premier"], courses["education"], courses["delegue"]]
    theme = courses["delegue"].themes.get()
    theme.mandates = ["conseiller"]
    theme.save()
    assert suggested_courses(user=conseiller, exclude=[])[0] == courses["delegue"]


def test_selectors_suggested_courses_read_past_the_cached_pool(courses, monkeypatch):
    """A learner who follows every course of the cached pool still gets suggestions, in order."""
    from progress import selectors

    monkeypatch.setattr(selectors, "SUGGESTION_POOL", 1)
    adjoint = UserFactory(mandate="adjoint")
    assert suggested_courses(user=adjoint, exclude=[]) == [courses["education"], courses["premier"], courses["delegue"]]
    assert suggested_courses(user=adjoint, exclude=[courses["education"].pk]) == [courses["premier"], courses["delegue"]]


def test_selectors_suggested_courses_put_the_most_followed_first_after_a_publication(courses, django_capture_on_commit_callbacks):
    """The order of the courses outside the mandate follows their number of learners, counted again
    when content changes (the ranking is kept in the content cache, the counts are not shown)."""
    from django.utils import timezone

    from progress.models import Enrolment

    conseiller = UserFactory(mandate="conseiller")
    assert suggested_courses(user=conseiller, exclude=[])[0] == courses["premier"]
    for _ in range(2):
        Enrolment.objects.create(
            user=UserFactory(), course=courses["delegue"], enrolled_at=timezone.now(), last_activity_at=timezone.now()
        )
    with django_capture_on_commit_callbacks(execute=True):
        courses["education"].save_revision().publish()
    assert suggested_courses(user=conseiller, exclude=[]) == [courses["delegue"], courses["premier"], courses["education"]]
