from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import urls as accounts_urls
from core.health import healthz

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("compte/", include("allauth.urls")),
    path("compte/", include(accounts_urls)),
    path("quiz/", include("quizzes.urls")),
    path("", include("progress.urls")),  # /mon-parcours/… and /attestations/verifier/<identifiant>/
    path("", include("webinars.urls")),  # /webinaires/…/agenda.ics (calendar files)
    path("", include("trainers.urls")),  # /formateurs/modules/<id>/support/ (printable handouts, staff only)
    path("", include("livequiz.urls")),  # /salle/ (quiz en salle: phones by code, projected view for staff)
    path("", include("courses.urls")),  # /recherche/ and /thematiques.css (the glossary is a Wagtail page)
    path("healthz", healthz, name="healthz"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

if settings.DEBUG:
    from django.urls import re_path
    from django.views.static import serve

    # Only the image folders, as the proxy serves them in production (docs/deployment.md): attestations,
    # data exports and report exports are served by their permission-checked views, in DEBUG too.
    urlpatterns += [
        re_path(r"^media/(?P<path>(?:images|original_images)/[^/]+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
    urlpatterns += [
        path("404/", TemplateView.as_view(template_name="404.html")),
        path("500/", TemplateView.as_view(template_name="500.html")),
    ]

urlpatterns += [path("", include(wagtail_urls))]
