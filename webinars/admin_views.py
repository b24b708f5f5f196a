"""Admin page to import the attendance CSV of one webinar (staff groups with the permission)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .forms import AttendanceImportForm
from .models import WebinarPage
from .services import AttendanceImportError, attendance_import

PERMISSION = "webinars.import_attendance"


def attendance_import_view(request, page_id):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    webinar = get_object_or_404(WebinarPage, pk=page_id)
    result = None
    if request.method == "POST":
        form = AttendanceImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = attendance_import(webinar=webinar, content=upload.read(), filename=upload.name)
            except AttendanceImportError as error:
                form.add_error("file", f"Rien n'a été importé. {error.message}")
            else:
                messages.success(
                    request,
                    f"{result.imported} présence(s) importée(s), dont {result.counted} d'au moins "
                    f"{webinar.min_minutes_for_attendance} minutes.",
                )
                if not result.unknown_emails:
                    return redirect("webinars_attendance_import", page_id=webinar.pk)
    else:
        form = AttendanceImportForm()
    attendances = webinar.attendances.select_related("user").order_by("user__last_name", "user__email")
    return TemplateResponse(
        request,
        "webinars/admin/attendance_import.html",
        {
            "webinar": webinar,
            "form": form,
            "result": result,
            "attendances": attendances,
            "header_title": f"Présences — {webinar.title}",
        },
    )


def attendance_index_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    webinars = WebinarPage.objects.annotate(attendance_count=Count("attendances")).order_by("-start")[:200]
    return TemplateResponse(
        request, "webinars/admin/attendance_index.html", {"webinars": webinars, "header_title": "Présences aux webinaires"}
    )
