"""The exportable reports as tables (title, file name, headings, rows), built from the selectors with the
requester's rights and filters. The report pages use them for their CSV/XLSX downloads and the Celery
task for the queued exports: both write exactly the same rows, through core.spreadsheets.

A table is built from plain data — the requester, the query string's values, the report's scope (a
course id) — so that a task rebuilds it without any request or view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone

from accounts import roles
from accounts.models import Departement, Region, User
from courses.models import CoursePage
from progress.models import Enrolment

from . import selectors
from .filters import CrossCourseFilterSet, EnrolmentFilterSet


class ReportUnavailable(Exception):
    """The requester may not (or no longer) see this report, or its filters are not valid."""


@dataclass
class Table:
    """`rows` may be a generator read once (the course report streams 200 000 learners from the
    database instead of holding them in memory); `count` then says how many it holds."""

    title: str
    filename: str
    headings: list[str]
    rows: Iterable[list]
    count: int | None = None

    @property
    def row_count(self) -> int:
        return self.count if self.count is not None else len(self.rows)


def _local(value):
    return timezone.localtime(value) if value else None


def _score(percent):
    """A score as a spreadsheet number: 100 rather than 100,00."""
    if percent is None:
        return None
    value = round(float(percent), 1)
    return int(value) if value.is_integer() else value


def query_dict(query: dict[str, list[str]]) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, values in query.items():
        result.setlist(key, values)
    return result


def visible_courses(user):
    return roles.courses_visible_to(user, CoursePage.objects.all())


def enrolment_filters(filterset_class, *, user, query: QueryDict, enrolments):
    """The report's filter set over `enrolments`, its course choices limited to what `user` may see."""
    filters = filterset_class(query, queryset=enrolments, request=None)
    if "parcours" in filters.filters:
        filters.filters["parcours"].queryset = visible_courses(user).order_by("title")
    return filters


def _filtered(filters, enrolments):
    if not filters.is_valid():
        raise ReportUnavailable("Les filtres de cet export ne sont pas valides.")
    return filters.filter_queryset(enrolments)


def labelled_territories(rows: list[dict]) -> list[dict]:
    regions, departements = dict(Region.choices), dict(Departement.choices)
    for row in rows:
        row["region"] = regions.get(row["region"], "Non précisée")
        row["departement"] = departements.get(row["departement"], "Non précisé")
        row["collectivite"] = row["collectivite"] or "Non précisée"
    return rows


def courses_table(*, user, query: QueryDict, scope: dict) -> Table:
    if not roles.can_view_reports(user):
        raise ReportUnavailable("Accès retiré.")
    courses = visible_courses(user)
    enrolments = Enrolment.objects.filter(course__in=courses)
    filters = enrolment_filters(CrossCourseFilterSet, user=user, query=query, enrolments=enrolments)
    enrolments = _filtered(filters, enrolments)
    if filters.form.cleaned_data.get("parcours"):
        courses = courses.filter(pk=filters.form.cleaned_data["parcours"].pk)
    rows = [
        [c.title, c.enrolled, c.active, c.completed, selectors.percent(c.completed, c.enrolled)]
        for c in selectors.courses_with_counts(courses=courses, enrolments=enrolments)
    ]
    headings = ["Parcours", "Inscrit·es", "Actif·ves (30 jours)", "Ont terminé", "Taux d'achèvement (%)"]
    return Table(title="Rapports — parcours", filename="rapport-parcours", headings=headings, rows=rows)


def _choice_labels(model, name: str) -> dict:
    """{stored value: label} of a field's choices, as get_FOO_display() gives them, read once for a
    whole table: get_FOO_display() rebuilds and translates every choice at each call, which was 73 %
    of the time of a 200 000-row course export (three calls a row; measured with cProfile)."""
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def course_table(*, user, query: QueryDict, scope: dict) -> Table:
    course = visible_courses(user).filter(pk=scope.get("course_id")).first()
    if course is None:
        raise ReportUnavailable("Accès retiré.")
    enrolments = Enrolment.objects.filter(course=course)
    enrolments = _filtered(enrolment_filters(EnrolmentFilterSet, user=user, query=query, enrolments=enrolments), enrolments)
    departements, regions, mandates = (_choice_labels(User, name) for name in ("departement", "region", "mandate"))
    rows = (
        [
            e.user.last_name,
            e.user.first_name,
            e.user.email,
            e.user.collectivite,
            departements.get(e.user.departement, e.user.departement),
            regions.get(e.user.region, e.user.region),
            mandates.get(e.user.mandate, e.user.mandate),
            _local(e.enrolled_at),
            _local(e.last_activity_at),
            e.modules_done,
            _local(e.completed_at),
        ]
        for e in selectors.course_learner_rows(course=course, enrolments=enrolments).iterator(chunk_size=2000)
    )
    headings = [
        "Nom",
        "Prénom",
        "E-mail",
        "Collectivité",
        "Département",
        "Région",
        "Mandat",
        "Inscrit·e le",
        "Dernière activité",
        "Modules terminés",
        "Parcours terminé le",
    ]
    return Table(
        title=f"Rapport — {course.title}",
        filename=f"rapport-{course.slug}",
        headings=headings,
        rows=rows,
        count=enrolments.count(),
    )


