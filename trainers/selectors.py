"""Read-side of the trainers app: handouts of a module and the « source updated » notice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse
from wagtail.models import Revision

from courses.models import LessonPage, ModulePage, ModuleSectionPage
from courses.permissions import LAICITE_SECTION_SLUG
from quizzes.models import Choice, Question, QuestionStatus, QuizQuestion

VRL_ATTRIBUTION = "Contenu issu des notions du plan national Valeurs de la République et laïcité"


# --- Handouts -----------------------------------------------------------------------------------------


@dataclass
class HandoutQuestion:
    question: Question
    choices: list[Choice]


@dataclass
class Handout:
    module: ModulePage
    lessons: list[LessonPage]
    questions: list[HandoutQuestion]
    answers: bool
    attributions: list[str] = field(default_factory=list)
    quiz_title: str = ""


def _in_laicite_section(module: ModulePage) -> bool:
    parent = module.get_parent()
    return parent is not None and parent.specific_class is ModuleSectionPage and parent.slug == LAICITE_SECTION_SLUG


def module_attributions(*, module: ModulePage) -> list[str]:
    """The attribution lines of a module: VRL notions (itself or its source in « Laïcité »), « adapté de »."""
    lines = []
    source = ModulePage.objects.filter(pk=module.adapted_from_id).first() if module.adapted_from_id else None
    if _in_laicite_section(module) or (source is not None and _in_laicite_section(source)):
        lines.append(VRL_ATTRIBUTION)
    if source is not None:
        lines.append(
            f"Adapté de « {source.title} » ({source.authors}, version du {source.version_date:%d/%m/%Y}, "
            f"{source.get_licence_display()})"
        )
    return lines


def _quiz_questions(quiz) -> list[HandoutQuestion]:
    """Fixed questions in order, then the verified questions the quiz may draw (each once)."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk"))
    fixed = [
        link.question
        for link in QuizQuestion.objects.filter(quiz=quiz)
        .select_related("question")
        .prefetch_related(Prefetch("question__choices", queryset=Choice.objects.order_by("sort_order", "pk")))
        .order_by("sort_order", "pk")
    ]
    seen = {question.pk for question in fixed}
    tag_ids = list(quiz.draws.values_list("tag_id", flat=True))
    drawn = []
    if tag_ids:
        drawn = [
            question
            for question in Question.objects.filter(tags__id__in=tag_ids, status=QuestionStatus.VERIFIED)
            .distinct()
            .prefetch_related(choices)
            .order_by("pk")
            if question.pk not in seen
        ]
    return [HandoutQuestion(question=q, choices=list(q.choices.all())) for q in fixed + drawn]


def module_handout(*, module: ModulePage, answers: bool) -> Handout:
    """Everything a printed handout shows: live lessons with their bodies, the quiz, the provenance."""
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    quiz = module.quiz
    return Handout(
        module=module,
        lessons=lessons,
        questions=_quiz_questions(quiz) if quiz is not None else [],
        answers=answers,
        attributions=module_attributions(module=module),
        quiz_title=quiz.title if quiz is not None else "",
    )


# --- Source updated ------------------------------------------------------------------------------------


@dataclass
class SourceUpdate:
    source: ModulePage
    updated_at: datetime.datetime
    compare_url: str


def module_source_update(*, module: ModulePage) -> SourceUpdate | None:
    """The source of an adapted module has a newer published revision than the one its trainer saw."""
    from .models import Adaptation

    if not module.adapted_from_id:
        return None
    source = ModulePage.objects.filter(pk=module.adapted_from_id).defer_streamfields().first()
    if source is None or not source.live_revision_id:
        return None
    seen = Adaptation.objects.filter(copy_id=module.pk).values_list("source_revision_seen_id", flat=True).first()
    if seen is not None and source.live_revision_id <= seen:
        return None
    latest = Revision.objects.filter(pk=source.live_revision_id).values_list("created_at", flat=True).first()
    return SourceUpdate(
        source=source,
        updated_at=source.last_published_at or latest,
        compare_url=reverse(
            "wagtailadmin_pages:revisions_compare", args=[source.pk, seen or "earliest", source.live_revision_id]
        ),
    )
