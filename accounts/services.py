import calendar
import json
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.expiry import delete_with_files
from core.mail import send_templated_mail
from core.storage import save_whole
from core.urls import absolute_url

from . import personal_data
from .groups import LEARNERS
from .models import DataExport, EmailDelivery, User
from .personal_data import iso

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
# accounts sits at the bottom of the floor plan: each app that keeps records about people adds its
# part through accounts.personal_data.

EXPORT_DEDUP_SECONDS = 60


def user_export_data(*, user: User) -> dict:
    """Everything the platform holds about `user`, as plain JSON-serialisable data: the profile, then
    the part of each app that keeps records about people (accounts.personal_data)."""
    data = {
        "exported_at": iso(timezone.now()),
        "profile": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "collectivite": user.collectivite,
            "mandate": user.get_mandate_display() if user.mandate else "",
            "region": user.get_region_display() if user.region else "",
            "departement": user.get_departement_display() if user.departement else "",
            "reminders_enabled": user.reminders_enabled,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
        },
    }
    for part in personal_data.parts():
        if part.export is not None:
            data.update(part.export(user))
    return data


def data_export_request(*, user: User):
    """Queue a data export for `user`; a second request within a minute returns the first one."""
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
        # Whole or not at all: a full disk leaves no truncated file (the task fails and is run again).
        save_whole(export.file, "mes-donnees.json", ContentFile(content.encode("utf-8")))
        export.ready_at = timezone.now()
        export.expires_at = export.ready_at + timedelta(days=DataExport.VALIDITY_DAYS)
        export.save(update_fields=["file", "ready_at", "expires_at"])
        url = absolute_url(reverse("accounts:data_export_download", args=[export.public_id]))
        send_templated_mail(
            to=user.email,
            subject="Vos données sont prêtes",
            template="accounts/email/data_export_ready.txt",
            context={"user": user, "url": url, "export": export},
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
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return user
    old_email = user.email

    # Each app's records about them (quiz answers, attestations, webinar requests, report exports…).
    for part in personal_data.parts():
        if part.erase is not None:
            part.erase(user)
    for export in DataExport.objects.filter(user=user):
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
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_accounts_process(*, now=None) -> tuple[int, int]:
    """Warn accounts 23 months without login (once per inactive period), erase them at 24 months.
    Returns (warned, erased). Safe to run any number of times."""
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
    login_url = absolute_url(reverse("account_login"))
    for user in people.filter(last_seen__lte=months_before(now, WARN_AFTER_MONTHS)).exclude(warned_this_period):
        with transaction.atomic():
            # Re-read under lock: two beat runs at once must not both send the warning.
            locked = User.objects.select_for_update().get(pk=user.pk)
            if locked.inactivity_warning_sent_at and locked.inactivity_warning_sent_at >= user.last_seen:
                continue
            deadline = max(months_before(user.last_seen, -ERASE_AFTER_MONTHS), now + timedelta(days=MIN_NOTICE_DAYS))
            locked.inactivity_warning_sent_at = now
            locked.save(update_fields=["inactivity_warning_sent_at"])
            send_templated_mail(
                to=locked.email,
                subject="Votre compte sera supprimé faute de connexion",
                template="accounts/email/inactivity_warning.txt",
                context={"user": locked, "login_url": login_url, "deadline": deadline},
            )
            warned += 1
    return warned, erased


def data_export_purge_expired(*, now=None) -> int:
    """Delete export files and rows whose 7-day link has expired. Returns how many went."""
    return delete_with_files(DataExport.objects.filter(expires_at__lte=now or timezone.now()))


def email_delivery_purge_bodies(*, now=None) -> int:
    """Empty the stored copy of every e-mail sent more than EMAIL_BODY_RETENTION_DAYS ago (the row stays:
    it proves the e-mail left once). Also drops e-mails never sent after that long: their links expired."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone

    from .models import EmailDelivery

    limit = (now or timezone.now()) - timedelta(days=settings.EMAIL_BODY_RETENTION_DAYS)
    stale = EmailDelivery.objects.filter(Q(sent_at__lt=limit) | Q(sent_at__isnull=True, created_at__lt=limit))
    return stale.exclude(payload={"purged": True}).update(payload={"purged": True})
