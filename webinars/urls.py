"""Calendar files. Wagtail page URLs cannot contain a dot, so these are plain Django URLs placed
before Wagtail's catch-all; they sit under /webinaires/ next to the pages."""

from django.urls import path

from . import views

app_name = "webinars"

urlpatterns = [
    path("webinaires/agenda.ics", views.calendar_feed, name="feed"),
    path("webinaires/cycles/<slug:cycle_slug>/agenda.ics", views.calendar_feed, name="cycle_feed"),
    path("webinaires/<slug:slug>/agenda.ics", views.webinar_ics, name="ics"),
]
