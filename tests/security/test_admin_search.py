"""The admin's question-bank and glossary listings search on SQLite as on PostgreSQL: found by the
crafted-URL walk, any search there was a 500 on SQLite (« no such column » inside the search library,
because the listings named fields that its FTS table does not have)."""

import pytest
from django.test import Client

from courses.models import GlossaryTerm
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(email="admin@elus-quartiers.fr", is_superuser=True, is_staff=True))
    return client


def test_question_bank_search_finds_the_matching_question(admin_client):
    make_question(prompt="Combien de quartiers prioritaires compte l'Hexagone ?")
    make_question(prompt="Qui signe le contrat de ville ?", explanation="Le préfet, le maire et le président de l'EPCI.")
    for query, found, absent in (
        ("contrat", "Qui signe le contrat de ville", "quartiers prioritaires"),
        ("préfet", "Qui signe le contrat de ville", "quartiers prioritaires"),  # the explanation is searched too
        ("quartiers", "quartiers prioritaires", "Qui signe le contrat de ville"),
    ):
        response = admin_client.get("/admin/snippets/quizzes/question/", {"q": query})
        assert response.status_code == 200, query
        page = response.content.decode()
        assert found in page and absent not in page, query


def test_glossary_search_finds_the_matching_term(admin_client):
    GlossaryTerm.objects.create(
        term="Quartier prioritaire", slug="qpv", acronym="QPV", definition="Un quartier de la politique de la ville."
    )
    GlossaryTerm.objects.create(
        term="Contrat de ville", slug="contrat-de-ville", definition="Les engagements de l'État et des collectivités."
    )
    for query, found, absent in (
        ("quartier", "Quartier prioritaire", "Contrat de ville"),
        ("QPV", "Quartier prioritaire", "Contrat de ville"),
        ("contr", "Contrat de ville", "Quartier prioritaire"),
    ):
        response = admin_client.get("/admin/snippets/courses/glossaryterm/", {"q": query})
        assert response.status_code == 200, query
        page = response.content.decode()
        assert found in page and absent not in page, query


@pytest.mark.parametrize("query", ['"', "contrat AND", "NEAR(", "*", "term:ville", 'ville"quartier'])
def test_crafted_search_in_both_listings_is_not_an_error(admin_client, query):
    make_question(prompt="Qui signe le contrat de ville ?")
    GlossaryTerm.objects.create(term="Contrat de ville", slug="contrat-de-ville", definition="Les engagements.")
    for listing in ("/admin/snippets/quizzes/question/", "/admin/snippets/courses/glossaryterm/"):
        assert admin_client.get(listing, {"q": query}).status_code == 200, (listing, query)
