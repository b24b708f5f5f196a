"""{% content_fragment %}: a card's HTML rendered once per content generation and per named value."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

from core.content_cache import content_changed, content_generation

pytestmark = pytest.mark.django_db

TEMPLATE = Template('{% load content_fragments %}{% content_fragment "card" pk past %}{{ title }}{% endcontent_fragment %}')


def render(**values) -> str:
    return TEMPLATE.render(Context(values))


def test_fragment_is_rendered_once_until_content_changes():
    assert render(pk=1, past=False, title="Les acteurs") == "Les acteurs"
    # Same key: the stored HTML, whatever the context holds now.
    assert render(pk=1, past=False, title="jamais affiché") == "Les acteurs"
    content_changed()
    assert render(pk=1, past=False, title="Le calendrier") == "Le calendrier"


def test_fragment_key_holds_every_named_value():
    assert render(pk=1, past=False, title="À venir") == "À venir"
    assert render(pk=1, past=True, title="Replay") == "Replay"
    assert render(pk=2, past=False, title="Autre session") == "Autre session"


def test_fragment_without_a_key_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load content_fragments %}{% content_fragment %}x{% endcontent_fragment %}")


def test_an_image_saved_moves_the_content_generation(media_root, django_capture_on_commit_callbacks):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    before = content_generation()
    with django_capture_on_commit_callbacks(execute=True):
        get_image_model().objects.create(title="Carte des quartiers", file=get_test_image_file())
    assert content_generation() != before
