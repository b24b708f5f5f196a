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


def test_a_document_saved_moves_the_content_generation(media_root, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    before = content_generation()
    with django_capture_on_commit_callbacks(execute=True):
        get_document_model().objects.create(title="Guide du contrat de ville", file=ContentFile(b"%PDF-1.4", name="guide.pdf"))
    assert content_generation() != before


def test_a_kept_fragment_is_rendered_again_before_its_signed_media_links_expire(monkeypatch):
    from core.templatetags import content_fragments

    epoch = [100]
    monkeypatch.setattr(content_fragments, "media_link_epoch", lambda: epoch[0])
    assert render(pk=1, past=False, title="lien signé à 10 h") == "lien signé à 10 h"
    assert render(pk=1, past=False, title="lien signé à 10 h 10") == "lien signé à 10 h"
    epoch[0] = 101  # half the lifetime of a signed link has passed
    assert render(pk=1, past=False, title="lien signé à 10 h 30") == "lien signé à 10 h 30"


# --- {% stream_fragment %} ------------------------------------------------------------------------


class _PerRequestBlock:
    """Stands for a quiz card: rendered at each request."""

    renders_per_request = True


class _Child:
    def __init__(self, text, block=None):
        self.text, self.block = text, block or object()

    def render_as_block(self, context):
        return f"[{self.text}:{context.get('learner', '')}]"


class _Stream(list):
    pass


STREAM = Template('{% load content_fragments %}{% stream_fragment body "body" pk %}')


def render_stream(body, request=None, **values) -> str:
    return STREAM.render(Context({"body": _Stream(body), "request": request, **values}))


def test_stream_blocks_are_kept_but_the_per_request_ones_are_rendered_each_time_in_their_place():
    body = [_Child("titre"), _Child("quiz", _PerRequestBlock()), _Child("texte")]
    assert render_stream(body, pk=1, learner="Awa") == "[titre:Awa][quiz:Awa][texte:Awa]"
    changed = [_Child("titre changé"), _Child("quiz", _PerRequestBlock()), _Child("texte changé")]
    assert render_stream(changed, pk=1, learner="Yann") == "[titre:Awa][quiz:Yann][texte:Awa]"
    content_changed()
    assert render_stream(changed, pk=1, learner="Yann") == "[titre changé:Yann][quiz:Yann][texte changé:Yann]"


def test_a_preview_renders_the_draft_and_keeps_nothing():
    class Preview:
        is_preview = True

    assert render_stream([_Child("brouillon")], request=Preview(), pk=1) == "[brouillon:]"
    assert render_stream([_Child("en ligne")], pk=1) == "[en ligne:]"


def test_a_fragment_in_a_preview_shows_the_draft_and_keeps_nothing():
    class Preview:
        is_preview = True

    assert render(pk=1, past=False, title="En ligne") == "En ligne"
    assert render(pk=1, past=False, title="Brouillon", request=Preview()) == "Brouillon"
    assert render(pk=1, past=False, title="Autre") == "En ligne"
