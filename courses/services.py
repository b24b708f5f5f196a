"""Write-side of the courses app. Keyword-only, safe to call twice."""

from django.db import transaction

from .models import ModulePage


@transaction.atomic
def module_mark_adapted(*, copy: ModulePage, original: ModulePage) -> ModulePage:
    """Record that `copy` is an adaptation of `original` (called after Wagtail copies a module).

    The field is written on the page row and on the copy's latest revision: Wagtail copies the
    original's revision too, and publishing that draft later would otherwise wipe the provenance.
    """
    if copy.pk == original.pk:
        return copy
    copy.adapted_from = original
    ModulePage.objects.filter(pk=copy.pk).update(adapted_from=original)
    revision = copy.latest_revision
    if revision is not None and revision.content.get("adapted_from") != original.pk:
        revision.content["adapted_from"] = original.pk
        revision.save(update_fields=["content"])
    return copy
