"""Views behind the webinar pages' routes (see RoutablePageMixin routes in models.py). Thin: they
read selectors and call services."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

from core.content_cache import cached_content
from core.pagination import Pagination, paginate

from .forms import WebinarFilterForm
from .ical import CONTENT_TYPE, calendar_for
from .models import WebinarCycle, WebinarPage
from .selectors import (
    WEBINARS_PER_PAGE,
    calendar_webinars,
    listed_webinars,
    reminder_requested,
    webinar_filter_options,
    webinar_listing_ids,
    webinar_modules,
)
from .services import reminder_cancel, reminder_request

REPLAYS_PAGE = "replays"


@dataclass
class WebinarListing:
    upcoming: list[WebinarPage]
    replays: list[WebinarPage]
    upcoming_pagination: Pagination
    replays_pagination: Pagination


def index_context(request, index) -> dict:
    options = webinar_filter_options()
    form = WebinarFilterForm(request.GET, options=options)
    filters = form.cleaned_data if form.is_valid() else {}
    ids = webinar_listing_ids(index=index, cycle=filters.get("cycle"), theme=filters.get("theme"), kind=filters.get("kind") or "")
    # Each section has its own pages (?page= for the upcoming sessions, ?replays= for the replays): a
    # page reads and shows only its own webinars, whatever the number of sessions (issue #19).
    upcoming = paginate(request, total=len(ids.upcoming), per_page=WEBINARS_PER_PAGE, fragment="a-venir")
    replays = paginate(request, total=len(ids.replays), per_page=WEBINARS_PER_PAGE, parameter=REPLAYS_PAGE, fragment="replays")
    upcoming_ids, replay_ids = ids.upcoming[upcoming.start : upcoming.stop], ids.replays[replays.start : replays.stop]
    found = listed_webinars(upcoming_ids + replay_ids)
    listing = WebinarListing(
        upcoming=[found[pk] for pk in upcoming_ids if pk in found],
        replays=[found[pk] for pk in replay_ids if pk in found],
        upcoming_pagination=upcoming,
        replays_pagination=replays,
    )
    return {
        "filter_form": form,
        "filtered": any(filters.values()),
        "listing": listing,
        "cycles": options.feed_cycles,
    }


def webinar_context(request, webinar) -> dict:
    return {
        "modules": webinar_modules(webinar=webinar),
        "reminder_requested": reminder_requested(user=request.user, webinar=webinar),
        "reminder_url": webinar.get_url(request) + webinar.reverse_subpage("reminder"),
    }


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    return response


def webinar_ics(request, slug):
    webinar = get_object_or_404(WebinarPage.objects.live().select_related("cycle", "calendar_state"), slug=slug)
    content = calendar_for([webinar], request=request, name=webinar.title)
    return _ics_response(content, f"{webinar.slug[:60]}.ics")


def calendar_feed(request, cycle_slug=None):
    """The agenda of every session, or of a cycle's. Calendar clients poll it often and it holds every
    session: it is built once per publication and host, from the shared content cache."""
    cycle = get_object_or_404(WebinarCycle, slug=cycle_slug) if cycle_slug else None
    name = f"Webinaires — {cycle.title}" if cycle else "Webinaires et journées — Élus & quartiers"
    content = cached_content(
        f"ics:{request.scheme}://{request.get_host()}:{cycle.pk if cycle else 'tous'}",
        lambda: calendar_for(calendar_webinars(cycle=cycle), request=request, name=name),
    )
    return _ics_response(content, f"webinaires-{cycle.slug if cycle else 'tous'}.ics")


def webinar_reminder(request, webinar):
    """POST: ask for (or, with action=cancel, stop) the reminders of this webinar. Idempotent."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(webinar.get_url(request))
    if request.POST.get("action") == "cancel":
        reminder_cancel(user=request.user, webinar=webinar)
        messages.success(request, "C'est noté : vous ne recevrez pas de rappel pour cette session.")
    elif webinar.is_cancelled or webinar.is_past:
        messages.info(request, "Cette session est annulée ou déjà passée : aucun rappel ne sera envoyé.")
    else:
        reminder_request(user=request.user, webinar=webinar)
        messages.success(
            request,
            "C'est noté : vous recevrez un e-mail la veille et une heure avant, et un message si la session change.",
        )
    return redirect(webinar.get_url(request) + "#rappel")
