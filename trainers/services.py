"""Write-side of the trainers app: adapting a module into one's own space, marking source changes seen,
publishing a module with its lessons and quiz as one unit, and the review e-mails (docs/trainers.md,
« Relecture »).

Keyword-only, safe to call twice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, TaskState, WorkflowState

from core.mail import send_templated_mail
from core.urls import absolute_url
from courses.models import ModuleLibraryPage, ModulePage, ModuleSectionPage
from courses.permissions import grant
from courses.services import module_mark_adapted
from quizzes.models import Quiz
from quizzes.services import quiz_copy

from .models import Adaptation
from .selectors import module_live_parts, module_unit_drafts, review_unit_parts, task_reviewers

SPACE_SLUG = "espace-formateur-{pk}"
SPACE_GROUP = "Espace de formateur n° {pk}"


def _display_name(user) -> str:
    return user.get_full_name() or user.email


@transaction.atomic
def trainer_space_get_or_create(*, user) -> ModuleSectionPage:
    """The trainer's own section of the library (« Espace de … »), created as a draft on first use.

    Page permissions are per group in Wagtail: the space gets a group of its own, holding add and
    change on it, with this trainer as its only member. A draft section never shows in the library;
    the modules placed there follow the library's review workflow like any other.
    """
    library = ModuleLibraryPage.objects.select_for_update().get()
    slug = SPACE_SLUG.format(pk=user.pk)
    space = ModuleSectionPage.objects.child_of(library).filter(slug=slug).first()
    if space is None:
        space = ModuleSectionPage(
            title=f"Espace de {_display_name(user)}",
            slug=slug,
            intro="Modules adaptés pour des sessions locales.",
            live=False,
            owner=user,
        )
        library.add_child(instance=space)
    group, _created = Group.objects.get_or_create(name=SPACE_GROUP.format(pk=user.pk))
    grant(group, space, ("add", "change"))
    user.groups.add(group)
    return space


def _free_slug(parent: Page, base: str) -> str:
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def adaptation_record(*, copy: ModulePage, original: ModulePage, user=None) -> Adaptation:
    """Remember which published revision of `original` the copy starts from (it counts as seen)."""
    module_mark_adapted(copy=copy, original=original)
    revision_id = original.live_revision_id or original.latest_revision_id
    adaptation, _created = Adaptation.objects.get_or_create(
        copy=copy, defaults={"copied_revision_id": revision_id, "source_revision_seen_id": revision_id, "seen_by": user}
    )
    return adaptation


@transaction.atomic
def module_adapt(*, module: ModulePage, user) -> ModulePage:
    """Copy `module`, its lessons and its quiz, as drafts, into the trainer's space: one unit, submitted
    and published together. The copy records its source."""
    space = trainer_space_get_or_create(user=user)
    title = f"{module.title} (adaptation)"
    copy = module.copy(
        recursive=True,
        to=space,
        update_attrs={"title": title, "slug": _free_slug(space, slugify(title)[:200])},
        keep_live=False,
        user=user,
    ).specific
    adaptation_record(copy=copy, original=module, user=user)
    if module.quiz_id:
        quiz = quiz_copy(quiz=Quiz.objects.get(pk=module.quiz_id), title=f"{module.quiz.title} (adaptation)", owner=user)
        _set_module_quiz(copy, quiz)
    return copy


def _set_module_quiz(module: ModulePage, quiz: Quiz) -> None:
    """Point the copy (row and latest revision) at its own quiz, so publishing the draft keeps it."""
    module.quiz = quiz
    ModulePage.objects.filter(pk=module.pk).update(quiz=quiz)
    revision = module.latest_revision
    if revision is not None:
        revision.content["quiz"] = quiz.pk
        revision.save(update_fields=["content"])


def module_unit_publish(*, module: ModulePage, user=None) -> int:
    """The module was published (approved, or by an administrator): publish its lessons and quiz too,
    each from its latest revision. Returns how many were published; nothing left to do on a re-run."""
    published = 0
    for item in module_unit_drafts(module=module):
        revision = item.latest_revision
        if revision is None:
            continue
        # The module's publication was the permission check: its parts follow it.
        revision.publish(user=user, skip_permission_checks=True)
        published += 1
    return published


@transaction.atomic
def adaptation_mark_seen(*, copy: ModulePage, user) -> Adaptation | None:
    """The trainer has looked at the source's latest published revision: hide the notice until the next one."""
    if not copy.adapted_from_id:
        return None
    source = ModulePage.objects.filter(pk=copy.adapted_from_id).defer_streamfields().first()
    if source is None:
        return None
    adaptation, _created = Adaptation.objects.select_for_update().get_or_create(copy=copy)
    adaptation.source_revision_seen_id = source.live_revision_id or adaptation.source_revision_seen_id
    adaptation.seen_by = user
    adaptation.save()
    return adaptation


