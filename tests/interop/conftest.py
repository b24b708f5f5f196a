import pytest
import wagtail_factories

from accounts import groups
from quizzes.models import QuestionKind, Scoring
from tests.factories.accounts import UserFactory
from tests.factories.courses import LessonPageFactory, build_sections, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz


@pytest.fixture
def sections(db):
    from courses.permissions import grant_section_permissions_for_site

    built = build_sections()
    grant_section_permissions_for_site()
    return built


@pytest.fixture
def trainer(db):
    return UserFactory(group=groups.TRAINERS)


@pytest.fixture
def scorm_module(sections, media_root):
    """A module with two lessons (one with an image, a link out and a link to another page of the site)
    and a quiz of two questions, one of them with several right answers."""
    quiz = make_quiz(
        [
            make_question(prompt="Combien de quartiers prioritaires compte l'Hexagone depuis 2024 ?"),
            make_question(
                prompt="Quels acteurs signent le contrat de ville ?",
                kind=QuestionKind.MULTIPLE,
                scoring=Scoring.ALL_OR_NOTHING,
                choices=(("L'État", True), ("L'intercommunalité", True), ("Une entreprise privée", False)),
                explanation="Le contrat de ville est signé par l'État et l'intercommunalité.",
            ),
            make_question(prompt="Décrivez un quartier que vous connaissez.", kind=QuestionKind.FREE_TEXT),
        ],
        title="Quiz — La géographie prioritaire",
        pass_mark=100,
    )
    module = module_with_lessons(parent=sections.library, title="Le quartier en cartes", lessons=0, quiz=quiz)
    image = wagtail_factories.ImageFactory(title="Carte du quartier")
    LessonPageFactory(
        parent=module,
        title="Lire la carte",
        body=[
            {
                "type": "paragraph",
                "value": '<p>Voir <a href="https://www.legifrance.gouv.fr/loi">la loi</a> et <a href="/parcours/">les parcours</a>.</p>',
            },
            {"type": "image", "value": {"image": image.pk, "alt": "Carte du quartier prioritaire", "decorative": False}},
            {
                "type": "key_points",
                "value": {"title": "À retenir", "items": ["Un quartier prioritaire a un périmètre fixé par décret."]},
            },
        ],
    )
    LessonPageFactory(parent=module, title="Les acteurs du contrat de ville")
    return module
