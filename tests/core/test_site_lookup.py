"""On a cold cache the site of a request, its settings and the site root paths come from one query
(core.sites, called by core.middleware.CachedSiteMiddleware). The answer is Wagtail's own, and each
part follows a change of the data at the next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION

from core.models import SiteSettings
from core.sites import site_for_request
from courses.models import LessonPage
from progress.selectors import quiz_url
from progress.services import enrolment_create, lesson_complete
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.text import footer_of

pytestmark = pytest.mark.django_db


def wagtail_root_paths():
    """The root paths as Wagtail builds them itself, from the database."""
    cache.delete(SITE_ROOT_PATHS_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)
    return Site.get_site_root_paths()


@pytest.mark.parametrize("url", ["/", "/mon-parcours/"])
def test_a_cold_page_reads_the_sites_once_with_their_settings_and_root_paths(client, demo_pages, url):
    """A Wagtail page and a Django view (the dashboard builds page links): on an empty cache, the sites
    are read once, the settings of the footer with them, and the root paths are then in the cache."""
    client.force_login(UserFactory())
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if 'FROM "wagtailcore_site"' in q]) == 1
    assert not [q for q in sql if q.startswith('SELECT "home_sitesettings"')]
    with CaptureQueriesContext(connection) as queries:
        stored = Site.get_site_root_paths()
    assert len(queries) == 0
    assert stored == wagtail_root_paths()


def test_a_cold_footer_shows_settings_edited_afterwards(client, demo_pages):
    """The settings stored with the site entry on a cold cache give way to edited ones at the next page."""
    cache.clear()
    assert "Accessibilité : non conforme" in footer_of(client)
    settings = SiteSettings.objects.get()
    settings.accessibility_status = "partiel"
    settings.organisation_name = "Centre de ressources du Grand Ouest"
    settings.save()
    footer = footer_of(client)
    assert "Accessibilité : partiellement conforme" in footer
    assert "Centre de ressources du Grand Ouest" in footer


def test_a_cold_footer_without_settings_yet_shows_the_defaults_then_the_edited_ones(client, demo_pages):
    """A site with no settings row (Wagtail creates it at the first read) is read with none: the footer
    shows the default values, then the ones saved afterwards."""
    SiteSettings.objects.all().delete()
    cache.clear()
    assert "Centre de ressources politique de la ville" in footer_of(client)
    settings = SiteSettings.objects.get()
    settings.organisation_name = "Centre de ressources du Grand Ouest"
    settings.save()
    assert "Centre de ressources du Grand Ouest" in footer_of(client)


def test_root_paths_follow_a_changed_site_at_the_next_request(client, demo_pages):
    """Another hostname for the site: the root paths stored by the next request carry it, and the course
    links of the dashboard, built from them, still lead to the pages."""
    learner = UserFactory()
    client.force_login(learner)
    cache.clear()
    client.get(reverse("progress:dashboard"))
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "formation.example.org", 443
    site.save()
    assert client.get(reverse("progress:dashboard")).status_code == 200
    assert [path.root_url for path in Site.get_site_root_paths()] == ["https://formation.example.org"]
    assert Site.get_site_root_paths() == wagtail_root_paths()


def _site(hostname, port, *, default=False, root=None):
    root = root or Page.get_first_root_node().add_child(
        instance=Page(title=f"Accueil {hostname}:{port}", slug=f"{hostname}-{port}".replace(".", "-"))
    )
    return Site.objects.create(hostname=hostname, port=port, root_page=root, is_default_site=default)


# Sites beside the default one (testserver:80 unless changed), and the hosts asked for.
CONFIGURATIONS = {
    "un site par défaut": [],
    "un autre nom": [("autre.example.org", 80)],
    "un autre nom sur deux ports": [("autre.example.org", 80), ("autre.example.org", 8080)],
    "le nom du site par défaut sur un autre port": [("testserver", 8000)],
}
HOSTS = [
    ("testserver", "80"),
    ("testserver", "8000"),
    ("autre.example.org", "80"),
    ("autre.example.org", "8080"),
    ("autre.example.org", "8443"),
    ("AUTRE.example.org", "80"),
    ("inconnu.example.org", "80"),
    ("testserver", "pas-un-port"),
]


@pytest.mark.parametrize("without_default", [False, True], ids=["avec site par défaut", "sans site par défaut"])
@pytest.mark.parametrize("configuration", list(CONFIGURATIONS))
def test_the_site_of_a_request_is_the_one_wagtail_finds(configuration, without_default):
    for hostname, port in CONFIGURATIONS[configuration]:
        _site(hostname, port)
    if without_default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    for hostname, port in HOSTS:
        request = RequestFactory().get("/", HTTP_HOST=hostname, SERVER_PORT=port)
        # A port that is not a number (Wagtail's query cannot take it) is a port no site has.
        asked = request if port.isdigit() else RequestFactory().get("/", HTTP_HOST=hostname, SERVER_PORT="1")
        assert site_for_request(request) == Site._find_for_request(asked), (configuration, hostname, port)


def test_the_health_probe_reads_no_site_on_a_cold_cache(client, demo_pages, settings):
    """The probe never asks for its site: it reads none, so that it answers with the database down."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    assert not [query for query in queries if 'FROM "wagtailcore_site"' in query["sql"]]


def test_a_warm_lesson_takes_the_root_paths_from_the_site_entry(client, monkeypatch):
    """The cached site entry carries the root paths: a warm lesson page in a course builds its links
    (breadcrumb, previous and next) without asking Wagtail, and so Redis, for them again."""
    sections = build_sections()
    module = module_with_lessons(parent=sections.library, lessons=3)
    course = course_with_modules(course_index=sections.course_index, modules=[module])
    first, second, _third = LessonPage.objects.child_of(module).order_by("path")
    client.force_login(UserFactory())
    url, previous = f"{second.url}?parcours={course.slug}", f"{first.url}?parcours={course.slug}"
    client.get(url)

    def read_again():
        raise AssertionError("the root paths were read again")

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(read_again))
    response = client.get(url)
    assert response.status_code == 200
    assert f'href="{previous}"' in response.content.decode()


def test_a_warm_course_page_links_its_quizzes_back_to_it_without_reading_the_root_paths(client, monkeypatch):
    """The final quiz's link on a course page carries the way back to the course: the course's own
    URL comes from the root paths of the site entry too."""
    sections = build_sections()
    module = module_with_lessons(parent=sections.library, lessons=1)
    quiz = make_quiz([make_question()], title="Quiz final")
    course = course_with_modules(course_index=sections.course_index, modules=[module], final_quiz=quiz)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    lesson_complete(user=learner, lesson=LessonPage.objects.child_of(module).get())  # next step: the final quiz
    client.force_login(learner)
    client.get(course.url)

    def read_again():
        raise AssertionError("the root paths were read again")

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(read_again))
    response = client.get(course.url)
    assert response.status_code == 200
    assert f'{quiz_url(quiz=quiz, back=course.url)}"' in response.content.decode().replace("&amp;", "&")
