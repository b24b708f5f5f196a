"""Printable handouts of a module: HTML print view and tagged PDF, for participants or with the answer key."""

import html as html_lib
import io

import pytest
from pypdf import PdfReader

from tests.factories.courses import LessonPageFactory, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db

EXPLANATION = "La loi du 9 décembre 1905 garantit le libre exercice des cultes."


@pytest.fixture
def module(sections):
    quiz = make_quiz(
        questions=[
            make_question(
                prompt="Que garantit l'article 1er de la loi de 1905 ?",
                choices=(("La liberté de conscience", True), ("La neutralité des usagers", False)),
                explanation=EXPLANATION,
                source_title="Loi du 9 décembre 1905, article 1er",
            )
        ],
        title="Quiz — Le cadre juridique",
    )
    module = module_with_lessons(
        parent=sections.laicite, title="Laïcité : repères pour les élus", lessons=1, quiz=quiz, authors="RésO Villes"
    )
    LessonPageFactory(
        parent=module,
        title="Questions fréquentes",
        body=[
            {
                "type": "faq",
                "value": {
                    "title": "Questions fréquentes",
                    "items": [
                        {"question": "Un élu doit-il être neutre ?", "answer": "<p>Seulement quand il agit au nom de l'État.</p>"}
                    ],
                },
            }
        ],
    )
    return module


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_views_handout_html_expands_details_and_hides_answers_for_participants(client, trainer, module):
    """The print view shows lessons with FAQ answers open, the quiz without answers, and the provenance."""
    client.force_login(trainer)
    response = client.get(f"/formateurs/modules/{module.pk}/support/?corrige=0")
    assert response.status_code == 200
    html = html_lib.unescape(response.content.decode().translate(PLAIN_SPACES))
    assert '<html lang="fr">' in html
    assert "<details open" in html and "Seulement quand il agit au nom de l'État." in html
    assert "Que garantit l'article 1er de la loi de 1905 ?" in html and "La liberté de conscience" in html
    assert "Bonne réponse" not in html and EXPLANATION not in html
    assert "Contenu issu des notions du plan national Valeurs de la République et laïcité" in html
    assert "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" in html and "RésO Villes" in html


def test_views_handout_pdf_for_participants_has_no_answer_key(client, trainer, module):
    """The participants' PDF is tagged, titled, and carries questions and licence but no answers."""
    client.force_login(trainer)
    response = client.get(f"/formateurs/modules/{module.pk}/support.pdf?corrige=0")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Laïcité : repères pour les élus")
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "fr"
    text = _pdf_text(response.content)
    assert "Que garantit l'article 1er" in text and "Licence Ouverte 2.0" in text
    assert "plan national Valeurs de la République et laïcité" in text.replace("\n", " ")
    assert "Bonne réponse" not in text and "libre exercice des cultes" not in text


def test_views_handout_pdf_for_the_trainer_has_the_answer_key(client, trainer, module):
    """The trainer's PDF marks the correct choice and gives the explanation and the source."""
    client.force_login(trainer)
    response = client.get(f"/formateurs/modules/{module.pk}/support.pdf?corrige=1")
    text = _pdf_text(response.content).replace("\n", " ")
    assert "La liberté de conscience — Bonne réponse" in text
    assert "libre exercice des cultes" in text and "Loi du 9 décembre 1905, article 1er" in text


def test_views_handout_says_adapted_from(client, trainer, sections, module):
    """A copy's handout says which module it was adapted from."""
    from courses.services import module_mark_adapted

    copy = module.copy(recursive=True, update_attrs={"slug": "reperes-quimper", "title": "Repères (Quimper)"}).specific
    module_mark_adapted(copy=copy, original=module)
    client.force_login(trainer)
    html = html_lib.unescape(client.get(f"/formateurs/modules/{copy.pk}/support/").content.decode().translate(PLAIN_SPACES))
    assert "Adapté de « Laïcité : repères pour les élus »" in html


@pytest.mark.parametrize("suffix", ["support/", "support.pdf"])
def test_views_handout_is_refused_to_learners_and_anonymous(client, learner, module, suffix):
    """Anonymous visitors are sent to the login page; learners get 403."""
    url = f"/formateurs/modules/{module.pk}/{suffix}?corrige=1"
    response = client.get(url)
    assert response.status_code == 302 and "/compte/" in response["Location"]
    client.force_login(learner)
    assert client.get(url).status_code == 403


def test_views_module_page_links_the_handout_for_staff_only(client, trainer, learner, module):
    """« Support imprimable » appears on the module page for staff, never for learners."""
    assert "Support imprimable" not in client.get(module.url).content.decode().translate(PLAIN_SPACES)
    client.force_login(learner)
    assert "Support imprimable" not in client.get(module.url).content.decode().translate(PLAIN_SPACES)
    client.force_login(trainer)
    html = client.get(module.url).content.decode().translate(PLAIN_SPACES)
    assert f'href="/formateurs/modules/{module.pk}/support/?corrige=0"' in html


def test_admin_module_edit_view_has_handout_and_adapt_buttons(client, vrl_trainer, module):
    """The module's admin header offers the two handouts and « Adapter ce module »."""
    client.force_login(vrl_trainer)
    response = client.get(f"/admin/pages/{module.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode().translate(PLAIN_SPACES)
    assert f"/formateurs/modules/{module.pk}/support/" in html and "Support avec corrigé" in html
    assert f"/admin/formateurs/modules/{module.pk}/adapter/" in html
