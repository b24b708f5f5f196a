import pytest
from django.core.management import call_command

from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


def test_views_home_page_is_french_with_security_headers(client):
    """The home page answers in French with a CSP that allows no inline script."""
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode().translate(PLAIN_SPACES)
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_views_templates_carry_no_inline_script_or_style(client, demo_pages):
    """Our pages have no inline <script> body, no style attribute and no <style> element."""
    for url in ["/", "/mentions-legales/", "/accessibilite/", "/donnees-personnelles/", "/compte/login/", "/compte/signup/"]:
        html = client.get(url).content.decode().translate(PLAIN_SPACES)
        assert "<style" not in html, url
        assert ' style="' not in html, url
        for chunk in html.split("<script")[1:]:
            assert chunk.split(">", 1)[1].lstrip().startswith("</script"), f"inline script on {url}"


def test_views_legal_pages_are_linked_from_the_footer(client, demo_pages):
    """The footer links the three legal pages and states the accessibility status."""
    html = client.get("/").content.decode().translate(PLAIN_SPACES)
    for url in ["/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"]:
        assert f'href="{url}"' in html
    assert "Accessibilité : non conforme" in html


def test_views_unknown_page_gets_the_french_404(client):
    """An unknown address gives our 404 page in French."""
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode().translate(PLAIN_SPACES)


def test_views_server_error_page_renders_without_context(client):
    """The 500 page is self-contained and French."""
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Un problème est survenu" in html


def test_demo_loader_is_idempotent_and_refuses_production(settings):
    """Loading twice gives the same pages and accounts; DEBUG=False without --force is refused."""
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    from home.models import StandardPage

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo_content")
    call_command("load_demo_content", "--force", stdout=open("/dev/null", "w"))
    counts = (StandardPage.objects.count(), get_user_model().objects.count())
    call_command("load_demo_content", "--force", stdout=open("/dev/null", "w"))
    assert (StandardPage.objects.count(), get_user_model().objects.count()) == counts
    assert counts[0] == 3


def test_views_home_page_features_the_first_courses(client):
    """Once courses exist, the home page shows up to three of them as cards."""
    from tests.factories.courses import build_sections, course_with_modules, module_with_lessons

    sections = build_sections()
    module = module_with_lessons(parent=sections.library, title="Qui fait quoi ?")
    for title in ["Les fondamentaux", "Contrats de ville", "Laïcité", "Santé"]:
        course_with_modules(course_index=sections.course_index, modules=[module], title=title)
    html = client.get("/").content.decode().translate(PLAIN_SPACES)
    assert "Pour commencer" in html
    assert html.count('class="card course-card"') == 3
    assert "Les fondamentaux" in html and "Santé" not in html
