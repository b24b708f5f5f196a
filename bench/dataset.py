"""The benchmark's dataset: courses, modules, lessons, quizzes, learners and their history, in minutes.

Pages (a few hundred) go through Wagtail's `add_child`, so the tree (`path`, `depth`, `url_path`) is
the one the admin would build; they are created live without revisions, which serving never reads.
Everything high-volume (learners, enrolments, lesson progress, attempts, answers) is inserted in
bulk: PostgreSQL's COPY through psycopg 3, `bulk_create` on any other database (the test's SQLite).

Shape (sizes are parameters, see BenchSizes):
- module i owns a contiguous run of lessons and, while quizzes last, its end-of-module quiz;
- course k lists MODULES_PER_COURSE modules starting at k·modules/courses, so neighbouring courses
  share modules (a module lives once in the library and counts in every course that lists it);
- quizzes: one per module, then one final quiz per course, the rest stay in the bank; each quiz has
  questions // quizzes fixed questions (4 choices, one right);
- every learner is enrolled in course 0 (the trainer report's course) and in a few others; the first
  BENCH_LEARNERS (the load generator's users) in DASHBOARD_ENROLMENTS courses;
- lesson completions follow the learner's courses in order; a module whose lessons are all done is
  completed, a course whose modules are all completed too;
- attempts are spread over the quizzes of the learner's courses, graded, with one answer per question.
"""

from __future__ import annotations

import datetime
import json
import random
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from courses.models import CourseModule, CoursePage, LessonPage, Licence, ModulePage
from demo.courses import DEMO_DIR, load_glossary, load_section_pages, load_themes, parse_module_file
from home.models import HomePage
from progress.models import CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from quizzes.models import Answer, Attempt, AttemptStatus, Choice, Question, QuestionStatus, Quiz, QuizQuestion
from quizzes.services import build_snapshot
from webinars.models import WebinarCycle, WebinarIndexPage, WebinarKind, WebinarPage

MODULES_PER_COURSE = 6
DASHBOARD_ENROLMENTS = 10
DEMO_MODULE_FILES = 8
BENCH_PASSWORD = "banc-d-essai-2026"
LEARNER_EMAIL = "apprenant-{n:06d}@bench.example.org"
TRAINER_EMAIL = "formatrice@bench.example.org"
REGIONS = ["bretagne", "pays_de_la_loire"]
MANDATES = ["maire", "adjoint", "conseiller_delegue", "conseiller", "conseiller_communautaire"]


class DatasetError(Exception):
    """The dataset cannot be built here (message in French, for the person running the command)."""


@dataclass(frozen=True)
class BenchSizes:
    courses: int = 40
    modules: int = 150
    lessons: int = 600
    quizzes: int = 300
    questions: int = 3000
    learners: int = 20000
    completions: int = 1_000_000
    attempts: int = 200_000
    webinars: int = 100
    enrolments_per_learner: int = 3
    bench_learners: int = 50
    seed: int = 2026

    def check(self):
        if min(self.courses, self.modules, self.lessons, self.learners) < 1:
            raise DatasetError("Il faut au moins un parcours, un module, une leçon et un·e apprenant·e.")
        if self.lessons < self.modules:
            raise DatasetError("Il faut au moins une leçon par module (--lessons ≥ --modules).")
        if self.questions < self.quizzes:
            raise DatasetError("Il faut au moins une question par quiz (--questions ≥ --quizzes).")
        if min(self.quizzes, self.questions, self.completions, self.attempts, self.webinars) < 0:
            raise DatasetError("Les tailles ne peuvent pas être négatives.")
        if self.attempts and not self.quizzes:
            raise DatasetError("Des tentatives demandent au moins un quiz (--quizzes).")


# --- Bulk insertion ---------------------------------------------------------------------------------


def _bulk_insert(model, fields: list[str], rows) -> int:
    """Insert `rows` (tuples in the order of `fields`); COPY on PostgreSQL. Returns the row count."""
    count = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) == 5000:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


