import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from progress.services import enrolment_create
from quizzes.models import Question, QuestionKind, QuestionStatus, Quiz
from quizzes.services import attempt_start, attempt_submit
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
from tests.factories.quizzes import answers_for, make_question, make_quiz
from trainers.models import CourseAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_client(client):
    trainer = UserFactory(group="Formateurs")
    client.login(email=trainer.email, password=DEFAULT_PASSWORD)
    client.user = trainer
    return client


def quiz_form(title, questions, publish=False):
    data = nested_form_data(
        {
            "title": title,
            "instructions": "",
            "pass_mark": 60,
            "attempts_allowed": 0,
            "grading_method": "best",
            "review_policy": "explanations",
            "review_timing": "default",
            "time_limit_minutes": "",
            "quiz_questions": inline_formset([{"question": q.pk} for q in questions]),
            "draws": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "action-publish"
    return data


def question_form(prompt, kind, choices, status="verifiee"):
    return nested_form_data(
        {
            "prompt": prompt,
            "kind": kind,
            "points": 1,
            "scoring": "all_or_nothing",
            "explanation": "Parce que.",
            "source_title": "Source",
            "source_url": "",
            "guidance": "",
            "tags": "",
            "status": status,
            "choices": inline_formset([{"text": text, "is_correct": correct, "feedback": ""} for text, correct in choices]),
        }
    )


def test_admin_trainer_creates_a_question_and_a_quiz_but_unverified_questions_block_publication(trainer_client):
    """A quiz with a question « à vérifier » is refused at publication with a French message; verified, it publishes."""
    unchecked = make_question("Question en cours de vérification", status=QuestionStatus.TO_CHECK)
    checked = make_question("Question vérifiée")
    response = trainer_client.post(
        "/admin/snippets/quizzes/quiz/add/", quiz_form("Quiz test", [checked, unchecked], publish=True)
    )
    assert response.status_code == 200
    assert "encore « à vérifier »" in response.content.decode()
    assert not Quiz.objects.filter(title="Quiz test").exists()

    response = trainer_client.post("/admin/snippets/quizzes/quiz/add/", quiz_form("Quiz test", [checked], publish=True))
    assert response.status_code == 302
    quiz = Quiz.objects.get(title="Quiz test")
    assert quiz.live


def test_admin_question_choices_must_fit_the_kind(trainer_client):
    """A single-choice question with two correct answers is refused; a correct one is saved."""
    response = trainer_client.post(
        "/admin/snippets/quizzes/question/add/",
        question_form("Quel est le bon chiffre ?", QuestionKind.SINGLE, [("A", True), ("B", True)]),
    )
    assert response.status_code == 200
    assert "exactement une bonne réponse" in response.content.decode()
    assert not Question.objects.exists()
    response = trainer_client.post(
        "/admin/snippets/quizzes/question/add/",
        question_form("Quel est le bon chiffre ?", QuestionKind.SINGLE, [("A", True), ("B", False)]),
    )
    assert response.status_code == 302
    assert Question.objects.get().choices.count() == 2


def test_admin_a_question_of_a_published_quiz_cannot_go_back_to_unverified(trainer_client):
    """Setting a question used by a published quiz back to « à vérifier » is refused."""
    question = make_question("Question publiée", choices=(("A", True), ("B", False)))
    make_quiz([question], title="Quiz publié")
    response = trainer_client.post(
        f"/admin/snippets/quizzes/question/edit/{question.pk}/",
        question_form("Question publiée", QuestionKind.SINGLE, [("A", True), ("B", False)], status="a_verifier"),
    )
    assert response.status_code == 200
    assert "Quiz publié" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.VERIFIED


def test_admin_review_queue_marks_a_free_text_answer_and_statistics_show_it(trainer_client, outbox):
    """The trainer sees the pending answer, marks it with a comment; the learner is e-mailed; stats count it."""
    learner = UserFactory()
    sections = build_sections()
    essay = make_question(
        "Analysez la demande de l'association.", kind=QuestionKind.FREE_TEXT, points=2, guidance="Citer la loi de 1905."
    )
    quiz = make_quiz([make_question(), essay])
    course = course_with_modules(
        course_index=sections.course_index, modules=[module_with_lessons(parent=sections.library, quiz=quiz)]
    )
    enrolment_create(user=learner, course=course)
    CourseAssignment.objects.create(trainer=trainer_client.user, course=course)
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 296", 2: "La subvention est possible si…"}))
    answer = attempt.answers.get(position=2)

    queue = trainer_client.get("/admin/quiz/corrections/")
    html = queue.content.decode()
    assert queue.status_code == 200
    assert "La subvention est possible si" in html and "Citer la loi de 1905." in html

    bad = trainer_client.post(
        f"/admin/quiz/corrections/{answer.pk}/", {f"a{answer.pk}-points": "7", f"a{answer.pk}-comment": ""}, follow=True
    )
    assert "entre 0 et 2" in bad.content.decode()
    answer.refresh_from_db()
    assert answer.score is None

    trainer_client.post(
        f"/admin/quiz/corrections/{answer.pk}/", {f"a{answer.pk}-points": "2", f"a{answer.pk}-comment": "Très juste."}
    )
    answer.refresh_from_db()
    assert answer.score == 2
    assert "Très juste." in outbox[-1].body
    assert "Aucune réponse" in trainer_client.get("/admin/quiz/corrections/").content.decode()

    stats = trainer_client.get(f"/admin/quiz/{quiz.pk}/statistiques/").content.decode()
    # One learner: the figures are masked, never « 0 % » that would single them out.
    assert "Moins de 5 apprenant·es ont répondu" in stats and "masqué (moins de 5 apprenant·es)" in stats
    assert "1 296" not in stats and "0 %" not in stats


def test_admin_quiz_statistics_follow_the_report_rule_and_show_groups_of_five(client, trainer_client):
    """A quiz outside the trainer's courses answers 404; with 5 learners its figures show, 1 learner → masked."""
    from quizzes.selectors import quiz_statistics

    sections = build_sections()
    quiz = make_quiz([make_question()])
    course = course_with_modules(
        course_index=sections.course_index, modules=[module_with_lessons(parent=sections.library, quiz=quiz)]
    )
    learners = [UserFactory() for _ in range(5)]
    for n, learner in enumerate(learners):
        enrolment_create(user=learner, course=course)
        attempt = attempt_start(user=learner, quiz=quiz)
        attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362" if n < 4 else "1 296"}))
    url = f"/admin/quiz/{quiz.pk}/statistiques/"
    assert trainer_client.get(url).status_code == 404
    CourseAssignment.objects.create(trainer=trainer_client.user, course=course)
    html = trainer_client.get(url).content.decode()
    assert "80 %" in html and "1 296 (1 fois)" in html and "masqué" not in html
    stats = quiz_statistics(quiz=quiz, users=UserFactory._meta.model.objects.filter(pk=learners[0].pk))
    assert stats["masked"] and stats["pass_rate"] is None and stats["questions"][0]["success_rate"] is None


def test_admin_quiz_statistics_mask_one_learner_who_answered_five_times(client):
    """Five attempts by one person are one learner: the question's success rate stays masked."""
    from quizzes.selectors import quiz_statistics

    quiz = make_quiz([make_question()])  # unlimited attempts
    learner = UserFactory()
    for _ in range(5):
        attempt = attempt_start(user=learner, quiz=quiz)
        attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "1 362"}))
    row = quiz_statistics(quiz=quiz)["questions"][0]
    assert row["answers"] == 5 and row["learners"] == 1
    assert row["masked"] and row["success_rate"] is None


