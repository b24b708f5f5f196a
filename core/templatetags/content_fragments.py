"""`{% content_fragment "name" value … %}…{% endcontent_fragment %}`: the HTML of a part of a page that
is the same for every visitor until content changes (a course card, a webinar card), rendered once and
kept in the shared content cache (core.content_cache), then read back without rendering.

The fragment must depend only on published content and on the values named in the tag (its key):
nothing about who asks (user, CSRF token, messages) nor the time of day. A webinar card names
whether it is shown as past, which the page works out at the time of the request. Signed links to
media expire: the key also carries core.media_links.media_link_epoch, so a kept image is rendered
again with a fresh link before its link expires.

`{% stream_fragment value "name" key… %}` renders a StreamField the same way, block by block: the
blocks whose class says `renders_per_request = True` (a quiz card shows where the learner stands, a
webinar card whether the session is past) are rendered at each request, in their place among the
others, kept.
"""

from django import template
from django.utils.safestring import mark_safe

from core.content_cache import cached_content
from core.media_links import media_link_epoch

register = template.Library()


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, key_parts):
        self.nodelist, self.key_parts = nodelist, key_parts

    def render(self, context):
        if _is_preview(context):
            return self.nodelist.render(context)  # a draft: not the content the key names
        key = _fragment_key(context, (part.resolve(context) for part in self.key_parts))
        return mark_safe(cached_content(f"fragment:{key}", lambda: str(self.nodelist.render(context))))


def _is_preview(context) -> bool:
    return getattr(context.get("request"), "is_preview", False)


def _fragment_key(context, parts) -> str:
    # Links to pages are relative to the site of the request (absolute to another site's pages).
    site = getattr(getattr(context.get("request"), "_wagtail_site", None), "pk", 0)
    return ":".join([str(site), str(media_link_epoch()), *(str(part) for part in parts)])


@register.tag("content_fragment")
def content_fragment(parser, token):
    key_parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not key_parts:
        raise template.TemplateSyntaxError("content_fragment needs a name and the values its HTML depends on")
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(nodelist, key_parts)


@register.simple_tag
def form_values_key(form) -> str:
    """The values a valid form holds (a filter form), as the key of its fragment: only values it has
    checked, so the keys are as many as the choices allow. "" when the form has errors: those are
    rendered each time, never kept."""
    if not form.is_valid():
        return ""
    values = ((name, getattr(value, "pk", value)) for name, value in form.cleaned_data.items())
    return "|".join(f"{name}={'' if value is None else value}" for name, value in values)


@register.simple_tag(takes_context=True)
def stream_fragment(context, stream, *key_parts):
    """The HTML of `stream` (a StreamValue), its blocks kept under `key_parts` (which must name the
    content: a page's id for its body), but for the blocks rendered per request. A preview renders
    everything: its content is a draft, not what the key names."""
    flat = context.flatten()
    if _is_preview(context):
        return mark_safe("".join(str(child.render_as_block(context=flat)) for child in stream))
    key = _fragment_key(context, key_parts)
    parts = cached_content(f"stream:{key}", lambda: _kept_parts(stream, flat))
    return mark_safe(
        "".join(part if isinstance(part, str) else str(stream[part].render_as_block(context=flat)) for part in parts)
    )


def _kept_parts(stream, flat) -> list[str | int]:
    """The HTML of each block kept as is, or the index of a block to render per request."""
    return [
        index if getattr(child.block, "renders_per_request", False) else str(child.render_as_block(context=flat))
        for index, child in enumerate(stream)
    ]