@contextmanager
def _bulk_load(*models):
    """On PostgreSQL, load the big tables the way a restore does: their plain indexes dropped during
    the COPY and built once at the end (one sort instead of millions of insertions), and foreign-key
    triggers off for this session (`session_replication_role`, needs a superuser, as the bench's
    `postgres` is) — every id the rows reference was created by this same build. Elsewhere: nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET LOCAL session_replication_role = replica")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _reset_sequences(*models):
    for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
        with connection.cursor() as cursor:
            cursor.execute(sql)


# --- Content ----------------------------------------------------------------------------------------


def _demo_lesson_bodies(glossary: dict) -> list[tuple[str, int, list[dict]]]:
    """(title, minutes, StreamField value) of every lesson of the demo content: realistic bodies."""
    bodies = []
    # A handful of module files give enough variety; parsing all of them would take most of a small run.
    for path in sorted((Path(DEMO_DIR) / "modules").glob("*.yaml"))[:DEMO_MODULE_FILES]:
        for lesson in parse_module_file(path).lessons:
            stream = []
            for block in lesson.body:
                if block["type"] == "glossary_term":
                    term = glossary.get(block["value"])
                    if term is None:
                        continue
                    block = {"type": "glossary_term", "value": term.pk}
                stream.append(block)
            bodies.append((lesson.title, lesson.minutes, stream))
    if not bodies:
        raise DatasetError(f"Aucune leçon de démonstration trouvée dans {DEMO_DIR}/modules.")
    return bodies


def _spread(total: int, parts: int) -> list[range]:
    """`parts` contiguous ranges covering 0..total-1 as evenly as possible."""
    return [range(total * i // parts, total * (i + 1) // parts) for i in range(parts)]


def _create_quizzes(sizes: BenchSizes, now) -> tuple[list[Quiz], dict[int, list[int]]]:
    quizzes = Quiz.objects.bulk_create(
        [
            Quiz(title=f"Quiz {n + 1:03d} — Vérifiez vos connaissances", pass_mark=60, live=True, first_published_at=now)
            for n in range(sizes.quizzes)
        ]
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                prompt=f"Question {n + 1} : quel acteur signe le contrat de ville avec l'intercommunalité ?",
                explanation="Le préfet signe le contrat de ville avec l'intercommunalité et les communes.",
                source_title="Loi n° 2014-173 du 21 février 2014, article 6",
                status=QuestionStatus.VERIFIED,
            )
            for n in range(sizes.questions)
        ]
    )
    Choice.objects.bulk_create(
        [
            Choice(question=question, text=text, is_correct=(i == 0), sort_order=i)
            for question in questions
            for i, text in enumerate(["Le préfet", "Le conseil citoyen", "La CAF", "Le bailleur social"])
        ]
    )
    links, question_ids = [], {}
    for quiz, block in zip(quizzes, _spread(len(questions), len(quizzes)), strict=True):
        question_ids[quiz.pk] = [questions[i].pk for i in block]
        links += [QuizQuestion(quiz=quiz, question=questions[i], sort_order=j) for j, i in enumerate(block)]
    QuizQuestion.objects.bulk_create(links)
    return quizzes, question_ids


def _add_live(parent, page, now):
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    return page


def build_content(sizes: BenchSizes, now, log) -> dict:
    home = HomePage.objects.get()
    themes = list(load_themes(Path(DEMO_DIR)).values())
    glossary = load_glossary(Path(DEMO_DIR))
    sections = load_section_pages(home)
    bodies = _demo_lesson_bodies(glossary)

    quizzes, question_ids = _create_quizzes(sizes, now)
    log(f"Quiz : {len(quizzes)}, questions : {sizes.questions}")

    modules, lessons_of_module = [], []
    for i, block in enumerate(_spread(sizes.lessons, sizes.modules)):
        module = ModulePage(
            title=f"Module {i + 1:03d} — Agir dans les quartiers prioritaires",
            slug=f"module-{i + 1:03d}",
            summary="Un module court pour comprendre un levier de la politique de la ville et agir en élu·e.",
            authors="Centre de ressources politique de la ville Bretagne – Pays de la Loire",
            licence=Licence.LICENCE_OUVERTE_2,
            version_date=now.date(),
            quiz=quizzes[i] if i < len(quizzes) else None,
        )
        _add_live(sections["library"], module, now)
        modules.append(module)
        ids = []
        for j in block:
            title, minutes, body = bodies[j % len(bodies)]
            lesson = LessonPage(title=title, slug=f"lecon-{j + 1:04d}", estimated_minutes=minutes, body=body)
            _add_live(module, lesson, now)
            ids.append(lesson.pk)
        lessons_of_module.append(ids)
    log(f"Modules : {len(modules)}, leçons : {sizes.lessons}")

    courses, modules_of_course = [], []
    final_quizzes = quizzes[len(modules) :]
    per_course = min(MODULES_PER_COURSE, len(modules))
    for k in range(sizes.courses):
        first = k * len(modules) // sizes.courses
        chosen = [(first + j) % len(modules) for j in range(per_course)]
        course = CoursePage(
            title=f"Parcours {k + 1:02d} — Politique de la ville : les essentiels",
            slug=f"parcours-{k + 1:02d}",
            summary="Un parcours pour les élu·es nouvellement élu·es : le contrat de ville, les acteurs, les moyens.",
            final_quiz=final_quizzes[k] if k < len(final_quizzes) else None,
        )
        course.course_modules = [CourseModule(module=modules[m], sort_order=j) for j, m in enumerate(chosen)]
        course.themes = themes[k % len(themes) : k % len(themes) + 2] if themes else []
        _add_live(sections["course_index"], course, now)
        courses.append(course)
        modules_of_course.append(chosen)
    log(f"Parcours : {len(courses)}")

    webinar_index = WebinarIndexPage(title="Webinaires", slug="webinaires", intro="Les webinaires du centre de ressources.")
    _add_live(home, webinar_index, now)
    cycles = [
        WebinarCycle.objects.create(title=f"Cycle {n + 1} — Les mardis de la politique de la ville", slug=f"cycle-{n + 1}")
        for n in range(min(5, max(sizes.webinars, 1)))
    ]
    for n in range(sizes.webinars):
        start = (now + datetime.timedelta(days=-180 + (360 * n) // max(sizes.webinars, 1))).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        webinar = WebinarPage(
            title=f"Webinaire {n + 1:03d} — Le contrat de ville en pratique",
            slug=f"webinaire-{n + 1:03d}",
            kind=WebinarKind.WEBINAIRE,
            cycle=cycles[n % len(cycles)],
            start=start,
            end=start + datetime.timedelta(minutes=90),
            online=True,
            registration_url="https://inscriptions.example.org/webinaire",
            description="<p>Une présentation de la session et des échanges avec les participant·es.</p>",
            speakers="Chargée de mission, centre de ressources",
        )
        webinar.related_courses = [courses[n % len(courses)]]
        _add_live(webinar_index, webinar, now)
    log(f"Webinaires : {sizes.webinars}")

    return {
        "quizzes": quizzes,
        "question_ids": question_ids,
        "modules": modules,
        "lessons_of_module": lessons_of_module,
        "courses": courses,
        "modules_of_course": modules_of_course,
        "webinar_index": webinar_index,
    }


# --- Learners and their history ---------------------------------------------------------------------


def _create_learners(sizes: BenchSizes, now) -> list[int]:
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)  # one hash for everyone: hashing 20,000 times would take minutes
    users = [
        User(
            email=LEARNER_EMAIL.format(n=n),
            first_name="Camille",
            last_name=f"Apprenant {n:06d}",
            password=password,
            collectivite="Rennes",
            region=REGIONS[n % 2],
            mandate=MANDATES[n % len(MANDATES)],
            date_joined=now - datetime.timedelta(days=200),
        )
        for n in range(sizes.learners)
    ]
    created = User.objects.bulk_create(users, batch_size=2000)
    User.objects.create_superuser(email=TRAINER_EMAIL, password=BENCH_PASSWORD, first_name="Dominique", last_name="Formatrice")
    return [user.pk for user in created]


def _learner_plan(sizes: BenchSizes, content: dict, user_ids: list[int], rng: random.Random) -> dict[int, list[int]]:
    """The course indexes each learner is enrolled in (course 0 first)."""
    n_courses = len(content["courses"])
    plan = {}
    for n, user_id in enumerate(user_ids):
        wanted = DASHBOARD_ENROLMENTS if n < sizes.bench_learners else sizes.enrolments_per_learner
        others = rng.sample(range(1, n_courses), min(max(wanted - 1, 0), n_courses - 1))
        plan[user_id] = [0, *others]
    return plan


def build_history(sizes: BenchSizes, content: dict, now, rng: random.Random, log) -> dict:
    counts = {}
    user_ids = _create_learners(sizes, now)
    counts["learners"] = len(user_ids)
    log(f"Apprenant·es : {len(user_ids)}")
    plan = _learner_plan(sizes, content, user_ids, rng)
    courses, modules = content["courses"], content["modules"]
    lessons_of_module = content["lessons_of_module"]
    module_of_lesson = {lesson: m for m, ids in enumerate(lessons_of_module) for lesson in ids}
    all_lessons = [lesson for ids in lessons_of_module for lesson in ids]
    start_of = {user_id: now - datetime.timedelta(days=170, minutes=rng.randrange(60 * 24 * 30)) for user_id in user_ids}

    counts["enrolments"] = _bulk_insert(
        Enrolment,
        ["user_id", "course_id", "enrolled_at", "last_activity_at"],
        (
            (user_id, courses[k].pk, start_of[user_id], now - datetime.timedelta(days=rng.randrange(1, 60)))
            for user_id, course_indexes in plan.items()
            for k in course_indexes
        ),
    )
    log(f"Inscriptions : {counts['enrolments']}")

    # Lesson completions: each learner's courses in order, then the rest of the library.
    base, extra = divmod(sizes.completions, len(user_ids))
    done_lessons: dict[int, list[int]] = {}
    for n, user_id in enumerate(user_ids):
        wanted = min(base + (1 if n < extra else 0), len(all_lessons))
        order = []
        seen = set()
        for k in plan[user_id]:
            for m in content["modules_of_course"][k]:
                for lesson in lessons_of_module[m]:
                    if lesson not in seen:
                        seen.add(lesson)
                        order.append(lesson)
        if len(order) < wanted:
            offset = rng.randrange(len(all_lessons))
            for lesson in all_lessons[offset:] + all_lessons[:offset]:
                if lesson not in seen:
                    seen.add(lesson)
                    order.append(lesson)
                    if len(order) >= wanted:
                        break
        done_lessons[user_id] = order[:wanted]

    def progress_rows():
        for user_id, lessons in done_lessons.items():
            visit = start_of[user_id]
            for lesson in lessons:
                visit += datetime.timedelta(hours=2)
                yield (user_id, lesson, visit, visit + datetime.timedelta(minutes=9), visit + datetime.timedelta(minutes=10))

    counts["lesson_completions"] = _bulk_insert(
        LessonProgress, ["user_id", "lesson_id", "first_visit_at", "last_visit_at", "completed_at"], progress_rows()
    )
    log(f"Leçons terminées : {counts['lesson_completions']}")

    module_rows, completed_modules = [], defaultdict(set)
    for user_id, lessons in done_lessons.items():
        done = set(lessons)
        for m in {module_of_lesson[lesson] for lesson in lessons}:
            if all(lesson in done for lesson in lessons_of_module[m]):
                completed_modules[user_id].add(m)
                module_rows.append((user_id, modules[m].pk, now - datetime.timedelta(days=30)))
    counts["module_completions"] = _bulk_insert(ModuleCompletion, ["user_id", "module_id", "completed_at"], module_rows)
    course_rows = [
        (user_id, courses[k].pk, now - datetime.timedelta(days=20), "")
        for user_id, course_indexes in plan.items()
        for k in course_indexes
        if all(m in completed_modules[user_id] for m in content["modules_of_course"][k])
    ]
    counts["course_completions"] = _bulk_insert(
        CourseCompletion, ["user_id", "course_id", "completed_at", "course_version"], course_rows
    )
    log(f"Modules terminés : {counts['module_completions']}, parcours terminés : {counts['course_completions']}")

    counts.update(_build_attempts(sizes, content, user_ids, plan, now, rng))
    log(f"Tentatives : {counts['attempts']}, réponses : {counts['answers']}")
    return counts


def _build_attempts(sizes, content, user_ids, plan, now, rng) -> dict:
    quizzes = content["quizzes"]
    if not sizes.attempts or not quizzes:
        return {"attempts": 0, "answers": 0}
    quiz_by_pk = {quiz.pk: quiz for quiz in quizzes}
    snapshots = {}
    for quiz in quizzes:
        snapshot = build_snapshot(quiz=quiz, rng=random.Random(quiz.pk))
        snapshots[quiz.pk] = (snapshot, json.dumps(snapshot, ensure_ascii=False))
    modules = content["modules"]

    def quizzes_of(user_id):
        found = []
        for k in plan[user_id]:
            course = content["courses"][k]
            found += [modules[m].quiz_id for m in content["modules_of_course"][k] if modules[m].quiz_id]
            if course.final_quiz_id:
                found.append(course.final_quiz_id)
        return found or [quizzes[0].pk]

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(Attempt._meta.db_table)}")
        next_id = cursor.fetchone()[0] + 1
    base, extra = divmod(sizes.attempts, len(user_ids))
    attempt_rows, answer_rows = [], []
    for n, user_id in enumerate(user_ids):
        numbers = defaultdict(int)
        candidates = quizzes_of(user_id)
        for i in range(base + (1 if n < extra else 0)):
            quiz_pk = rng.choice(candidates)
            numbers[quiz_pk] += 1
            snapshot, snapshot_json = snapshots[quiz_pk]
            right = rng.randint(len(snapshot) // 3, len(snapshot))
            percent = round(100 * right / len(snapshot), 2) if snapshot else 0
            started = now - datetime.timedelta(days=rng.randrange(1, 150), minutes=i)
            attempt_rows.append(
                (
                    next_id,
                    uuid.uuid4(),
                    user_id,
                    quiz_pk,
                    numbers[quiz_pk],
                    AttemptStatus.GRADED.value,
                    snapshot_json if connection.vendor == "postgresql" else snapshot,
                    started,
                    started + datetime.timedelta(minutes=8),
                    started + datetime.timedelta(minutes=8),
                    right,
                    len(snapshot),
                    percent,
                    percent >= quiz_by_pk[quiz_pk].pass_mark,
                    0,
                    False,
                )
            )
            for position, question in enumerate(snapshot, start=1):
                correct = position <= right
                choice = question["choices"][0 if correct else -1]["id"] if question["choices"] else None
                selected = [choice] if choice else []
                answer_rows.append(
                    (
                        next_id,
                        position,
                        question["question_id"],
                        json.dumps(selected) if connection.vendor == "postgresql" else selected,
                        1 if correct else 0,
                        correct,
                        "",
                        "",
                    )
                )
            next_id += 1
    fields = [
        "id",
        "public_id",
        "user_id",
        "quiz_id",
        "number",
        "status",
        "snapshot",
        "started_at",
        "submitted_at",
        "graded_at",
        "score",
        "max_score",
        "percent",
        "passed",
        "extensions",
        "submitted_late",
    ]
    attempts = _bulk_insert(Attempt, fields, attempt_rows)
    del attempt_rows
    answers = _bulk_insert(
        Answer,
        ["attempt_id", "position", "question_id", "selected_choices", "score", "is_correct", "text", "review_comment"],
        answer_rows,
    )
    _reset_sequences(Attempt)
    return {"attempts": attempts, "answers": answers}


# --- Entry point --------------------------------------------------------------------------------------


def _without_auto_update(backends: dict) -> dict:
    return {name: {**params, "AUTO_UPDATE": False} for name, params in backends.items()}


def build_dataset(*, sizes: BenchSizes, log=lambda message: None) -> dict:
    """Build the whole dataset in an empty database; returns what was inserted, by kind."""
    sizes.check()
    if CoursePage.objects.exists() or ModulePage.objects.exists():
        raise DatasetError(
            "La base contient déjà des parcours ou des modules : le jeu de données se construit dans une base vide "
            "(make bench-data la recrée)."
        )
    now = timezone.now()
    rng = random.Random(sizes.seed)
    with transaction.atomic():
        # Wagtail's search index is built once at the end: kept up to date page by page, its PostgreSQL
        # backend recomputes the average title length over every entry at each save (quadratic).
        with override_settings(WAGTAILSEARCH_BACKENDS=_without_auto_update(settings.WAGTAILSEARCH_BACKENDS)):
            content = build_content(sizes, now, log)
        counts = {
            "courses": len(content["courses"]),
            "modules": len(content["modules"]),
            "lessons": sum(len(ids) for ids in content["lessons_of_module"]),
            "quizzes": len(content["quizzes"]),
            "questions": sum(len(ids) for ids in content["question_ids"].values()),
            "webinars": sizes.webinars,
        }
        with _bulk_load(Enrolment, LessonProgress, ModuleCompletion, CourseCompletion, Attempt, Answer):
            counts.update(build_history(sizes, content, now, rng, log))
        log("Index reconstruits")
    call_command("wagtail_update_index", verbosity=0)
    log("Index de recherche construit")
    if connection.vendor == "postgresql":
        # VACUUM as well as ANALYZE: what autovacuum does to freshly loaded tables in a real database
        # within minutes; without it, index-only scans (counting a course's learners) read every row.
        # (VACUUM cannot run inside a transaction: a test's build only analyses.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return {"sizes": asdict(sizes), "counts": counts, "database": settings.DATABASES["default"]["NAME"]}
