from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts import roles
from courses.models import LessonPage

from . import admin_views, proof_views
from .services import lesson_visit


@hooks.register("before_serve_page")
def record_lesson_visit(page, request, serve_args, serve_kwargs):
    """A signed-in learner opening a lesson: record the visit (the page itself stays thin)."""
    if isinstance(page, LessonPage) and request.user.is_authenticated and not getattr(request, "is_preview", False):
        # Kept on the request so the lesson's completion button needs no query of its own.
        request.lesson_progress = lesson_visit(user=request.user, lesson=page)


@hooks.register("register_admin_urls")
def register_progress_admin_urls():
    return [
        path("attestations/", admin_views.attestation_list, name="progress_attestations"),
        path(
            "attestations/<int:attestation_id>/revoquer/", admin_views.attestation_revoke_view, name="progress_attestation_revoke"
        ),
        path(
            "preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/relancer/",
            proof_views.relaunch,
            name="progress_proof_relaunch",
        ),
        path(
            "preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/message/",
            proof_views.message,
            name="progress_proof_message",
        ),
        path(
            "preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/certificat/",
            proof_views.certificate_create,
            name="progress_proof_certificate",
        ),
        path(
            "preuves/apprenants/<uuid:public_id>/parcours/<int:course_id>/dossier/",
            proof_views.proof_file_learner,
            name="progress_proof_file_learner",
        ),
        path("preuves/parcours/<int:course_id>/dossier/", proof_views.proof_file_cohort, name="progress_proof_file_cohort"),
        path(
            "preuves/dossiers/<uuid:public_id>/telecharger/", proof_views.proof_file_download, name="progress_proof_file_download"
        ),
        path(
            "preuves/certificats/<str:identifier>.pdf", proof_views.certificate_pdf_admin, name="progress_proof_certificate_pdf"
        ),
    ]


class AttestationsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_manage_attestations(request.user)


@hooks.register("register_admin_menu_item")
def register_attestations_menu_item():
    return AttestationsMenuItem(_("Attestations"), reverse("progress_attestations"), icon_name="doc-full", order=260)
