"""The question bank listing in the admin opens and filters by tag (it used to be a 500 for everyone)."""

import pytest
from taggit.models import Tag

from accounts import groups
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import make_question

pytestmark = pytest.mark.django_db


def test_admin_question_listing_filters_by_tag(client):
    """A trainer sees the bank; ?tags=<laïcité> keeps only the questions with that tag."""
    tagged = make_question(prompt="La neutralité vaut-elle pour les élus ?", tags=["laïcité"])
    other = make_question(prompt="Combien de contrats de ville en Bretagne ?", tags=["contrat de ville"])
    client.force_login(UserFactory(group=groups.TRAINERS))

    everything = client.get("/admin/snippets/quizzes/question/")
    assert everything.status_code == 200
    assert tagged.prompt in everything.content.decode() and other.prompt in everything.content.decode()

    filtered = client.get("/admin/snippets/quizzes/question/", {"tags": Tag.objects.get(name="laïcité").pk})
    assert filtered.status_code == 200
    page = filtered.content.decode()
    assert tagged.prompt in page and other.prompt not in page
