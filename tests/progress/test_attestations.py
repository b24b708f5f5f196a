"""Attestation PDF content, verification page, owner-only download and administrator revocation."""

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from accounts import groups
from core.models import SiteSettings
from progress.models import Attestation, CourseCompletion
from progress.services import attestation_issue, attestation_revoke, enrolment_create
from progress.tasks import complete_course
from tests.factories.accounts import UserFactory

from .conftest import build_course, finish_course, pass_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def attestation(media_root, django_capture_on_commit_callbacks):
    learner = UserFactory(first_name="Nadia", last_name="Martin")
    data = build_course(module_quiz=True, slug="democratie")
    data.course.objectives = [("objective", "Expliquer le rôle des conseils citoyens")]
    data.course.save_revision().publish()
    enrolment_create(user=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    return Attestation.objects.get(user=learner)


def pdf_text(attestation) -> str:
    with attestation.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_attestation_pdf_contains_the_required_fields(attestation):
    """The PDF names organisation, learner, course and version, nature, dates, duration, modules, quiz results, signatory, id, URL and statement."""
    text = pdf_text(attestation)
    for expected in [
        "Attestation de suivi et de réussite",
        "ne vaut pas certification professionnelle",
        "Centre de ressources politique de la ville",
        "Nadia Martin",
        "Parcours democratie",
        "version du",
        "Expliquer le rôle des conseils citoyens",
        "Action de formation à distance",
        "Durée prévue",
        "40 min",
        "democratie module 1",
        "democratie module 2",
        "Quiz du module democratie",
        "100 %",
        "Réussi",
        attestation.data["signatory_name"],
        attestation.identifier,
    ]:
        assert expected in text, expected
    assert f"/attestations/verifier/{attestation.identifier}/" in text.replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{16}", attestation.identifier)


def test_attestation_pdf_is_tagged_in_french_with_a_title(attestation):
    """The PDF is tagged (PDF/UA), declares French and has a title."""
    with attestation.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and str(root["/Lang"]).startswith("fr")
    assert "Attestation de suivi et de réussite" in reader.metadata.title


def test_tasks_complete_course_twice_issues_one_attestation(attestation, outbox):
    """A retried or duplicated task finds the attestation and the e-mail already done."""
    count_before = len(outbox)
    identifier = complete_course(attestation.completion_id)
    assert identifier == attestation.identifier
    assert Attestation.objects.count() == 1 and len(outbox) == count_before
    assert attestation_issue(completion=attestation.completion).pk == attestation.pk


def test_views_verify_valid_attestation(client, attestation):
    """The public page says valid, for whom, which course and when — nothing more."""
    response = client.get(reverse("progress:verify", args=[attestation.identifier]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Attestation valide" in content and "Nadia Martin" in content and "Parcours democratie" in content
    assert attestation.user.email not in content


def test_views_verify_revoked_attestation_shows_date_not_reason(client, attestation):
    """A revoked attestation shows « révoquée » and the date, never the reason."""
    admin = UserFactory(group=groups.ADMINISTRATORS)
    attestation_revoke(attestation=attestation, by=admin, reason="Motif interne confidentiel")
    content = client.get(reverse("progress:verify", args=[attestation.identifier.lower()])).content.decode()
    assert "Attestation révoquée" in content and "Motif interne" not in content


def test_views_verify_unknown_identifier(client, db):
    """An unknown identifier gets a clear French message and a 404 status."""
    response = client.get(reverse("progress:verify", args=["AAAAAAAAAAAAAAAA"]))
    assert response.status_code == 404 and "Attestation inconnue" in response.content.decode()
    assert client.get("/attestations/verifier/pas-un-identifiant/").status_code == 404


def test_views_attestation_download_owner_only(client, attestation):
    """The owner downloads the PDF; another learner and a visitor do not."""
    url = reverse("progress:attestation_pdf", args=[attestation.identifier])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(attestation.user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_admin_attestations_revoke_requires_administrators(client, attestation):
    """Trainers get 403; an administrator revokes with a reason and the list says so."""
    url = reverse("progress_attestation_revoke", args=[attestation.pk])
    client.force_login(UserFactory(group=groups.TRAINERS, is_staff=True))
    assert client.get(reverse("progress_attestations")).status_code in (302, 403)
    assert client.post(url, {"reason": "Erreur"}).status_code in (302, 403)
    attestation.refresh_from_db()
    assert attestation.revoked_at is None
    admin = UserFactory(group=groups.ADMINISTRATORS, is_staff=True)
    client.force_login(admin)
    assert client.post(url, {"reason": ""}).status_code == 200  # form error, nothing written
    attestation.refresh_from_db()
    assert attestation.revoked_at is None
    response = client.post(url, {"reason": "Doublon de compte"})
    assert response.status_code == 302
    attestation.refresh_from_db()
    assert attestation.revoked_at is not None and attestation.revocation_reason == "Doublon de compte"
    assert attestation.revoked_by == admin
    assert "Révoquée" in client.get(reverse("progress_attestations")).content.decode()


def test_models_one_attestation_per_completion(attestation):
    """The database refuses a second attestation for the same completion."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Attestation.objects.create(completion=attestation.completion, user=attestation.user, issued_at=attestation.issued_at)
    assert CourseCompletion.objects.count() == 1


def _issue_attestation(django_capture_on_commit_callbacks, slug):
    learner = UserFactory(first_name="Nadia", last_name="Martin")
    data = build_course(module_quiz=True, slug=slug)
    enrolment_create(user=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    return Attestation.objects.get(user=learner)


@override_settings(
    ATTESTATION_SIGNATORY_NAME="Nom de l'environnement", ATTESTATION_SIGNATORY_FUNCTION="Directrice", ATTESTATION_PLACE=""
)
def test_attestation_signatory_and_place_come_from_the_identity_settings_first(media_root, django_capture_on_commit_callbacks):
    """Name and place from Paramètres › Identité de l'éditeur win; the function falls back on its environment variable."""
    identity = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    identity.organisation_name = "Centre de ressources de l'Ouest"
    identity.signatory_name = "Louise Martin"
    identity.attestation_place = "Rennes"
    identity.save()
    attestation = _issue_attestation(django_capture_on_commit_callbacks, "signature")
    assert (attestation.data["signatory_name"], attestation.data["signatory_function"], attestation.data["place"]) == (
        "Louise Martin",
        "Directrice",
        "Rennes",
    )
    text = pdf_text(attestation)
    assert "Fait à Rennes, le" in text
    assert "Louise Martin" in text
    assert "Directrice, Centre de ressources de l'Ouest" in text
    assert "Nom de l'environnement" not in text


@override_settings(ATTESTATION_SIGNATORY_NAME="", ATTESTATION_SIGNATORY_FUNCTION="", ATTESTATION_PLACE="")
def test_attestation_without_signatory_leaves_it_out_rather_than_show_a_blank(media_root, django_capture_on_commit_callbacks):
    """No signatory or place anywhere: the PDF says « Fait le … » and names the organisation only."""
    attestation = _issue_attestation(django_capture_on_commit_callbacks, "sanssignature")
    text = pdf_text(attestation)
    assert "Fait le" in text
    assert "Fait à" not in text
    assert ", ," not in text and "[" not in text


def test_attestation_pdf_of_a_long_course_is_one_a4_page(media_root, django_capture_on_commit_callbacks):
    """Six modules with their quizzes, a final quiz and five objectives still fit on exactly one A4 page."""
    learner = UserFactory(first_name="Maëlle", last_name="Le Goff-Kerhervé")
    data = build_course(modules=6, lessons=2, module_quiz=True, final_quiz=True, slug="fondamentaux-longs")
    data.course.objectives = [
        ("objective", f"Objectif pédagogique numéro {i}, formulé en une phrase assez longue") for i in range(5)
    ]
    data.course.save_revision().publish()
    enrolment_create(user=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
        pass_quiz(learner, data.course.final_quiz)
    attestation = Attestation.objects.get(user=learner)

    with attestation.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = " ".join(reader.pages[0].extract_text().split())
    assert attestation.data["signatory_name"] in text and "fondamentaux-longs module 6" in text


def test_attestation_pdf_is_one_page_for_the_usual_course(attestation):
    """The signature block stays on the page of the attestation it signs."""
    with attestation.pdf.open("rb") as handle:
        assert len(PdfReader(io.BytesIO(handle.read())).pages) == 1


def test_views_verify_page_writes_every_date_one_way(client, attestation):
    """Version, completion and issue dates read « 6 décembre 2026 », never « 06/12/2026 »."""
    content = client.get(reverse("progress:verify", args=[attestation.identifier])).content.decode()
    assert not re.search(r"\d{2}/\d{2}/\d{4}", content)
    long_dates = re.findall(
        r"\d{1,2}\xa0(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}", content
    )
    assert len(long_dates) == 3


VERIFY_FORM = "/attestations/verifier/"


def test_views_verify_form_finds_an_identifier_typed_loosely(client, attestation):
    """Lower case, spaces and dashes are ignored: the form answers « Attestation valide » and names the holder."""
    loose = "-".join(attestation.identifier[i : i + 4] for i in range(0, 16, 4)).lower()
    response = client.post(VERIFY_FORM, {"identifier": f"  {loose[:9]} {loose[9:]} "})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Attestation valide" in content and "Nadia Martin" in content and attestation.identifier in content


def test_views_verify_form_unknown_identifier_has_the_answer_shape_of_the_link(client, attestation):
    """A well-formed unknown identifier gets « Attestation inconnue » in the same block as a known one, and no detail."""
    known = client.post(VERIFY_FORM, {"identifier": attestation.identifier}).content.decode()
    response = client.post(VERIFY_FORM, {"identifier": "AAAA-BBBB-CCCC-DDDD"})
    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "Attestation inconnue" in content
        and "Nadia Martin" not in content
        and "Parcours" not in content.split("</main>")[0].split("verification-result")[1]
    )
    assert 'class="verification-result"' in content and 'class="verification-result"' in known


@pytest.mark.parametrize("typed", ["", "ABC", "AAAA-BBBB-CCCC-DDD1", "AAAAAAAAAAAAAAAAA", "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ"])
def test_views_verify_form_badly_formed_identifier_gets_a_french_message(client, db, typed):
    """Empty, too short, too long or with characters never used: the form says what an identifier looks like."""
    response = client.post(VERIFY_FORM, {"identifier": typed})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in content
    assert (
        ("Saisissez l&#x27;identifiant" in content)
        if not typed
        else ("16 caractères" in content and "pas la bonne forme" in content)
    )
    assert "Attestation inconnue" not in content and "Attestation valide" not in content


def test_views_verify_form_is_rate_limited_per_address(client, attestation, settings):
    """Past the limit the form stops answering, even for a valid identifier, with a French message and a 429."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "verify_attestation": "3/m/ip"}
    for _ in range(3):
        assert client.post(VERIFY_FORM, {"identifier": "AAAAAAAAAAAAAAAA"}).status_code == 200
    response = client.post(VERIFY_FORM, {"identifier": attestation.identifier})
    content = response.content.decode()
    assert response.status_code == 429
    assert "Trop de vérifications" in content and "Attestation valide" not in content and "Nadia Martin" not in content


def test_views_verify_form_page_is_public_and_not_indexed(client, db):
    """Anyone opens the empty form; search engines are asked not to index it."""
    response = client.get(VERIFY_FORM)
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert "Identifiant de l&#x27;attestation" in response.content.decode()