def territorial_table(*, user, query: QueryDict, scope: dict) -> Table:
    if not roles.is_administrator(user):
        raise ReportUnavailable("Accès retiré.")
    enrolments = Enrolment.objects.all()
    enrolments = _filtered(enrolment_filters(CrossCourseFilterSet, user=user, query=query, enrolments=enrolments), enrolments)
    rows = [
        [row["region"], row["departement"], row["collectivite"], row["learners"], row["completions"]]
        for row in labelled_territories(selectors.territorial_rows(enrolments=enrolments))
    ]
    headings = ["Région", "Département", "Collectivité", "Apprenant·es", "Parcours terminés"]
    return Table(title="Rapport territorial", filename="rapport-territorial", headings=headings, rows=rows)


def visible_learner(*, user, public_id) -> User | None:
    return roles.learners_visible_to(user).filter(public_id=public_id).first()


def learner_table(*, user, query: QueryDict, scope: dict) -> Table:
    """One learner: a row per module of each course the requester may see, then a row per sent attempt."""
    learner = visible_learner(user=user, public_id=scope.get("public_id")) if roles.can_view_reports(user) else None
    if learner is None:
        raise ReportUnavailable("Accès retiré.")
    report = selectors.learner_report(viewer=user, learner=learner)
    rows = []
    for item in report.progress:
        enrolled = item.enrolment.enrolled_at if item.enrolment else None
        for state in item.modules:
            rows.append(
                [item.course.title, f"Module {state.number}", state.module.title, str(state.label), _local(enrolled), None]
            )
        if item.completion:
            rows.append([item.course.title, "Parcours", item.course.title, "Terminé", _local(item.completion.completed_at), None])
    for attempt in report.attempts:
        rows.append(
            [
                "",
                f"Quiz — tentative {attempt.number}",
                attempt.quiz.title,
                attempt.get_status_display(),
                _local(attempt.submitted_at),
                _score(attempt.percent),
            ]
        )
    headings = ["Parcours", "Élément", "Titre", "État", "Date", "Score (%)"]
    name = learner.get_full_name() or learner.email
    return Table(title=f"Apprenant·e — {name}", filename=f"rapport-apprenant-{learner.public_id}", headings=headings, rows=rows)


def quiz_items_table(*, user, query: QueryDict, scope: dict) -> Table:
    """The item analysis of a quiz, one row per question, hardest first."""
    quiz = (
        selectors.quizzes_visible_in_reports(user).filter(pk=scope.get("quiz_id")).first()
        if roles.can_view_reports(user)
        else None
    )
    if quiz is None:
        raise ReportUnavailable("Accès retiré.")
    masked = selectors.SMALL_COUNT_LABEL
    rows = [
        [
            str(row["question"]) if row["question"] else "(question supprimée)",
            masked if row["masked"] else row["answers"],
            masked if row["masked"] else row["correct"],
            "masqué" if row["masked"] else row["success_rate"],
            row["most_chosen_wrong"]["text"] if row["most_chosen_wrong"] else "",
            row["most_chosen_wrong"]["times"] if row["most_chosen_wrong"] else None,
        ]
        for row in selectors.quiz_items_for(viewer=user, quiz=quiz)["questions"]
    ]
    headings = [
        "Question",
        "Réponses",
        "Bonnes réponses",
        "Taux de bonnes réponses (%)",
        "Mauvaise réponse la plus choisie",
        "Choisie (fois)",
    ]
    return Table(title=f"Analyse des questions — {quiz.title}", filename=f"analyse-quiz-{quiz.pk}", headings=headings, rows=rows)


TABLES: dict[str, Callable[..., Table]] = {
    "courses": courses_table,
    "course": course_table,
    "learner": learner_table,
    "quiz_items": quiz_items_table,
    "territorial": territorial_table,
}


def build_table(*, report: str, user, query: QueryDict, scope: dict) -> Table:
    builder = TABLES.get(report)
    if builder is None:
        raise ReportUnavailable("Rapport inconnu.")
    return builder(user=user, query=query, scope=scope)
