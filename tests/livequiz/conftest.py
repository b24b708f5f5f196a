import pytest

from accounts import groups
from quizzes.models import QuestionKind
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import make_question, make_quiz


@pytest.fixture
def trainer(db):
    return UserFactory(group=groups.TRAINERS)


@pytest.fixture
def quiz(db):
    """Three choice questions around one free-text question (which live mode leaves out)."""
    return make_quiz(
        [
            make_question(
                "Combien de quartiers prioritaires compte l'Hexagone depuis 2024 ?",
                explanation="1 362 quartiers dans l'Hexagone.",
                source_title="Décret n° 2023-1314",
            ),
            make_question("Décrivez votre quartier.", kind=QuestionKind.FREE_TEXT),
            make_question(
                "Quels acteurs signent le contrat de ville ?",
                kind=QuestionKind.MULTIPLE,
                choices=(("L'État", True), ("L'intercommunalité", True), ("Un parti politique", False)),
            ),
            make_question(
                "Un élu est-il soumis à la neutralité religieuse dans ses fonctions ?",
                kind=QuestionKind.TRUE_FALSE,
                choices=(("Vrai", True), ("Faux", False)),
            ),
        ],
        title="Quiz — Les bases",
    )


def choice_id(session, position, text):
    """The id of the choice whose text is `text` in question `position` of the live session."""
    question = session.questions[position - 1]
    return next(choice["id"] for choice in question["choices"] if choice["text"] == text)
