import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from accounts.models import EmailDelivery
from accounts.services import user_erase
from progress.models import CourseCompletion, Enrolment, LessonProgress
from quizzes.models import Answer, Attempt
from webinars.models import Attendance, WebinarReminderRequest

from .conftest import FREE_TEXT

pytestmark = pytest.mark.django_db
User = get_user_model()
PERSONAL = ["maelle.legoff@mairie-brest.fr", "Maëlle", "Le Goff", "Brest", FREE_TEXT]


def rows_pointing_at(user):
    """Every row of every model with a foreign key to `user`, and the user row itself."""
    yield User.objects.get(pk=user.pk)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                yield from model.objects.filter(**{field.name: user})
    yield from Answer.objects.filter(attempt__user=user)


def text_of(row) -> str:
    values = []
    for field in row._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField, models.JSONField, models.FileField)):
            values.append(str(getattr(row, field.attname)))
    return " ".join(values)


def test_services_user_erase_leaves_nothing_personal(history, outbox):
    """After erasure no text column of any row about the person holds their address, names, collectivité or essay."""
    before = " ".join(text_of(row) for row in rows_pointing_at(history.user))
    assert all(value in before for value in PERSONAL)  # the search would find them
    user_erase(user=history.user)
    for row in rows_pointing_at(history.user):
        text = text_of(row)
        for value in PERSONAL:
            assert value not in text, f"{row._meta.label} still holds {value!r}"
    assert not EmailDelivery.objects.filter(recipients__icontains="maelle.legoff").exists()
    assert not EmailAddress.objects.filter(user=history.user).exists()
    assert not WebinarReminderRequest.objects.filter(user=history.user).exists()


def test_services_user_erase_keeps_learning_records_for_reports(history):
    """Enrolments, lessons, completions, scores and attendance still count, under an inactive anonymous shell."""
    counts = lambda: (  # noqa: E731
        Enrolment.objects.count(),
        LessonProgress.objects.filter(completed_at__isnull=False).count(),
        CourseCompletion.objects.count(),
        sorted(Attempt.objects.values_list("score", flat=True)),
        Answer.objects.count(),
        Attendance.objects.get().minutes,
    )
    before = counts()
    user = user_erase(user=history.user)
    assert counts() == before
    assert (user.is_active, user.has_usable_password(), str(user)) == (False, False, "Compte supprimé")
    assert user.email.endswith(".invalid") and user.erased_at is not None
    assert Answer.objects.get(attempt=history.free_text_attempt).text == ""


def test_services_user_erase_twice_changes_nothing_more(history):
    """A second call keeps the same anonymous address and erasure date."""
    first = user_erase(user=history.user)
    second = user_erase(user=history.user)
    assert (second.email, second.erased_at) == (first.email, first.erased_at)


def test_views_verify_attestation_of_an_erased_account_says_so_without_a_name(client, history):
    """The verification page still says « délivrée » and no longer shows the holder's name."""
    user_erase(user=history.user)
    history.attestation.refresh_from_db()
    assert not history.attestation.pdf
    content = client.get(f"/attestations/verifier/{history.attestation.identifier}/").content.decode()
    assert "Attestation délivrée (titulaire ayant supprimé son compte)" in content
    assert "Le Goff" not in content and "Maëlle" not in content


def test_views_account_delete_requires_the_address_and_password(client, history):
    """A wrong address or password gives a French message and erases nothing."""
    client.force_login(history.user)
    response = client.post("/compte/supprimer/", {"email": "autre@exemple.fr", "password": "faux", "confirm": "on"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Cette adresse n&#x27;est pas celle de votre compte." in content
    assert "Le mot de passe est incorrect." in content
    assert User.objects.get(pk=history.user.pk).erased_at is None


def test_views_account_delete_erases_and_signs_out(client, history):
    """With the address, the password and the box ticked, the account is erased and the session ends."""
    from tests.factories.accounts import DEFAULT_PASSWORD

    client.force_login(history.user)
    assert "Supprimer mon compte" in client.get("/compte/profil/").content.decode()
    response = client.post(
        "/compte/supprimer/",
        {"email": "Maelle.LeGoff@mairie-brest.fr", "password": DEFAULT_PASSWORD, "confirm": "on"},
        follow=True,
    )
    assert "Votre compte a été supprimé" in response.content.decode()
    assert User.objects.get(pk=history.user.pk).erased_at is not None
    assert client.get("/compte/profil/").status_code == 302
    assert not client.login(email="maelle.legoff@mairie-brest.fr", password=DEFAULT_PASSWORD)
