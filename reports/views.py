"""Report pages of the Wagtail admin (« Rapports »), built on Wagtail's ReportView and its CSV/XLSX export.

Every view asks trainers.selectors who may see what; an export over REPORT_SYNC_EXPORT_MAX_ROWS rows is
queued (exports.py) instead of being written during the request.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from accounts import roles
from courses.models import CoursePage
from progress.models import Enrolment
from quizzes.selectors import attempt_review_rows
from webinars.selectors import attended_webinars_for_user

from . import charts, selectors, summaries
from .exports import ReportExportError, report_export_request, sync_export_max_rows, table_response
from .filters import CrossCourseFilterSet, EnrolmentFilterSet
from .models import ReportExport
from .tables import ReportUnavailable, build_table, labelled_territories, query_dict

INVALID_FILTERS = "Les filtres saisis ne sont pas valides (vérifiez les dates, au format JJ/MM/AAAA) : corrigez-les."


def _has_value(value) -> bool:
    """A filter left empty: None, "", or a date range without either end."""
    if isinstance(value, slice):
        return value.start is not None or value.stop is not None
    return value not in (None, "")


def _local(value):
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else ""


class ReportAccessMixin:
    """Trainers (assigned courses only) and administrators; `admin_only` reports are the resource centre's."""

    admin_only = False

    def has_access(self, user) -> bool:
        return roles.is_administrator(user) if self.admin_only else roles.can_view_reports(user)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExportableReportView(ReportAccessMixin, ReportView):
    """A ReportView whose large exports go to a Celery task (replayed by `replay_report`)."""

    report_key = ""
    paginate_by = 50
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        # Local time (Europe/Paris) in the files, as on the page.
        datetime.datetime: {"csv": _local, "xlsx": lambda value: timezone.make_naive(value)},
    }

    def scope_kwargs(self) -> dict:
        return dict(self.kwargs)

    def resolve_scope(self) -> None:
        """Load and check the object the report is about (a course, …); raise PermissionDenied or Http404."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.export_format = request.GET.get("export")

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            raise PermissionDenied
        self.resolve_scope()
        return super(ReportAccessMixin, self).dispatch(request, *args, **kwargs)

    def export_filters(self) -> dict:
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop(self.page_kwarg, None)
        return {"query": {key: query.getlist(key) for key in sorted(query)}, "kwargs": self.scope_kwargs()}

    def get(self, request, *args, **kwargs):
        if self.filters and not self.filters.is_valid():
            messages.error(request, INVALID_FILTERS)
            if self.is_export:
                query = request.GET.copy()
                query.pop("export", None)
                return redirect(f"{request.path}?{query.urlencode()}")
        if self.is_export:
            return self.export_response()
        return super().get(request, *args, **kwargs)

    def export_response(self):
        """The file now (CSV or XLSX, from reports.tables), or a queued export when it is large."""
        return export_response(
            self.request, report_key=self.report_key, export_format=self.export_format, filters=self.export_filters()
        )


def export_response(request, *, report_key: str, export_format: str, filters: dict):
    """A report's table as a file now, or queued when it is large (the same rows either way)."""
    if export_format not in ReportExport.Format.values:
        messages.error(request, "Format d'export inconnu : choisissez CSV ou XLSX.")
        return redirect(request.path)
    try:
        table = build_table(report=report_key, user=request.user, query=query_dict(filters["query"]), scope=filters["kwargs"])
    except ReportUnavailable as error:
        raise PermissionDenied from error
    count = table.row_count
    if count > sync_export_max_rows():
        try:
            export = report_export_request(
                requester=request.user, report=report_key, title=table.title, filters=filters, format=export_format
            )
        except ReportExportError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(
            request,
            f"L'export compte {count} lignes : il est préparé en arrière-plan. Vous recevrez un e-mail "
            "dès qu'il sera prêt, et le retrouverez dans « Mes exports ».",
        )
        return redirect(reverse("progress_report_exports") + f"#export-{export.public_id}")
    return table_response(table, export_format)


