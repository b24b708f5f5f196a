"""Write-side of the webinars app. Every function is keyword-only, safe to call twice and under
concurrency: uniqueness is enforced by the database, and each e-mail is recorded before it is sent.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from core.mail import send_templated_mail
from courses.models import CourseModule

from . import signals
from .formats import french_datetime
from .models import (
    Attendance,
    ReminderDelivery,
    WebinarCalendarState,
    WebinarPage,
    WebinarReminderRequest,
    WebinarStatus,
    counts_as_attended,
)

# --- Reminder requests -----------------------------------------------------------------------------


def reminder_request(*, user, webinar: WebinarPage) -> tuple[WebinarReminderRequest, bool]:
    """Records that `user` wants the reminders of `webinar`. Returns (request, created)."""
    try:
        with transaction.atomic():
            return WebinarReminderRequest.objects.get_or_create(user=user, webinar=webinar)
    except IntegrityError:
        # Two clicks at once: the other request won the insert; both get the same row.
        return WebinarReminderRequest.objects.get(user=user, webinar=webinar), False


def reminder_cancel(*, user, webinar: WebinarPage) -> bool:
    deleted, _ = WebinarReminderRequest.objects.filter(user=user, webinar=webinar).delete()
    return bool(deleted)


# --- E-mails sent once -------------------------------------------------------------------------------


def deliver_once(*, user, webinar: WebinarPage, kind: str, subject: str, template: str, context: dict | None = None) -> bool:
    """Sends one e-mail of `kind` about `webinar` to `user` unless it was already sent.

    The ReminderDelivery row and the queued message (accounts.mail stores it as an EmailDelivery
    row) are written in one transaction: either both exist or neither does. If the process dies
    before commit, the next run sends it; after commit, the delivery task (acks_late, retried)
    sends it. The unique constraint makes a concurrent or repeated run insert nothing and send
    nothing.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                _, created = ReminderDelivery.objects.get_or_create(user=user, webinar=webinar, kind=kind)
        except IntegrityError:
            return False
        if not created:
            return False
        send_templated_mail(
            to=user.email,
            subject=subject,
            template=template,
            context={"user": user, "webinar": webinar, "kind": kind, **(context or {})},
        )
    return True


# --- Changes of a published webinar ------------------------------------------------------------------


