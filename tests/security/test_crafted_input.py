"""Finding 4: crafted input gets a 4xx or a French form error, never a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection

from accounts import groups
from progress.models import LessonProgress
from tests.factories.accounts import UserFactory
from tests.progress.conftest import build_course

pytestmark = pytest.mark.django_db
HUGE = str(2**63)


@pytest.fixture
def course_data(db):
    return build_course(slug="democratie")


@pytest.fixture
def learner_client(db):
    client = Client(raise_request_exception=True)
    client.force_login(UserFactory())
    return client


@pytest.fixture
def admin_client(db):
    client = Client(raise_request_exception=True)
    client.force_login(UserFactory(group=groups.ADMINISTRATORS, is_superuser=True))
    return client


def first_lesson(data):
    from courses.models import LessonPage

    return LessonPage.objects.child_of(data.modules[0]).live().first()


@pytest.mark.parametrize(
    "form",
    [
        {"action": "terminer", "retour": "abc"},
        {"action": "suivante", "suivant": "abc"},
        {"action": "suivante", "suivant": "progress:dashboard"},
        {"action": "terminer", "retour": "//evil.example/"},
        {"action": "terminer", "retour": "/\\evil.example/"},
    ],
)
def test_complete_lesson_with_a_crafted_return_goes_back_to_the_lesson(course_data, learner_client, form):
    """A return target that is not a path of this site is ignored: back to the lesson, completion saved once."""
    lesson = first_lesson(course_data)
    response = learner_client.post(f"/mon-parcours/lecons/{lesson.pk}/terminer/", form)
    assert response.status_code == 302
    assert response["Location"] == lesson.url
    assert LessonProgress.objects.filter(lesson=lesson, completed_at__isnull=False).count() == 1


def test_complete_lesson_follows_a_path_of_this_site(course_data, learner_client):
    """The real « Leçon suivante » target, a path of this site, is still followed."""
    lesson = first_lesson(course_data)
    response = learner_client.post(
        f"/mon-parcours/lecons/{lesson.pk}/terminer/", {"action": "suivante", "suivant": "/mon-parcours/"}
    )
    assert response["Location"] == "/mon-parcours/"


@pytest.mark.parametrize(
    "url", ["/mon-parcours/attestations/%00.pdf", "/attestations/verifier/%00/", "/recherche/?q=%00", "/salle/?code=%00"]
)
def test_nul_bytes_get_a_400(learner_client, url):
    """A NUL byte in a path or a query is refused with 400 before any database sees it."""
    assert learner_client.get(url).status_code == 400


def test_nul_byte_in_a_form_gets_a_400(learner_client):
    """A NUL byte in a posted field is refused with 400 too."""
    assert learner_client.post("/salle/", {"code": "AB\x00CD"}).status_code == 400


@pytest.mark.parametrize("query", ['"', '"quartier', "quartier*", "NEAR(", "a:b", "^x", "(", "-", "AND", "l'habitat \"", "'"])
def test_search_with_fts_syntax_answers(client, course_data, query):
    """Quotes and full-text operators typed in the search box give a results page, not a 500."""
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200


def test_search_still_finds_a_word_next_to_a_quote(client, course_data):
    """Stripping the syntax keeps the words: « "Module » still finds the modules."""
    body = client.get("/recherche/", {"q": '"Module'}).content.decode()
    assert "Aucun résultat" not in body


@pytest.mark.parametrize(
    "url",
    [
        f"/mon-parcours/lecons/{HUGE}/terminer/",
        f"/mon-parcours/parcours/{HUGE}/commencer/",
        f"/admin/pages/{HUGE}/",
        f"/admin/pages/{HUGE}/edit/",
        f"/admin/rapports/parcours/{HUGE}/",
        f"/formateurs/modules/{HUGE}/support/",
        f"/admin/formateurs/modules/{HUGE}/source-vue/",
    ],
)
def test_out_of_range_ids_get_a_404(admin_client, url):
    """An id beyond 64 bits in a URL is a 404, not an overflow in the database driver."""
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {}).status_code in (404, 405)


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "9" * 40])
def test_out_of_range_number_in_a_query_string_gets_a_400(client, course_data, value):
    """A number beyond 64 bits in the query string (`?parcours=`, the reports' filters) is a 400 for every page."""
    assert client.get(first_lesson(course_data).url, {"parcours": value}).status_code == 400


@pytest.mark.parametrize("value", ["1e5", "abc", "12", "-1"])
def test_crafted_course_in_query_string_shows_the_lesson(client, course_data, value):
    """`?parcours=` naming no course shows the lesson without course context."""
    assert client.get(first_lesson(course_data).url, {"parcours": value}).status_code == 200


@pytest.mark.parametrize("value", [HUGE, "abc", "-1"])
def test_crafted_report_filter_never_fails(admin_client, course_data, value):
    """The reports' `?parcours=` filter with a crafted id gives the page (a form error) or a 400, never a 500."""
    status = admin_client.get("/admin/rapports/", {"parcours": value}).status_code
    assert status == (400 if value == HUGE else 200)


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


BROKEN_IMAGES = [
    ("script.gif", b"GIF89a<script>alert(1)</script>"),
    ("tronque.png", _png()[:40]),
    ("vide.jpg", b"\xff\xd8\xff\xe0"),
]


@pytest.mark.parametrize(("name", "content"), BROKEN_IMAGES)
def test_broken_image_upload_gets_a_french_error(admin_client, media_root, name, content):
    """A file that starts like an image but is not one gets a French form error; nothing stored."""
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Illustration", "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert "image valide" in response.content.decode() or "pas une image" in response.content.decode()
    assert Image.objects.count() == 0


@pytest.mark.parametrize(("name", "content"), BROKEN_IMAGES)
def test_broken_image_multiple_upload_gets_a_french_error(admin_client, media_root, name, content):
    """The drag-and-drop upload refuses the same files with the same French message."""
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    payload = response.json()
    assert payload["success"] is False
    assert "image valide" in payload["error_message"] or "pas une image" in payload["error_message"]
    assert Image.objects.count() == 0
