from django.contrib.auth.models import Group
from django.db import transaction

from .groups import LEARNERS
from .models import User

PROFILE_FIELDS = ("first_name", "last_name", "collectivite", "mandate", "region", "departement")


@transaction.atomic
def user_complete_signup(*, user: User, profile: dict) -> User:
    """Store the profile typed at sign-up and put the new person in the learners' group."""
    for field in PROFILE_FIELDS:
        setattr(user, field, (profile.get(field) or "").strip())
    user.save()
    user.groups.add(Group.objects.get(name=LEARNERS))
    return user


def user_update_profile(*, user: User, data: dict) -> User:
    for field, value in data.items():
        setattr(user, field, value.strip() if isinstance(value, str) else value)
    user.save(update_fields=list(data))
    return user


# --- RGPD: access / portability (« Télécharger mes données ») --------------------------------
# accounts sits at the bottom of the dependency graph: the other apps' models are looked up by
# name at call time, never imported.

EXPORT_DEDUP_SECONDS = 60


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _iso(value):
    return value.isoformat() if value else None


def user_export_data(*, user: User) -> dict:
    """Everything the platform holds about `user`, as plain JSON-serialisable data."""
    from django.utils import timezone

    Enrolment = _model("progress.Enrolment")
    LessonProgress = _model("progress.LessonProgress")
    ModuleCompletion = _model("progress.ModuleCompletion")
    CourseCompletion = _model("progress.CourseCompletion")
    Attestation = _model("progress.Attestation")
    Attempt = _model("quizzes.Attempt")
    WebinarReminderRequest = _model("webinars.WebinarReminderRequest")
    Attendance = _model("webinars.Attendance")

    attempts = Attempt.objects.filter(user=user).select_related("quiz").prefetch_related("answers").order_by("started_at")
    return {
        "exported_at": _iso(timezone.now()),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "collectivite": user.collectivite,
            "mandate": user.get_mandate_display() if user.mandate else "",
            "region": user.get_region_display() if user.region else "",
            "departement": user.get_departement_display() if user.departement else "",
            "reminders_enabled": user.reminders_enabled,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "enrolments": [
            {
                "course": e.course.title,
                "enrolled_at": _iso(e.enrolled_at),
                "last_activity_at": _iso(e.last_activity_at),
            }
            for e in Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at")
        ],
        "lesson_progress": [
            {
                "lesson": p.lesson.title,
                "first_visit_at": _iso(p.first_visit_at),
                "last_visit_at": _iso(p.last_visit_at),
                "completed_at": _iso(p.completed_at),
            }
            for p in LessonProgress.objects.filter(user=user).select_related("lesson").order_by("first_visit_at")
        ],
        "module_completions": [
            {"module": m.module.title, "completed_at": _iso(m.completed_at)}
            for m in ModuleCompletion.objects.filter(user=user).select_related("module").order_by("completed_at")
        ],
        "course_completions": [
            {"course": c.course.title, "completed_at": _iso(c.completed_at), "course_version": c.course_version}
            for c in CourseCompletion.objects.filter(user=user).select_related("course").order_by("completed_at")
        ],
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "status": a.status,
                "started_at": _iso(a.started_at),
                "submitted_at": _iso(a.submitted_at),
                "score": str(a.score) if a.score is not None else None,
                "max_score": str(a.max_score),
                "percent": str(a.percent) if a.percent is not None else None,
                "passed": a.passed,
                "answers": [
                    {
                        "position": answer.position,
                        "question": _snapshot_prompt(a.snapshot, answer.position),
                        "selected_choices": answer.selected_choices,
                        "text": answer.text,
                        "score": str(answer.score) if answer.score is not None else None,
                        "is_correct": answer.is_correct,
                        "review_comment": answer.review_comment,
                        "reviewed_at": _iso(answer.reviewed_at),
                    }
                    for answer in a.answers.all()
                ],
            }
            for a in attempts
        ],
        "attestations": [
            {
                "identifier": att.identifier,
                "course": att.data.get("course_title", ""),
                "issued_at": _iso(att.issued_at),
                "revoked_at": _iso(att.revoked_at),
            }
            for att in Attestation.objects.filter(user=user).order_by("issued_at")
        ],
        "webinar_reminder_requests": [
            {"webinar": r.webinar.title, "start": _iso(r.webinar.start), "requested_at": _iso(r.created_at)}
            for r in WebinarReminderRequest.objects.filter(user=user).select_related("webinar").order_by("created_at")
        ],
        "webinar_attendance": [
            {"webinar": a.webinar.title, "start": _iso(a.webinar.start), "minutes": a.minutes}
            for a in Attendance.objects.filter(user=user).select_related("webinar").order_by("webinar__start")
        ],
    }


