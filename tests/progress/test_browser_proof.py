"""The assigned trainer relaunches a learner and issues a partial « certificat de réalisation » from the
learner report; the learner downloads it from « Mes certificats de réalisation ». axe-core finds nothing on these pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import groups
from progress.models import AccompanimentEntry, Certificate
from progress.services import activity_record_beat, enrolment_create, lesson_visit
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory
from trainers.models import CourseAssignment

from .conftest import build_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_trainer_relaunches_and_certifies_then_learner_downloads(page, settings, tmp_path, browser, live_server):
    """Learner report → « Relancer par e-mail » (logged) → partial certificate with a reason → learner's PDF."""
    settings.MEDIA_ROOT = tmp_path
    data = build_course(modules=1, lessons=2, slug="preuve")
    learner = UserFactory(first_name="Gwenaëlle", last_name="Tanguy")
    trainer = UserFactory(group=groups.TRAINERS, first_name="Tanguy", last_name="Formateur")
    CourseAssignment.objects.create(trainer=trainer, course=data.course)
    enrolment_create(user=learner, course=data.course)
    lesson = data.lessons()[0]
    start = timezone.now() - timedelta(hours=1)
    lesson_visit(user=learner, lesson=lesson, now=start)
    activity_record_beat(user=learner, lesson=lesson, active_seconds=240, now=start + timedelta(minutes=5))

    page.goto("/")
    sign_in(page, trainer)
    page.goto(f"/admin/rapports/apprenants/{learner.public_id}/")
    assert page.get_by_role("heading", name="Preuve de réalisation").is_visible()
    assert_accessible(page)
    page.get_by_label("Message de relance (facultatif)").fill("Où en êtes-vous ?")
    page.get_by_role("button", name="Relancer par e-mail").click()
    page.wait_for_load_state()
    assert page.get_by_text("Relance envoyée par e-mail").is_visible()
    assert page.get_by_role("cell", name=re.compile("Relance par e-mail")).is_visible()
    assert AccompanimentEntry.objects.get(learner=learner).author == trainer

    page.get_by_role("button", name="Délivrer un certificat de réalisation").click()
    page.wait_for_load_state()
    assert page.get_by_text("indiquez le motif").is_visible()
    assert not Certificate.objects.exists()
    page.get_by_label(re.compile("Motif de la réalisation partielle")).fill("Fin du mandat")
    page.get_by_role("button", name="Délivrer un certificat de réalisation").click()
    page.wait_for_load_state()
    certificate = Certificate.objects.get()
    assert page.get_by_role("link", name=f"Certificat n° {certificate.identifier}").is_visible()
    page.wait_for_timeout(1500)  # Wagtail's message fades in: axe measures its colours once it is there
    assert_accessible(page)

    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    own = context.new_page()
    own.live_server_url = live_server.url
    try:
        own.goto("/")
        sign_in(own, learner)
        own.goto("/mon-parcours/certificats/")
        link = own.get_by_role("link", name=re.compile("Certificat de réalisation « Parcours preuve »"))
        assert link.is_visible()
        assert_accessible(own)
        with own.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == f"certificat-de-realisation-{certificate.identifier}.pdf"
    finally:
        context.close()


def test_browser_trainer_sends_a_message_seen_in_the_log(page, settings, tmp_path, live_server):
    """Learner report → « Écrire un message »: empty, French errors on a form page (nothing recorded); filled,
    back to the report with the message in the accompaniment log under « Message ». axe-core finds nothing."""
    settings.MEDIA_ROOT = tmp_path
    data = build_course(modules=1, lessons=2, slug="message")
    learner = UserFactory(first_name="Maëlys", last_name="Garnier")
    trainer = UserFactory(group=groups.TRAINERS, first_name="Yannick", last_name="Formateur")
    CourseAssignment.objects.create(trainer=trainer, course=data.course)
    enrolment_create(user=learner, course=data.course)

    page.goto("/")
    sign_in(page, trainer)
    page.goto(f"/admin/rapports/apprenants/{learner.public_id}/")
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Écrire un message à Maëlys Garnier").is_visible()
    assert page.get_by_role("link", name="Indiquez l'objet du message.").is_visible()
    assert not AccompanimentEntry.objects.exists()
    assert_accessible(page)
    page.get_by_label("Objet").fill("Votre quiz du module 1")
    page.get_by_label("Message", exact=True).fill("Bravo, il ne vous reste qu'une leçon.")
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state()
    assert page.get_by_text("Message envoyé par e-mail").is_visible()

    page.goto(f"/admin/rapports/apprenants/{learner.public_id}/")
    page.get_by_label("Objet du message").fill("Un webinaire à venir")
    page.get_by_label("Texte du message").fill("Je vous conseille le webinaire de jeudi.")
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_load_state()
    row = page.get_by_role("row", name=re.compile("Un webinaire à venir"))
    assert row.get_by_role("cell", name="Message", exact=True).is_visible()
    assert row.get_by_role("cell", name="Yannick Formateur").is_visible()
    entries = AccompanimentEntry.objects.filter(learner=learner, kind=AccompanimentEntry.Kind.MESSAGE)
    assert sorted(entries.values_list("summary", flat=True)) == ["Un webinaire à venir", "Votre quiz du module 1"]
    page.wait_for_timeout(1500)  # Wagtail's message fades in: axe measures its colours once it is there
    assert_accessible(page)
