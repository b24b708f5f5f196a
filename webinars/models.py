"""Webinars, days and training sessions of the resource centre, and what learners do with them.

HomePage → WebinarIndexPage (« Webinaires ») → WebinarPage. A cycle (WebinarCycle snippet) groups
sessions. Learner state (reminder requests, deliveries, attendance) are plain models written by
webinars.services. The iCalendar SEQUENCE lives in WebinarCalendarState, not on the page: a page
field would be copied into every revision, and publishing an older draft would bring an old number
back, which calendar clients would ignore.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.ancestry import RestrictionsFromChainMixin
from core.blocks import PARAGRAPH_FEATURES, DocumentBlock

END_BEFORE_START = _("La fin doit être postérieure au début.")
TRANSCRIPT_REQUIRED = _("La transcription du replay est obligatoire (RGAA 4.1).")
PLACE_REQUIRED = _("Indiquez la ville d'une session en présentiel, ou cochez « en ligne ».")


class WebinarKind(models.TextChoices):
    WEBINAIRE = "webinaire", _("Webinaire")
    JOURNEE = "journee", _("Journée")
    FORMATION = "formation", _("Formation")


class WebinarStatus(models.TextChoices):
    PLANNED = "planned", _("Programmé")
    CANCELLED = "cancelled", _("Annulé")


class ModuleTiming(models.TextChoices):
    BEFORE = "before", _("à suivre avant")
    AFTER = "after", _("pour aller plus loin, après")


class WebinarCycle(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField("courses.Theme", blank=True, related_name="webinar_cycles", verbose_name=_("thématiques"))

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("cycle de webinaires")
        verbose_name_plural = _("cycles de webinaires")

    def __str__(self):
        return self.title


class WebinarIndexPage(RestrictionsFromChainMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["webinars.WebinarPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des webinaires")
        verbose_name_plural = _("listes des webinaires")

    def get_context(self, request, *args, **kwargs):
        from .views import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(request, self))
        return context


class WebinarPage(RestrictionsFromChainMixin, RoutablePageMixin, Page):
    kind = models.CharField(_("type"), max_length=16, choices=WebinarKind.choices, default=WebinarKind.WEBINAIRE)
    cycle = models.ForeignKey(
        WebinarCycle,
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="webinars",
    )
    status = models.CharField(_("statut"), max_length=16, choices=WebinarStatus.choices, default=WebinarStatus.PLANNED)
    start = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    end = models.DateTimeField(_("fin"), help_text=_("Heure de Paris."))
    online = models.BooleanField(_("en ligne"), default=True)
    place_address = models.CharField(
        _("lieu"),
        max_length=300,
        blank=True,
        help_text=_("Salle et adresse, ou « lieu communiqué aux inscrits »."),
    )
    place_city = models.CharField(_("ville"), max_length=100, blank=True)
    speakers = models.TextField(
        _("intervenant·es"),
        blank=True,
        help_text=_("Une personne par ligne : fonction et structure (par exemple « Chargée de mission, centre de ressources »)."),
    )
    audience = models.TextField(_("public"), blank=True)
    registration_url = models.URLField(_("lien d'inscription"), max_length=500, blank=True)
    registration_on_site = models.BooleanField(
        _("inscription sur place"), default=False, help_text=_("Cochez si aucune inscription préalable n'est demandée.")
    )
    description = RichTextField(_("présentation"), features=PARAGRAPH_FEATURES, blank=True)
    replay_url = models.URLField(
        _("adresse du replay"),
        max_length=500,
        blank=True,
        help_text=_("Lien vers la vidéo sur le site qui l'héberge ; elle s'y ouvre (aucun lecteur tiers n'est intégré)."),
    )
    replay_video = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("fichier vidéo du replay"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Un fichier MP4 ou WebM déposé dans les documents."),
    )
    replay_transcript = RichTextField(
        _("transcription du replay"),
        features=PARAGRAPH_FEATURES,
        blank=True,
        help_text=_("Obligatoire dès qu'un replay est indiqué : tout ce qui est dit et montré, en texte (RGAA 4.1)."),
    )
    documents = StreamField([("document", DocumentBlock())], blank=True, verbose_name=_("supports et documents"))
    related_courses = ParentalManyToManyField(
        "courses.CoursePage", blank=True, related_name="webinars", verbose_name=_("parcours associés")
    )
    themes = ParentalManyToManyField("courses.Theme", blank=True, related_name="webinars", verbose_name=_("thématiques"))
    min_minutes_for_attendance = models.PositiveSmallIntegerField(
        _("présence minimale (minutes)"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Durée de connexion ou de présence à partir de laquelle la participation est comptée."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldPanel("cycle"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            ],
            heading=_("Quand"),
        ),
        MultiFieldPanel([FieldPanel("online"), FieldPanel("place_address"), FieldPanel("place_city")], heading=_("Où")),
        MultiFieldPanel([FieldPanel("registration_url"), FieldPanel("registration_on_site")], heading=_("Inscription")),
        FieldPanel("description"),
        FieldPanel("speakers"),
        FieldPanel("audience"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        InlinePanel("webinar_modules", heading=_("Modules associés"), label=_("module")),
        FieldPanel("related_courses"),
        MultiFieldPanel(
            [FieldPanel("replay_url"), FieldPanel("replay_video"), FieldPanel("replay_transcript")], heading=_("Replay")
        ),
        FieldPanel("documents"),
        FieldPanel("min_minutes_for_attendance"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("speakers"),
        index.FilterField("start"),
    ]
    parent_page_types = ["webinars.WebinarIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("webinaire ou journée")
        verbose_name_plural = _("webinaires et journées")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="webinars_webinarpage_end_after_start",
                violation_error_message=END_BEFORE_START,
            )
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = ValidationError(END_BEFORE_START, code="end_before_start")
        if self.has_replay and not strip_tags(self.replay_transcript or "").replace("&nbsp;", " ").strip():
            errors["replay_transcript"] = ValidationError(TRANSCRIPT_REQUIRED, code="transcript_required")
        if not self.online and not self.place_city.strip():
            errors["place_city"] = ValidationError(PLACE_REQUIRED, code="place_required")
        if errors:
            raise ValidationError(errors)

    # --- Read helpers used by templates and the calendar -------------------------------------------

    @property
    def has_replay(self) -> bool:
        return bool(self.replay_url or self.replay_video_id)

    @property
    def is_cancelled(self) -> bool:
        return self.status == WebinarStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    @property
    def place_label(self) -> str:
        if self.online:
            return "En ligne"
        address, city = self.place_address.strip(), self.place_city.strip()
        if city and city.lower() in address.lower():
            return address
        return ", ".join(part for part in (address, city) if part)

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    # --- The page, and the route of the reminder form (the .ics files are in webinars/urls.py:
    # Wagtail's page URLs cannot contain a dot) ------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .views import webinar_context

        context = super().get_context(request, *args, **kwargs)
        context.update(webinar_context(request, self))
        return context

    @path("rappel/", name="reminder")
    def reminder(self, request):
        from .views import webinar_reminder

        return webinar_reminder(request, self)


class WebinarModule(Orderable):
    page = ParentalKey(WebinarPage, on_delete=models.CASCADE, related_name="webinar_modules")
    module = models.ForeignKey(
        "courses.ModulePage", verbose_name=_("module"), on_delete=models.CASCADE, related_name="webinar_links"
    )
    timing = models.CharField(_("quand le suivre"), max_length=8, choices=ModuleTiming.choices, default=ModuleTiming.BEFORE)

    panels = [FieldPanel("module"), FieldPanel("timing")]

    class Meta(Orderable.Meta):
        verbose_name = _("module associé")
        verbose_name_plural = _("modules associés")
        constraints = [models.UniqueConstraint(fields=["page", "module"], name="webinars_webinarmodule_unique_module")]

    def __str__(self):
        return f"{self.page} — {self.module}"


class WebinarCalendarState(models.Model):
    """What calendar clients and subscribers were last told about a webinar (see module docstring)."""

    webinar = models.OneToOneField(WebinarPage, on_delete=models.CASCADE, related_name="calendar_state")
    sequence = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    replay_announced = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("état du calendrier")
        verbose_name_plural = _("états du calendrier")


class WebinarReminderRequest(models.Model):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="webinar_reminders")
    webinar = models.ForeignKey(WebinarPage, on_delete=models.CASCADE, related_name="reminder_requests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("demande de rappel")
        verbose_name_plural = _("demandes de rappel")
        constraints = [models.UniqueConstraint(fields=["user", "webinar"], name="webinars_reminderrequest_unique")]


class ReminderDelivery(models.Model):
    """One e-mail of one kind to one person about one webinar: the row is written before the e-mail
    (in the same transaction as the queued message), so a re-run never sends it twice."""

    DAY_BEFORE = "day-before"
    HOUR_BEFORE = "hour-before"
    REPLAY = "replay"

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="webinar_deliveries")
    webinar = models.ForeignKey(WebinarPage, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=32, help_text="day-before, hour-before, replay or change-<sequence>")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [models.UniqueConstraint(fields=["user", "webinar", "kind"], name="webinars_reminderdelivery_unique")]


def counts_as_attended(*, minutes: int, webinar) -> bool:
    """The attendance rule: present at least the session's minimum number of minutes."""
    return minutes >= webinar.min_minutes_for_attendance