# --- Review e-mails (our own, in French, through core.mail; Wagtail's are switched off in signals.py) ----


def _name(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else "Un·e formateur·rice"


def _page_of(state: WorkflowState) -> Page | None:
    if state.base_content_type.model != "page":
        return None
    page = Page.objects.filter(pk=int(state.object_id)).first()
    return page.specific_deferred if page is not None else None


def _kind(page: Page) -> str:
    return str(page._meta.verbose_name)


def _edit_url(page: Page) -> str:
    return absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def review_submitted_notify(*, task_state_id: int, submitter_id: int | None = None) -> int:
    """A page entered a group approval task (submitted, or submitted again after changes): e-mail each
    reviewer, in French, who submitted what, for a module the lessons and quiz reviewed with it, and the
    link to the review page. Returns how many were e-mailed."""
    task_state = TaskState.objects.filter(pk=task_state_id).select_related("workflow_state", "revision", "task").first()
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return 0
    page = _page_of(task_state.workflow_state)
    if page is None:
        return 0
    submitter = get_user_model().objects.filter(pk=submitter_id).first() if submitter_id else None
    submitter = submitter or task_state.workflow_state.requested_by
    content = task_state.revision.content if task_state.revision_id else {}
    title = content.get("title") or page.title
    context = {
        "submitter": _name(submitter),
        "title": title,
        "kind": _kind(page),
        "is_module": isinstance(page, ModulePage),
        "parts": review_unit_parts(page=page),
        "workflow": task_state.workflow_state.workflow.name,
        "review_url": _edit_url(page),
    }
    sent = 0
    for reviewer in task_reviewers(task=task_state.task.specific, exclude=submitter):
        send_templated_mail(
            to=reviewer.email,
            subject=f"À relire : « {title} » ({context['kind']})",
            template="trainers/email/review_submitted.txt",
            context={**context, "reviewer": reviewer},
        )
        sent += 1
    return sent


def review_decided_notify(*, workflow_state_id: int, reviewer_id: int | None = None) -> bool:
    """The review of a page ended: approved (and published) or changes requested. E-mail its author, in
    French, unless they decided themselves. Returns whether a mail left."""
    state = WorkflowState.objects.filter(pk=workflow_state_id).select_related("requested_by", "current_task_state").first()
    if state is None or state.status not in (WorkflowState.STATUS_APPROVED, WorkflowState.STATUS_NEEDS_CHANGES):
        return False
    author = state.requested_by
    if author is None or not author.is_active or not author.email or author.pk == reviewer_id:
        return False
    page = _page_of(state)
    if page is None:
        return False
    reviewer = get_user_model().objects.filter(pk=reviewer_id).first() if reviewer_id else None
    task_state = state.current_task_state.specific if state.current_task_state_id else None
    context = {
        "author": author,
        "reviewer": _name(reviewer) if reviewer else "L'équipe",
        "title": page.title,
        "kind": _kind(page),
    }
    if state.status == WorkflowState.STATUS_APPROVED:
        _site, _root, path = page.get_url_parts() or (None, None, None)
        context.update(
            published_on=timezone.localtime(page.last_published_at or timezone.now()),
            public_url=absolute_url(path) if path and page.live else "",
            parts=module_live_parts(module=page) if isinstance(page, ModulePage) else [],
            is_module=isinstance(page, ModulePage),
        )
        subject, template = f"Publié : « {page.title} »", "trainers/email/review_approved.txt"
    else:
        revision = task_state.revision if task_state is not None else None
        title = ((revision.content or {}).get("title") if revision else None) or page.title
        context.update(title=title, comment=task_state.get_comment() if task_state else "", edit_url=_edit_url(page))
        subject, template = f"Modifications demandées : « {title} »", "trainers/email/review_changes_requested.txt"
    send_templated_mail(to=author.email, subject=subject, template=template, context=context)
    return True
