"""The filters of the reports: période (date of enrolment), région, département, mandat, and the course."""

import django_filters
from django import forms
from django_filters.widgets import SuffixedMultiWidget
from wagtail.admin.filters import WagtailFilterSet

from accounts import roles
from accounts.models import Departement, Mandate, Region
from courses.models import CoursePage
from progress.models import Enrolment


def _visible_courses(request):
    return (
        roles.courses_visible_to(request.user, CoursePage.objects.all()).order_by("title")
        if request
        else Enrolment.objects.none()
    )


class NativeDateRangeWidget(SuffixedMultiWidget):
    """« Du » / « Au » as the browser's own date fields (ISO dates in the query string).

    Wagtail's date picker writes an inline script next to each field, which our CSP blocks: the
    filters stayed dead. The same `_from` / `_to` parameters as Wagtail's widget, so links keep working."""

    template_name = "reports/widgets/date_range.html"
    suffixes = ["from", "to"]

    def __init__(self, attrs=None):
        widgets = (
            forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [value.start, value.stop]
        return [None, None]


class EnrolmentFilterSet(WagtailFilterSet):
    periode = django_filters.DateFromToRangeFilter(
        field_name="enrolled_at", label="Période d'inscription", widget=NativeDateRangeWidget
    )
    region = django_filters.ChoiceFilter(field_name="user__region", label="Région", choices=Region.choices, empty_label="Toutes")
    departement = django_filters.ChoiceFilter(
        field_name="user__departement", label="Département", choices=Departement.choices, empty_label="Tous"
    )
    mandat = django_filters.ChoiceFilter(field_name="user__mandate", label="Mandat", choices=Mandate.choices, empty_label="Tous")

    class Meta:
        model = Enrolment
        fields = []


class CrossCourseFilterSet(EnrolmentFilterSet):
    parcours = django_filters.ModelChoiceFilter(
        field_name="course", label="Parcours", queryset=_visible_courses, empty_label="Tous"
    )

    class Meta:
        model = Enrolment
        fields = []
