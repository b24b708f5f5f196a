"""Admin views of the SCORM export (registered under /admin/ by wagtail_hooks): ask, list, download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts import roles
from courses.models import ModulePage

from .exports import ScormExportError, scorm_export_request
from .models import ScormExport


@require_http_methods(["GET", "POST"])
def scorm_export(request, module_id: int):
    """« Exporter en SCORM »: confirm, then queue the package and go to « Mes exports SCORM »."""
    module = get_object_or_404(ModulePage, pk=module_id)
    if not roles.can_export_module(request.user, module):
        raise PermissionDenied
    if request.method == "POST":
        try:
            scorm_export_request(requester=request.user, module=module)
        except ScormExportError as error:
            messages.error(request, str(error))
            return redirect("interop_admin:scorm_export", module.pk)
        messages.success(
            request, f"L'export SCORM de « {module.title} » est en préparation : il apparaîtra ci-dessous dès qu'il sera prêt."
        )
        return redirect("interop_admin:scorm_exports")
    return render(request, "interop/admin/scorm_export_confirm.html", {"module": module})


def scorm_exports(request):
    """« Mes exports SCORM »: the requester's packages, their state, and the download link while valid."""
    if not roles.can_adapt_modules(request.user):
        raise PermissionDenied
    exports = ScormExport.objects.filter(requester=request.user).order_by("-requested_at")[:50]
    return render(request, "interop/admin/scorm_exports.html", {"exports": exports})


def scorm_export_download(request, public_id):
    """The package, to its requester only, while it is downloadable."""
    export = get_object_or_404(ScormExport, public_id=public_id)
    if not roles.can_download_scorm_export(request.user, export):
        raise PermissionDenied
    if not export.is_downloadable:
        raise Http404("Cet export n'est plus disponible.")
    name = export.file.name.rsplit("/", 1)[-1]
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name, content_type="application/zip")
