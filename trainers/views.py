"""Handouts of a module (staff only) and the trainers' actions on adapted modules."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles
from core.redirects import redirect_local
from courses.models import ModulePage

from .handouts import handout_filename, render_handout_html, render_handout_pdf
from .selectors import module_source_update, source_lesson_changes
from .services import adaptation_mark_seen, module_adapt


def _staff_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.can_open_admin(request.user):
        raise PermissionDenied
    return None


def _answers(request) -> bool:
    return request.GET.get("corrige") == "1"


def handout(request, module_id: int):
    """The printable handout, in the browser (print it from there)."""
    denied = _staff_only(request)
    if denied:
        return denied
    module = get_object_or_404(ModulePage, pk=module_id)
    return HttpResponse(render_handout_html(module=module, answers=_answers(request), request=request))


def handout_pdf(request, module_id: int):
    """The same handout as a tagged PDF."""
    denied = _staff_only(request)
    if denied:
        return denied
    module = get_object_or_404(ModulePage, pk=module_id)
    answers = _answers(request)
    response = HttpResponse(render_handout_pdf(module=module, answers=answers, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{handout_filename(module=module, answers=answers)}"'
    return response


# --- Admin views (registered under /admin/ by wagtail_hooks) ------------------------------------------


def adapt(request, module_id: int):
    """« Adapter ce module »: confirm, then copy it into the trainer's space and open the copy's editor."""
    if not roles.can_adapt_modules(request.user):
        raise PermissionDenied
    module = get_object_or_404(ModulePage, pk=module_id)
    if request.method == "POST":
        copy = module_adapt(module=module, user=request.user)
        messages.success(request, f"« {module.title} » a été copié dans votre espace. Adaptez-le puis soumettez-le à relecture.")
        return redirect("wagtailadmin_pages:edit", copy.pk)
    return render(request, "trainers/admin/adapt_confirm.html", {"module": module})


@require_POST
def mark_seen(request, module_id: int):
    """« Marquer comme vu »: the trainer has checked the source's latest version."""
    module = get_object_or_404(ModulePage, pk=module_id)
    if not module.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    adaptation_mark_seen(copy=module, user=request.user)
    messages.success(request, "La mise à jour de la version source est marquée comme vue.")
    # Only a path of this site ("/\\evil.example" and view names are refused: core.redirects).
    return redirect_local(request, request.POST.get("next", ""), fallback=reverse("wagtailadmin_pages:edit", args=[module.pk]))


def mark_seen_confirm(request, module_id: int):
    """The admin notice links here (Wagtail's message buttons are links): one button posts the form."""
    module = get_object_or_404(ModulePage, pk=module_id)
    if not module.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return render(
        request, "trainers/admin/mark_seen_confirm.html", {"module": module, "update": module_source_update(module=module)}
    )


def new_lesson(request):
    """Shortcut of the admin home: Wagtail's « new lesson » form in the chosen module, if the user may add there."""
    module = get_object_or_404(ModulePage, pk=request.GET.get("module") if str(request.GET.get("module", "")).isdigit() else 0)
    if not module.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    return redirect("wagtailadmin_pages:add", "courses", "lessonpage", module.pk)


def handouts(request):
    """Printable handouts of the live modules (with and without the answer key), by library section."""
    if not roles.can_open_admin(request.user) or not roles.is_staff_member(request.user):
        raise PermissionDenied
    modules = ModulePage.objects.live().defer_streamfields().select_related("quiz").order_by("path")
    return render(request, "trainers/admin/handouts.html", {"modules": modules, "header_title": "Supports imprimables"})


def source_changes(request, module_id: int):
    """What changed in the source of an adapted module, lesson by lesson, since its trainer last looked."""
    module = get_object_or_404(ModulePage, pk=module_id)
    if not module.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return render(
        request,
        "trainers/admin/source_changes.html",
        {
            "module": module,
            "update": module_source_update(module=module),
            "changes": source_lesson_changes(module=module),
            "header_title": f"Changements de la source — {module.title}",
        },
    )