def _snapshot_prompt(snapshot, position: int) -> str:
    questions = snapshot.get("questions", snapshot) if isinstance(snapshot, dict) else snapshot
    for question in questions or []:
        if isinstance(question, dict) and question.get("position") == position:
            return question.get("prompt", "")
    return ""


def data_export_request(*, user: User):
    """Queue a data export for `user`; a second request within a minute returns the first one."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import DataExport
    from .tasks import build_data_export

    now = timezone.now()
    with transaction.atomic():
        # The lock on the user row serialises two simultaneous clicks.
        User.objects.select_for_update().get(pk=user.pk)
        recent = DataExport.objects.filter(user=user, requested_at__gte=now - timedelta(seconds=EXPORT_DEDUP_SECONDS)).first()
        if recent is not None:
            return recent
        export = DataExport.objects.create(user=user, requested_at=now)
        transaction.on_commit(lambda: build_data_export.delay(export.pk))
    return export


def data_export_build(*, export) -> bool:
    """Write the JSON file of `export` and e-mail its link. Returns False when it was already built."""
    import json
    from datetime import timedelta

    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone

    from .models import DataExport

    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export.pk)
        if export.ready_at is not None:
            return False
        user = export.user
        content = json.dumps(user_export_data(user=user), ensure_ascii=False, indent=2)
        # A run killed after writing the file but before its commit left a file no row points to:
        # overwrite it rather than write a second copy beside it.
        leftover = export.file.field.generate_filename(export, "mes-donnees.json")
        export.file.storage.delete(leftover)
        export.file.save("mes-donnees.json", ContentFile(content.encode("utf-8")), save=False)
        export.ready_at = timezone.now()
        export.expires_at = export.ready_at + timedelta(days=DataExport.VALIDITY_DAYS)
        export.save(update_fields=["file", "ready_at", "expires_at"])
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("accounts:data_export_download", args=[export.public_id])
        send_mail(
            subject="[Élus & quartiers] Vos données sont prêtes",
            message=render_to_string("accounts/email/data_export_ready.txt", {"user": user, "url": url, "export": export}),
            from_email=None,
            recipient_list=[user.email],
        )
    return True


# --- RGPD: erasure (« Supprimer mon compte », and inactive accounts) ------------------------
# The rule is written in docs/privacy.md: the User row stays as an anonymous shell so that
# counts, scores and completions in the reports stay right; everything that identifies the
# person or that they wrote is erased.

ERASED_NAME = "Compte supprimé"


@transaction.atomic
def user_erase(*, user: User) -> User:
    """Erase `user`'s personal data and anonymise their learning records. Safe to call twice."""
    import uuid

    from allauth.account.models import EmailAddress
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from .models import DataExport, EmailDelivery

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return user
    old_email = user.email

    # What they wrote in quizzes, and what trainers wrote back about it; scores stay.
    Answer = _model("quizzes.Answer")
    Answer.objects.filter(attempt__user=user).exclude(text="", review_comment="").update(text="", review_comment="")
    # Attestations stay verifiable (« délivrée ») but no longer carry a name; the named PDF goes.
    for attestation in _model("progress.Attestation").objects.filter(user=user):
        if attestation.pdf:
            attestation.pdf.delete(save=False)
        attestation.data = {**attestation.data, "learner_name": "", "holder_erased": True}
        attestation.save(update_fields=["pdf", "data"])
    _model("webinars.WebinarReminderRequest").objects.filter(user=user).delete()
    _model("webinars.ReminderDelivery").objects.filter(user=user).delete()
    for export in DataExport.objects.filter(user=user):
        if export.file:
            export.file.delete(save=False)
        export.delete()
    # Report exports a former trainer asked for hold other people's data: they go with the account.
    for export in _model("progress.ReportExport").objects.filter(requester=user):
        if export.file:
            export.file.delete(save=False)
        export.delete()
    EmailAddress.objects.filter(user=user).delete()
    # Stored copies of e-mail already sent to them (bodies carry their name); unsent ones still leave.
    EmailDelivery.objects.filter(recipients__icontains=old_email, sent_at__isnull=False).delete()

    user.email = f"supprime-{uuid.uuid4().hex}@compte-supprime.invalid"
    user.first_name = ""
    user.last_name = ERASED_NAME
    user.collectivite = ""
    user.mandate = ""
    user.region = ""
    user.departement = ""
    user.reminders_enabled = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()  # also ends every open session (the session hash changes)
    user.erased_at = timezone.now()
    user.save()
    user.user_permissions.clear()
    # Sessions carry the user id only, but there is no reason to keep them.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    return user


