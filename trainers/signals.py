"""A module is reviewed and published as one unit with its lessons and quiz (docs/trainers.md).

Wagtail publishes the module when its review workflow is approved, or when an administrator
publishes it directly; either way `page_published` fires and the module's parts follow it.
"""

from wagtail.signals import page_published

from courses.models import ModulePage

from .services import module_unit_publish


def publish_the_module_unit(sender, instance, revision=None, **kwargs):
    module = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if not isinstance(module, ModulePage):
        return
    module_unit_publish(module=module, user=getattr(revision, "user", None))


def connect() -> None:
    page_published.connect(publish_the_module_unit, dispatch_uid="trainers_publish_the_module_unit")
