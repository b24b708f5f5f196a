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
    reminders_enabled = models.BooleanField(
        _("recevoir les rappels par e-mail"),
        default=True,
        help_text=_("Rappels de reprise d'un parcours et de webinaires à venir."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["last_name", "first_name", "email"]

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
