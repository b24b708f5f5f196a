from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from accounts import roles

from . import views as reports

# --- Reports (« Rapports »): trainers see their assigned courses, administrators everything ------------


@hooks.register("register_admin_urls")
def register_report_urls():
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
        return roles.can_view_reports(request.user)


class AdministratorReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.is_administrator(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():

    class ReportsSubmenu(SubmenuMenuItem):
        def is_shown(self, request):
            return roles.can_view_reports(request.user)

    menu = Menu(
        items=[
            ReportsMenuItem("Parcours et apprenant·es", reverse("progress_reports"), icon_name="table", order=100),
            AdministratorReportsMenuItem(
                "Rapport territorial", reverse("progress_report_territorial"), icon_name="site", order=200
            ),
            ReportsMenuItem("Mes exports", reverse("progress_report_exports"), icon_name="download", order=300),
        ]
    )
    # Wagtail has its own « Rapports » menu (pages, workflows): ours has a name of its own, short enough
    # for the sidebar (« Rapports de formation » was cut to « Rapports de fo… »).
    return ReportsSubmenu("Suivi", menu, icon_name="table", name="rapports-formation", order=250)