def _fingerprint(webinar: WebinarPage) -> str:
    """What a calendar client must hear about: time, place and status."""
    parts = [
        webinar.start.isoformat(),
        webinar.end.isoformat(),
        str(webinar.online),
        webinar.place_address.strip(),
        webinar.place_city.strip(),
        webinar.status,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@dataclass
class WebinarChanges:
    sequence: int
    changed: bool = False
    cancelled: bool = False
    replay_announced: bool = False
    notified: int = 0


def webinar_update(*, webinar: WebinarPage) -> WebinarChanges:
    """Compares the published webinar with what was last announced; on a change of time, place or
    status, increases the iCalendar SEQUENCE and tells the people who asked for a reminder, once per
    change. Announces a newly added replay once. Called when a webinar is published (signal)."""
    with transaction.atomic():
        WebinarCalendarState.objects.get_or_create(webinar=webinar)
        state = WebinarCalendarState.objects.select_for_update().get(webinar=webinar)
        webinar = WebinarPage.objects.get(pk=webinar.pk)  # the published values, read under the lock
        fingerprint = _fingerprint(webinar)
        result = WebinarChanges(sequence=state.sequence)
        if not state.fingerprint:
            # First publication: nothing was announced yet, so there is nothing to correct.
            state.fingerprint = fingerprint
            state.replay_announced = webinar.has_replay
            state.save()
            return result
        if fingerprint != state.fingerprint:
            state.sequence += 1
            state.fingerprint = fingerprint
            result.sequence = state.sequence
            result.changed = True
            result.cancelled = webinar.is_cancelled
        announce_replay = webinar.has_replay and not state.replay_announced and not webinar.is_cancelled
        if webinar.has_replay:
            state.replay_announced = True
        state.save()

    recipients = list(_subscribers(webinar))
    if result.changed:
        subject = f"Annulé : « {webinar.title} »" if result.cancelled else f"Changement pour « {webinar.title} »"
        for user in recipients:
            result.notified += deliver_once(
                user=user,
                webinar=webinar,
                kind=f"change-{result.sequence}",
                subject=subject,
                template="webinars/email/changed.txt",
                context={"cancelled": result.cancelled},
            )
    if announce_replay:
        result.replay_announced = True
        for user in recipients:
            result.notified += deliver_once(
                user=user,
                webinar=webinar,
                kind=ReminderDelivery.REPLAY,
                subject=f"Le replay de « {webinar.title} » est disponible",
                template="webinars/email/replay.txt",
            )
    return result


def _subscribers(webinar: WebinarPage):
    """The people who asked to be reminded (an explicit request, so it holds even when general
    reminders are off)."""
    return get_user_model().objects.filter(webinar_reminders__webinar=webinar, is_active=True).order_by("pk")


# --- Attendance --------------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024
EMAIL_HEADERS = {
    "e-mail",
    "email",
    "mail",
    "courriel",
    "adresse e-mail",
    "adresse email",
    "adresse mail",
    "e-mail de l'utilisateur",
}
NAME_HEADERS = {"nom", "name", "nom complet", "participant", "participant·e", "nom (nom d'origine)"}
MINUTES_HEADERS = {
    "minutes",
    "minutes attended",
    "minutes de presence",
    "duree (minutes)",
    "duree",
    "temps de presence (minutes)",
    "minutes de connexion",
}


class AttendanceImportError(Exception):
    """The file cannot be imported; `message` says why in French, with the line when there is one."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class AttendanceImportResult:
    imported: int = 0
    unknown_emails: list[str] = field(default_factory=list)
    counted: int = 0


def _normalise_header(value: str) -> str:
    value = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(c for c in value if not unicodedata.combining(c))


def _minutes(value: str, line: int) -> int:
    text = value.strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,5}(\.\d+)?", text):
        raise AttendanceImportError(f"Ligne {line} : « {value.strip()[:40]} » n'est pas un nombre de minutes.")
    return round(float(text))


def attendance_parse(*, content: bytes, filename: str) -> dict[str, int]:
    """Reads the CSV exported by the webinar tool into {e-mail: minutes}. Raises AttendanceImportError."""
    if not filename.lower().endswith(".csv"):
        raise AttendanceImportError("Le fichier doit être un export CSV (extension .csv).")
    if len(content) > MAX_IMPORT_BYTES:
        raise AttendanceImportError("Le fichier dépasse 2 Mo : exportez seulement la liste des participant·es.")
    if b"\x00" in content:
        raise AttendanceImportError("Ce fichier n'est pas un fichier texte CSV.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise AttendanceImportError("Le fichier n'est pas encodé en UTF-8 : réenregistrez-le en « CSV UTF-8 ».") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise AttendanceImportError("Ligne 1 : le fichier est vide ; la première ligne doit nommer les colonnes.")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [_normalise_header(cell) for cell in next(reader)]
    except csv.Error as error:
        raise AttendanceImportError(f"Ligne 1 : {error}") from None
    columns = {}
    for name, accepted in (("email", EMAIL_HEADERS), ("minutes", MINUTES_HEADERS)):
        accepted = {_normalise_header(h) for h in accepted}
        matches = [i for i, cell in enumerate(header) if cell in accepted]
        if not matches:
            raise AttendanceImportError("Ligne 1 : colonnes attendues « e-mail », « nom » et « minutes » (séparées par ; ou ,).")
        columns[name] = matches[0]
    minutes_by_email: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(columns.values()):
                raise AttendanceImportError(f"Ligne {line} : il manque des colonnes ({len(row)} au lieu de {len(header)}).")
            email = row[columns["email"]].strip().lower()
            try:
                validate_email(email)
            except ValidationError:
                raise AttendanceImportError(f"Ligne {line} : « {email[:80]} » n'est pas une adresse e-mail valide.") from None
            # The tool writes one row per connection: a person who reconnected has several rows.
            minutes_by_email[email] = minutes_by_email.get(email, 0) + _minutes(row[columns["minutes"]], line)
    except csv.Error as error:
        raise AttendanceImportError(f"Ligne {reader.line_num} : {error}") from None
    if not minutes_by_email:
        raise AttendanceImportError("Ligne 2 : le fichier ne contient aucun participant.")
    return minutes_by_email


def attendance_import(*, webinar: WebinarPage, content: bytes, filename: str) -> AttendanceImportResult:
    """Imports a CSV of attendance: all or nothing. Unknown e-mails are listed, not created."""
    minutes_by_email = attendance_parse(content=content, filename=filename)
    users = {user.email: user for user in get_user_model().objects.filter(email__in=minutes_by_email)}
    result = AttendanceImportResult(unknown_emails=sorted(set(minutes_by_email) - set(users)))
    with transaction.atomic():
        for email, user in users.items():
            attendance_record(user=user, webinar=webinar, minutes=minutes_by_email[email], source=Attendance.Source.IMPORT)
            result.imported += 1
            result.counted += counts_as_attended(minutes=minutes_by_email[email], webinar=webinar)
    return result


def attendance_record(*, user, webinar: WebinarPage, minutes: int, source: str = Attendance.Source.MANUAL) -> Attendance:
    """Sets the attendance of `user` at `webinar` (a second import replaces the first)."""
    attendance, _ = Attendance.objects.update_or_create(
        user=user, webinar=webinar, defaults={"minutes": minutes, "source": source}
    )
    transaction.on_commit(lambda: signals.attendance_recorded.send(sender=Attendance, attendance=attendance))
    return attendance


# --- Reminders before a session ----------------------------------------------------------------------


@dataclass
class RemindersSent:
    day_before: int = 0
    hour_before: int = 0


# Who is enrolled in a course is the progress app's to say, and progress sits above webinars: it
# registers its selector here (ProgressConfig.ready). Without it, reminders go to requesters only.
_course_learners = None


def register_course_learners(selector) -> None:
    """`selector(course_ids=set[int])` returns the User queryset of learners enrolled in those courses."""
    global _course_learners
    _course_learners = selector


def _enrolled_learners(webinar: WebinarPage):
    """Learners enrolled in a course linked to the webinar (directly or through one of its modules)
    who accept reminders."""
    if _course_learners is None:
        return get_user_model().objects.none()
    course_ids = set(webinar.related_courses.values_list("pk", flat=True))
    course_ids |= set(CourseModule.objects.filter(module__webinar_links__page=webinar).values_list("page_id", flat=True))
    return _course_learners(course_ids=course_ids).filter(reminders_enabled=True, is_active=True)


def reminders_send_due(*, now=None) -> RemindersSent:
    """Sends the reminders that are due: the day before (start within 24 h) and one hour before
    (start within 1 h). Run every few minutes by Celery beat; each reminder leaves once."""
    from datetime import timedelta

    from django.utils import timezone

    now = now or timezone.now()
    sent = RemindersSent()
    webinars = WebinarPage.objects.live().filter(
        status=WebinarStatus.PLANNED, start__gt=now, start__lte=now + timedelta(hours=24)
    )
    for webinar in webinars:
        hour_before = webinar.start <= now + timedelta(hours=1)
        kind = ReminderDelivery.HOUR_BEFORE if hour_before else ReminderDelivery.DAY_BEFORE
        recipients = {user.pk: user for user in _subscribers(webinar)}
        if not hour_before:
            for user in _enrolled_learners(webinar):
                recipients.setdefault(user.pk, user)
        when = french_datetime(webinar.start)
        subject = f"Dans une heure : « {webinar.title} »" if hour_before else f"Rappel : « {webinar.title} », {when}"
        for user in recipients.values():
            if deliver_once(user=user, webinar=webinar, kind=kind, subject=subject, template="webinars/email/reminder.txt"):
                if hour_before:
                    sent.hour_before += 1
                else:
                    sent.day_before += 1
    return sent
