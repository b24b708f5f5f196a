"""Admin form of a course assignment: only trainers can be assigned, and the administrator is recorded."""

from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm

from accounts import groups


class CourseAssignmentForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "trainer" in self.fields:
            self.fields["trainer"].queryset = (
                get_user_model()
                .objects.filter(is_active=True, groups__name__in=(groups.TRAINERS, groups.VRL_TRAINERS))
                .distinct()
                .order_by("last_name", "first_name", "email")
            )
            self.fields["trainer"].error_messages["invalid_choice"] = (
                "Choisissez un membre du groupe « Formateurs » ou « Formateurs VRL »."
            )

    def save(self, commit=True):
        # Who made the assignment is recorded once, when it is created, never changed by a later edit.
        if self.instance.pk is None and getattr(self, "for_user", None) is not None:
            self.instance.assigned_by = self.for_user
        return super().save(commit=commit)