# --- RGPD: inactive accounts -------------------------------------------------------------
# CNIL: deleting accounts unused for two years is proportionate, with a warning beforehand.

WARN_AFTER_MONTHS = 23
ERASE_AFTER_MONTHS = 24
MIN_NOTICE_DAYS = 28


def months_before(moment, months: int):
    """`moment` minus a number of calendar months (the 31st falls back to the month's last day)."""
    import calendar

    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_accounts_process(*, now=None) -> tuple[int, int]:
    """Warn accounts 23 months without login (once per inactive period), erase them at 24 months.
    Returns (warned, erased). Safe to run any number of times."""
    from datetime import timedelta

    from django.core.mail import send_mail
    from django.db.models import F, Q
    from django.db.models.functions import Coalesce
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import timezone

    now = now or timezone.now()
    people = User.objects.filter(erased_at__isnull=True, is_staff=False).annotate(last_seen=Coalesce("last_login", "date_joined"))
    # A warning counts for the current inactive period only: signing in again makes it stale.
    warned_this_period = Q(inactivity_warning_sent_at__isnull=False, inactivity_warning_sent_at__gte=F("last_seen"))

    erased = 0
    to_erase = people.filter(warned_this_period, last_seen__lte=months_before(now, ERASE_AFTER_MONTHS)).filter(
        inactivity_warning_sent_at__lte=now - timedelta(days=MIN_NOTICE_DAYS)
    )
    for user in to_erase:
        user_erase(user=user)
        erased += 1

    warned = 0
    login_url = settings_base_url() + reverse("account_login")
    for user in people.filter(last_seen__lte=months_before(now, WARN_AFTER_MONTHS)).exclude(warned_this_period):
        with transaction.atomic():
            # Re-read under lock: two beat runs at once must not both send the warning.
            locked = User.objects.select_for_update().get(pk=user.pk)
            if locked.inactivity_warning_sent_at and locked.inactivity_warning_sent_at >= user.last_seen:
                continue
            deadline = max(months_before(user.last_seen, -ERASE_AFTER_MONTHS), now + timedelta(days=MIN_NOTICE_DAYS))
            locked.inactivity_warning_sent_at = now
            locked.save(update_fields=["inactivity_warning_sent_at"])
            send_mail(
                subject="[Élus & quartiers] Votre compte sera supprimé faute de connexion",
                message=render_to_string(
                    "accounts/email/inactivity_warning.txt",
                    {"user": locked, "login_url": login_url, "deadline": deadline},
                ),
                from_email=None,
                recipient_list=[locked.email],
            )
            warned += 1
    return warned, erased


def settings_base_url() -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def data_export_purge_expired(*, now=None) -> int:
    """Delete export files and rows whose 7-day link has expired. Returns how many went."""
    from django.utils import timezone

    from elearning.expiry import delete_with_files

    from .models import DataExport

    return delete_with_files(DataExport.objects.filter(expires_at__lte=now or timezone.now()))
