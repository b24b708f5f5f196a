import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Mandate(models.TextChoices):
    MAIRE = "maire", _("Maire")
    ADJOINT = "adjoint", _("Adjoint·e au maire")
    CONSEILLER_DELEGUE = "conseiller_delegue", _("Conseiller·e municipal·e délégué·e")
    CONSEILLER = "conseiller", _("Conseiller·e municipal·e")
    CONSEILLER_COMMUNAUTAIRE = "conseiller_communautaire", _("Conseiller·e communautaire")
    AUTRE = "autre", _("Autre")


class Region(models.TextChoices):
    BRETAGNE = "bretagne", _("Bretagne")
    PAYS_DE_LA_LOIRE = "pays_de_la_loire", _("Pays de la Loire")
    AUTRE = "autre", _("Autre région")


class Departement(models.TextChoices):
    """The departments of the two regions served (territorial reports); anything else is « Autre »."""

    COTES_D_ARMOR = "22", _("Côtes-d'Armor (22)")
    FINISTERE = "29", _("Finistère (29)")
    ILLE_ET_VILAINE = "35", _("Ille-et-Vilaine (35)")
    LOIRE_ATLANTIQUE = "44", _("Loire-Atlantique (44)")
    MAINE_ET_LOIRE = "49", _("Maine-et-Loire (49)")
    MAYENNE = "53", _("Mayenne (53)")
    MORBIHAN = "56", _("Morbihan (56)")
    SARTHE = "72", _("Sarthe (72)")
    VENDEE = "85", _("Vendée (85)")
    AUTRE = "autre", _("Autre département")


class User(AbstractUser):
    """A person who signs in with their e-mail address. Never stores a political affiliation."""

    username = None
    # Public, unguessable identifier for any URL that points at a person's data.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("adresse e-mail"), unique=True)
    collectivite = models.CharField(
        _("collectivité"), max_length=150, blank=True, help_text=_("Commune ou intercommunalité (EPCI).")
    )
    mandate = models.CharField(_("mandat"), max_length=32, choices=Mandate.choices, blank=True)
    region = models.CharField(_("région"), max_length=32, choices=Region.choices, blank=True)
    departement = models.CharField(_("département"), max_length=8, choices=Departement.choices, blank=True)
    reminders_enabled = models.BooleanField(
        _("recevoir les rappels par e-mail"),
        default=True,
        help_text=_("Rappels de reprise d'un parcours et de webinaires à venir."),
    )
    # RGPD retention: the warning e-mailed after 23 months without login (sent once), and the
    # moment the account was erased (the row stays as an anonymous shell, see docs/privacy.md).
    inactivity_warning_sent_at = models.DateTimeField(_("avertissement d'inactivité envoyé le"), null=True, blank=True)
    erased_at = models.DateTimeField(_("compte supprimé le"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["last_name", "first_name", "email"]
        # Reports list learners by name: the first page without sorting every learner (reports.selectors).
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="accounts_user_name_order")]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # One spelling per address: the unique constraint must not be dodged by case.
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class EmailDelivery(models.Model):
    """One outgoing e-mail, stored before it is queued so a retried task never sends it twice."""

    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    recipients = models.TextField()
    subject = models.CharField(max_length=998)
    payload = models.JSONField()

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"


def data_export_path(instance, filename):
    # Unguessable folder per export; the file is only ever served by the owner-only view.
    return f"exports/{instance.public_id.hex}/{filename}"


class DataExport(models.Model):
    """A learner's « Télécharger mes données » request and the JSON file it produced (RGPD art. 15 and 20)."""

    VALIDITY_DAYS = 7

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, related_name="data_exports", on_delete=models.CASCADE)
    requested_at = models.DateTimeField(_("demandé le"))
    file = models.FileField(_("fichier"), upload_to=data_export_path, blank=True)
    ready_at = models.DateTimeField(_("prêt le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valable jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de données")
        verbose_name_plural = _("exports de données")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.user_id} — {self.requested_at:%Y-%m-%d %H:%M}"
