"""Views that are not Wagtail pages: site search and the theme colours stylesheet."""

import re

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.pagination import PAGE_PARAMETER, paginate

from .forms import SearchForm
from .models import Theme
from .selectors import SEARCH_PER_PAGE, search_content
from .validators import HEX_COLOUR

CSS_SAFE_SLUG = re.compile(r"^[-a-z0-9_]+$")


@require_GET
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = search_content(query=query, page=request.GET.get(PAGE_PARAMETER))
    pagination = paginate(request, total=results.total, per_page=SEARCH_PER_PAGE)
    for group in results.groups:
        on_this_page = group.ids and group.first_page == pagination.number
        group.url = ("" if on_this_page else pagination.url(group.first_page)) + f"#resultats-{group.key}"
    submitted = "q" in request.GET
    context = {"form": form, "results": results, "pagination": pagination, "submitted": submitted}
    return render(request, "courses/search.html", context)


@require_GET
@cache_control(public=True, max_age=300)
def theme_styles(request):
    """One class per theme, so tags get their colour without inline styles (CSP: style-src 'self')."""
    rules = [
        f".tag--theme-{slug} {{ background-color: {colour}; }}"
        for slug, colour in Theme.objects.order_by("slug").values_list("slug", "colour")
        if HEX_COLOUR.match(colour) and CSS_SAFE_SLUG.match(slug)
    ]
    return HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
