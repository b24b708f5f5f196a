"""Who may do and see what: the one place that answers it. Views, admin hooks, templates and tests ask
these functions; docs/access-matrix.md (generated from the tests) shows the result URL by URL.

The roles are the four groups of accounts.groups:
- Administrateurs (and superusers): the resource centre; everything, including the territorial report,
  attestations, attendance lists, and every course and learner in the reports;
- Formateurs and Formateurs VRL (« trainers »): the Wagtail admin, authoring (submitted for review),
  adaptations, handouts, the live quiz, and the reports of the courses an administrator assigned to them
  (trainers.CourseAssignment), hence of the learners enrolled in those courses;
- Apprenants: their own learning records only.

Course and learner scopes are expressed on the querysets the caller passes, through relation names
(`trainer_assignments`, `enrolments`), so that this module imports none of the apps above accounts.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q

from . import groups


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _in_groups(user, names) -> bool:
    return user.groups.filter(name__in=names).exists()


def is_administrator(user) -> bool:
    """The resource centre's staff (Administrateurs) and superusers."""
    return _active(user) and (user.is_superuser or _in_groups(user, (groups.ADMINISTRATORS,)))


def is_trainer(user) -> bool:
    """Formateurs and Formateurs VRL."""
    return _active(user) and _in_groups(user, (groups.TRAINERS, groups.VRL_TRAINERS))


def is_staff_member(user) -> bool:
    """Trainers of both groups and administrators: adapt modules, run live quizzes, read reports."""
    return is_administrator(user) or is_trainer(user)


def can_open_admin(user) -> bool:
    """Whether `user` may open the Wagtail admin: the answer of `user.has_perm("wagtailadmin.access_admin")`
    in one query instead of the two that load every permission of the user, and in none when the user
    was loaded by accounts.backends (the answer comes with the user's row). Kept on the user object,
    so a page that asks several times (header, trainers' notices) pays once."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_can_open_admin"):
        if hasattr(user, "_perm_cache"):  # every permission already loaded by an earlier has_perm
            user._can_open_admin = "wagtailadmin.access_admin" in user._perm_cache
        else:
            user._can_open_admin = Permission.objects.filter(ADMIN_ACCESS).filter(Q(user=user) | Q(group__user=user)).exists()
    return user._can_open_admin


ADMIN_ACCESS = Q(content_type__app_label="wagtailadmin", codename="access_admin")


def admin_access() -> Exists:
    """An expression on users: whether the user may open the Wagtail admin (directly or through a
    group). accounts.backends loads it with the signed-in user, so that can_open_admin costs no query."""
    return Exists(Permission.objects.filter(ADMIN_ACCESS).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))))


def can_adapt_modules(user) -> bool:
    """« Adapter ce module »: trainers of both groups and administrators, who can open the admin."""
    return can_open_admin(user) and is_staff_member(user)


def can_run_live_quiz(user) -> bool:
    return is_staff_member(user)


def can_drive_live_session(user, session) -> bool:
    """Reveal, next question, close: the trainer who launched the live session, or an administrator.
    (The projection views ask can_run_live_quiz first: a launcher no longer staff is refused there.)"""
    return (_active(user) and session.started_by_id == user.pk) or is_administrator(user)


def can_view_reports(user) -> bool:
    return is_staff_member(user)


def can_manage_attestations(user) -> bool:
    """Revoking attestations, attendance lists, the territorial report: administrators only."""
    return is_administrator(user)


def can_download_report_export(user, export) -> bool:
    """A queued report export: its requester, or an administrator."""
    return _active(user) and (export.requester_id == user.pk or is_administrator(user))


def courses_visible_to(user, courses):
    """The courses (of the CoursePage queryset `courses`) whose reports `user` may open: all for
    administrators, the assigned ones for trainers, none for anyone else."""
    if is_administrator(user):
        return courses
    if is_trainer(user):
        return courses.filter(trainer_assignments__trainer=user).distinct()
    return courses.none()


def quizzes_visible_to(user, quizzes):
    """The quizzes (of the Quiz queryset `quizzes`) whose statistics `user` may open: all for
    administrators; for trainers, the end-of-module and final quizzes of their assigned courses."""
    if is_administrator(user):
        return quizzes
    if is_trainer(user):
        return quizzes.filter(
            Q(end_of_modules__course_links__page__trainer_assignments__trainer=user)
            | Q(final_of_courses__trainer_assignments__trainer=user)
        ).distinct()
    return quizzes.none()


def learners_visible_to(user, *, course=None):
    """Users whose progress `user` may see: all (administrators) or those enrolled in an assigned course.

    With `course`, only the learners enrolled in that course, and nothing if the course isn't visible.
    """
    User = get_user_model()
    if course is not None:
        visible = is_administrator(user) or (is_trainer(user) and course.trainer_assignments.filter(trainer=user).exists())
        return User.objects.filter(enrolments__course=course).distinct() if visible else User.objects.none()
    if is_administrator(user):
        return User.objects.all()
    if is_trainer(user):
        return User.objects.filter(enrolments__course__trainer_assignments__trainer=user).distinct()
    return User.objects.none()


def can_export_module(user, module) -> bool:
    """« Exporter en SCORM »: staff who can open the admin, on a module they can see there (a published
    one, or a draft they may edit)."""
    if not (can_open_admin(user) and is_staff_member(user)):
        return False
    return bool(module.live) or module.permissions_for_user(user).can_edit()


def can_download_scorm_export(user, export) -> bool:
    """A SCORM package: its requester only (it may hold a draft they alone can see)."""
    return _active(user) and export.requester_id == user.pk
