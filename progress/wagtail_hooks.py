from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.models import LessonPage

from . import admin_views
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
    ]


class AttestationsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_attestations(request.user)


@hooks.register("register_admin_menu_item")
def register_attestations_menu_item():
    return AttestationsMenuItem(_("Attestations"), reverse("progress_attestations"), icon_name="doc-full", order=260)


# --- Reports (« Rapports »): trainers see their assigned courses, administrators everything ------------


@hooks.register("register_admin_urls")
def register_report_urls():
    from .reports import views as reports

    return [
        path("rapports/", reports.CoursesReportView.as_view(), name="progress_reports"),
        path("rapports/resultats/", reports.CoursesReportView.as_view(results_only=True), name="progress_reports_results"),
        path("rapports/parcours/<int:course_id>/", reports.CourseReportView.as_view(), name="progress_report_course"),
        path(
            "rapports/parcours/<int:course_id>/resultats/",
            reports.CourseReportView.as_view(results_only=True),
            name="progress_report_course_results",
        ),
        path("rapports/apprenants/<uuid:public_id>/", reports.LearnerReportView.as_view(), name="progress_report_learner"),
        path("rapports/quiz/<int:quiz_id>/", reports.QuizItemAnalysisView.as_view(), name="progress_report_quiz"),
        path("rapports/territoires/", reports.TerritorialReportView.as_view(), name="progress_report_territorial"),
        path(
            "rapports/territoires/resultats/",
            reports.TerritorialReportView.as_view(results_only=True),
            name="progress_report_territorial_results",
        ),
        path("rapports/exports/", reports.ReportExportListView.as_view(), name="progress_report_exports"),
        path(
            "rapports/exports/<uuid:public_id>/telecharger/",
            reports.report_export_download,
            name="progress_report_export_download",
        ),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        from trainers.selectors import can_view_reports

        return can_view_reports(request.user)


class AdministratorReportsMenuItem(MenuItem):
    def is_shown(self, request):
        from trainers.selectors import is_report_admin

        return is_report_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    class ReportsSubmenu(SubmenuMenuItem):
        def is_shown(self, request):
            from trainers.selectors import can_view_reports

            return can_view_reports(request.user)

    menu = Menu(
        items=[
            ReportsMenuItem("Parcours et apprenant·es", reverse("progress_reports"), icon_name="table", order=100),
            AdministratorReportsMenuItem(
                "Rapport territorial", reverse("progress_report_territorial"), icon_name="site", order=200
            ),
            ReportsMenuItem("Mes exports", reverse("progress_report_exports"), icon_name="download", order=300),
        ]
    )
    # Wagtail has its own « Rapports » menu (pages, workflows): ours says what it is about.
    return ReportsSubmenu("Rapports de formation", menu, icon_name="table", name="rapports-formation", order=250)