REPORTS_CRUMB = {"url": reverse_lazy("progress_reports"), "label": "Suivi"}


# --- Courses ------------------------------------------------------------------------------------------


class CoursesReportView(ExportableReportView):
    report_key = "courses"
    page_title = "Rapports — parcours"
    header_icon = "table"
    index_url_name = "progress_reports"
    index_results_url_name = "progress_reports_results"
    template_name = "reports/courses.html"
    filterset_class = CrossCourseFilterSet
    export_filename = "rapport-parcours"
    list_export = ["title", "enrolled", "active", "completed", "completion_rate"]
    export_headings = {
        "title": "Parcours",
        "enrolled": "Inscrit·es",
        "active": "Actif·ves (30 jours)",
        "completed": "Ont terminé",
        "completion_rate": "Taux d'achèvement (%)",
    }
    verbose_name_plural = "parcours"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="Parcours",
                get_url=lambda course: reverse("progress_report_course", args=[course.pk]) + self._query(),
            ),
            Column("enrolled", label="Inscrit·es"),
            Column("active", label="Actif·ves (30 jours)"),
            Column("completed", label="Ont terminé"),
            Column("completion_rate", label="Taux d'achèvement", accessor=self._rate_label),
        ]

    def _query(self) -> str:
        query = self.request.GET.copy()
        for key in ("parcours", "export", self.page_kwarg):
            query.pop(key, None)
        return f"?{query.urlencode()}" if query else ""

    @staticmethod
    def _rate_label(course) -> str:
        rate = selectors.percent(course.completed, course.enrolled)
        return f"{rate} %" if rate is not None else "—"

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["completion_rate"] = selectors.percent(item.completed, item.enrolled)
        return row

    def filtered_enrolments(self):
        enrolments = Enrolment.objects.filter(course__in=roles.courses_visible_to(self.request.user, CoursePage.objects.all()))
        if self.filters and self.filters.is_valid():
            enrolments = self.filters.filter_queryset(enrolments)
        return enrolments

    def get_base_queryset(self):
        courses = roles.courses_visible_to(self.request.user, CoursePage.objects.all())
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("parcours"):
            courses = courses.filter(pk=self.filters.form.cleaned_data["parcours"].pk)
        return selectors.courses_with_counts(courses=courses, enrolments=self.filtered_enrolments())

    def filter_queryset(self, queryset):
        # The filters apply to the enrolments counted, inside get_base_queryset.
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_report_admin"] = roles.is_administrator(self.request.user)
        return context