class AttendanceQuerySet(models.QuerySet):
    def counted(self):
        """Attendances that count (dashboard, attestation, reports): `counts_as_attended`, in SQL."""
        return self.filter(minutes__gte=models.F("webinar__min_minutes_for_attendance"))


class Attendance(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("saisie")
        IMPORT = "import", _("import CSV")

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("participant·e"), on_delete=models.CASCADE, related_name="webinar_attendances"
    )

    objects = AttendanceQuerySet.as_manager()
    webinar = models.ForeignKey(WebinarPage, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances")
    minutes = models.PositiveIntegerField(_("minutes de présence"))
    source = models.CharField(_("origine"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    recorded_at = models.DateTimeField(_("enregistré le"), auto_now=True)

    panels = [FieldPanel("webinar"), FieldPanel("user"), FieldPanel("minutes")]

    class Meta:
        ordering = ["webinar", "user"]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        permissions = [("import_attendance", _("Peut importer les présences d'un webinaire"))]
        constraints = [models.UniqueConstraint(fields=["user", "webinar"], name="webinars_attendance_unique")]

    def __str__(self):
        return f"{self.user} — {self.webinar} ({self.minutes} min)"

    @property
    def counts(self) -> bool:
        return counts_as_attended(minutes=self.minutes, webinar=self.webinar)