def test_admin_review_queue_shows_only_the_learners_of_the_trainers_courses(client, trainer_client):
    """A trainer assigned to no course of this learner neither sees nor grades their answer; an administrator does."""
    learner = UserFactory(first_name="Camille", last_name="Orsini")
    quiz = make_quiz([make_question("Votre analyse ?", kind=QuestionKind.FREE_TEXT, points=2)])
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "Réponse confidentielle de Camille"}))
    answer = attempt.answers.get()

    html = trainer_client.get("/admin/quiz/corrections/").content.decode()
    assert "Réponse confidentielle de Camille" not in html and "Orsini" not in html
    refused = trainer_client.post(
        f"/admin/quiz/corrections/{answer.pk}/", {f"a{answer.pk}-points": "2", f"a{answer.pk}-comment": ""}
    )
    assert refused.status_code == 404
    answer.refresh_from_db()
    assert answer.score is None

    admin = UserFactory(group="Administrateurs")
    client.logout()
    client.login(email=admin.email, password=DEFAULT_PASSWORD)
    assert "Réponse confidentielle de Camille" in client.get("/admin/quiz/corrections/").content.decode()


def test_admin_learners_cannot_reach_the_review_queue(client):
    """A learner is kept out of the corrections page."""
    learner = UserFactory()
    client.login(email=learner.email, password=DEFAULT_PASSWORD)
    response = client.get("/admin/quiz/corrections/")
    assert response.status_code in (302, 403)


def test_admin_question_created_from_the_quiz_chooser_with_typed_choices(trainer_client):
    """In the quiz editor, the question chooser's « Créer » tab makes a question and its choices."""
    chooser = trainer_client.get("/admin/snippets/choose/quizzes/question/")
    assert chooser.status_code == 200
    assert "Créer la question" in chooser.json()["html"]
    data = {
        "prompt": "Qui finance la plus grande part du NPNRU ?",
        "kind": "single",
        "points": 1,
        "scoring": "all_or_nothing",
        "explanation": "Action Logement apporte 8,4 Md€.",
        "source_title": "ANRU",
        "source_url": "",
        "status": "a_verifier",
        "choices_text": "L'État\n*Action Logement\nLes communes",
    }
    response = trainer_client.post("/admin/snippets/choose/quizzes/question/create/", data)
    assert response.status_code == 200
    question = Question.objects.get(prompt__startswith="Qui finance")
    assert [(c.text, c.is_correct) for c in question.choices.order_by("sort_order")] == [
        ("L'État", False),
        ("Action Logement", True),
        ("Les communes", False),
    ]

    bad = trainer_client.post(
        "/admin/snippets/choose/quizzes/question/create/", {**data, "prompt": "Autre", "choices_text": "*A\n*B"}
    )
    assert bad.json()["step"] == "reshow_creation_form"
    assert "exactement une bonne réponse" in bad.json()["htmlFragment"]
    assert not Question.objects.filter(prompt="Autre").exists()