class CourseReportView(ExportableReportView):
    """One course: its figures, funnel and quizzes, then its learners (the exported rows)."""

    report_key = "course"
    header_icon = "table"
    template_name = "reports/course.html"
    results_template_name = "reports/course_results.html"
    filterset_class = EnrolmentFilterSet
    list_export = [
        "user.last_name",
        "user.first_name",
        "user.email",
        "user.collectivite",
        "user.get_departement_display",
        "user.get_region_display",
        "user.get_mandate_display",
        "enrolled_at",
        "last_activity_at",
        "modules_done",
        "completed_at",
    ]
    export_headings = {
        "user.last_name": "Nom",
        "user.first_name": "Prénom",
        "user.email": "E-mail",
        "user.collectivite": "Collectivité",
        "user.get_departement_display": "Département",
        "user.get_region_display": "Région",
        "user.get_mandate_display": "Mandat",
        "enrolled_at": "Inscrit·e le",
        "last_activity_at": "Dernière activité",
        "modules_done": "Modules terminés",
        "completed_at": "Parcours terminé le",
    }
    verbose_name_plural = "apprenant·es"

    def resolve_scope(self):
        self.course = get_object_or_404(CoursePage, pk=self.kwargs["course_id"])
        if not roles.courses_visible_to(self.request.user, CoursePage.objects.all()).filter(pk=self.course.pk).exists():
            raise PermissionDenied

    def get_page_title(self):
        return f"Rapport — {self.course.title}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.course.title}]

    def get_index_url(self):
        return reverse("progress_report_course", args=[self.course.pk])

    def get_index_results_url(self):
        return reverse("progress_report_course_results", args=[self.course.pk])

    def get_filename(self):
        return f"rapport-{self.course.slug}"

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "learner",
                label="Apprenant·e",
                accessor=lambda enrolment: str(enrolment.user),
                get_url=lambda enrolment: reverse("progress_report_learner", args=[enrolment.user.public_id]),
            ),
            Column("collectivite", label="Collectivité", accessor="user.collectivite"),
            Column("departement", label="Département", accessor="user.get_departement_display"),
            Column("mandate", label="Mandat", accessor="user.get_mandate_display"),
            Column("enrolled_at", label="Inscrit·e le", accessor=lambda e: _local(e.enrolled_at)),
            Column("last_activity_at", label="Dernière activité", accessor=lambda e: _local(e.last_activity_at)),
            Column("modules_done", label="Modules terminés"),
            Column("completed_at", label="Terminé le", accessor=lambda e: _local(e.completed_at) or "—"),
        ]

    def filtered_enrolments(self):
        enrolments = Enrolment.objects.filter(course=self.course)
        if self.filters and self.filters.is_valid():
            enrolments = self.filters.filter_queryset(enrolments)
        return enrolments

    def get_base_queryset(self):
        return selectors.course_learner_rows(course=self.course, enrolments=self.filtered_enrolments())

    def filter_queryset(self, queryset):
        return queryset

    def is_filtered(self) -> bool:
        return bool(
            self.filters and self.filters.is_valid() and any(_has_value(v) for v in self.filters.form.cleaned_data.values())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            # The whole course's figures: its summary, rebuilt by Celery after each change (reports/summaries.py).
            summary = summaries.course_summary(course=self.course)
            if self.is_filtered():
                enrolments = self.filtered_enrolments()
                figures = selectors.course_figures(course=self.course, enrolments=enrolments)
                months = selectors.completions_by_month(course=self.course, enrolments=enrolments)
                computed_at = None
            else:
                figures, months, computed_at = summary.figures, summary.completions, summary.computed_at
            context["course"] = self.course
            context["summary"] = summary
            context["figures"] = figures
            context["figures_computed_at"] = computed_at
            context["figures_updating"] = computed_at is not None and summary.updating
            context["funnel_chart"] = charts.funnel_chart(funnel=figures.funnel)
            context["completions"] = months
            context["completions_chart"] = charts.completions_chart(months=months)
        return context


# --- Territorial (administrators only) ------------------------------------------------------------------


class TerritorialReportView(ExportableReportView):
    admin_only = True
    report_key = "territorial"
    page_title = "Rapport territorial"
    header_icon = "site"
    index_url_name = "progress_report_territorial"
    index_results_url_name = "progress_report_territorial_results"
    template_name = "reports/territorial.html"
    results_template_name = "reports/territorial_results.html"
    filterset_class = CrossCourseFilterSet
    export_filename = "rapport-territorial"
    paginate_by = 100
    list_export = ["region", "departement", "collectivite", "learners", "completions"]
    export_headings = {
        "region": "Région",
        "departement": "Département",
        "collectivite": "Collectivité",
        "learners": "Apprenant·es",
        "completions": "Parcours terminés",
    }
    verbose_name_plural = "territoires"
    columns = [
        Column("region", label="Région"),
        Column("departement", label="Département"),
        Column("collectivite", label="Collectivité"),
        Column("learners", label="Apprenant·es"),
        Column("completions", label="Parcours terminés"),
    ]

    def filtered_enrolments(self):
        enrolments = Enrolment.objects.all()
        if self.filters and self.filters.is_valid():
            enrolments = self.filters.filter_queryset(enrolments)
        return enrolments

    def get_base_queryset(self):
        return labelled_territories(selectors.territorial_rows(enrolments=self.filtered_enrolments()))

    def order_queryset(self, queryset):
        return queryset

    def filter_queryset(self, queryset):
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.is_export:
            enrolments = self.filtered_enrolments()
            period = self.filters.form.cleaned_data.get("periode") if self.filters and self.filters.is_valid() else None
            context["by_region"] = labelled_territories(selectors.territorial_rows(enrolments=enrolments, by=("user__region",)))
            context["by_departement"] = labelled_territories(
                selectors.territorial_rows(enrolments=enrolments, by=("user__region", "user__departement"))
            )
            context["hours"] = selectors.hours_by_theme(
                enrolments=enrolments,
                start=period.start.date() if period and period.start else None,
                end=period.stop.date() if period and period.stop else None,
            )
            context["small_count"] = selectors.SMALL_COUNT
        return context


# --- Learner and quiz reports ---------------------------------------------------------------------------


class SmallReportExportMixin:
    """`?export=csv|xlsx` on a one-object report: its table from reports.tables, like the listing reports."""

    report_key = ""

    def scope(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("export")
        if export_format:
            return export_response(
                request, report_key=self.report_key, export_format=export_format, filters={"query": {}, "kwargs": self.scope()}
            )
        return super().get(request, *args, **kwargs)


class LearnerReportView(ReportAccessMixin, SmallReportExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """One learner, for their trainers: progress in the courses the viewer may see, quiz answers, webinars."""

    template_name = "reports/learner.html"
    header_icon = "user"
    report_key = "learner"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            raise PermissionDenied
        # 404, not 403: a trainer learns nothing about people outside their courses.
        self.learner = get_object_or_404(roles.learners_visible_to(request.user), public_id=kwargs["public_id"])
        return super(ReportAccessMixin, self).dispatch(request, *args, **kwargs)

    def scope(self) -> dict:
        return {"public_id": str(self.learner.public_id)}

    def get_page_title(self):
        return f"Apprenant·e — {self.learner.get_full_name() or self.learner.email}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = selectors.learner_report(viewer=self.request.user, learner=self.learner)
        context.update(
            learner=self.learner,
            progress=report.progress,
            attempts=[(attempt, attempt_review_rows(attempt=attempt, reveal=True)) for attempt in report.attempts],
            webinars=attended_webinars_for_user(user=self.learner),
        )
        return context


class QuizItemAnalysisView(ReportAccessMixin, SmallReportExportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/quiz_items.html"
    header_icon = "form"
    report_key = "quiz_items"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_access(request.user):
            raise PermissionDenied
        self.quiz = get_object_or_404(selectors.quizzes_visible_in_reports(request.user), pk=kwargs["quiz_id"])
        return super(ReportAccessMixin, self).dispatch(request, *args, **kwargs)

    def scope(self) -> dict:
        return {"quiz_id": self.quiz.pk}

    def get_page_title(self):
        return f"Analyse des questions — {self.quiz.title}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, REPORTS_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stats = selectors.quiz_items_for(viewer=self.request.user, quiz=self.quiz)
        rows = stats["questions"]
        context.update(quiz=self.quiz, stats=stats, rows=rows, success_chart=charts.success_chart(rows=rows))
        return context


# --- Queued exports ---------------------------------------------------------------------------------------


class ReportExportListView(ReportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/exports.html"
    validity_days = ReportExport.VALIDITY_DAYS
    page_title = "Mes exports"
    header_icon = "download"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exports"] = ReportExport.objects.filter(requester=self.request.user).order_by("-requested_at")[:100]
        return context


def report_export_download(request, public_id):
    """The file of a ready export, for its requester or an administrator, until it expires."""
    export = get_object_or_404(ReportExport, public_id=public_id)
    if not roles.can_download_report_export(request.user, export):
        raise PermissionDenied
    if not export.is_downloadable:
        messages.error(request, "Cet export n'est pas (ou plus) disponible : relancez-le depuis le rapport.")
        return redirect("progress_report_exports")
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1])
