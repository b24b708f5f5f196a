"""`{% content_fragment "name" value … %}…{% endcontent_fragment %}`: the HTML of a part of a page that
is the same for every visitor until content changes (a course card, a webinar card), rendered once and
kept in the shared content cache (core.content_cache), then read back without rendering.

The fragment must depend only on published content and on the values named in the tag (its key):
nothing about who asks (user, CSRF token, messages) nor the time of day. A webinar card names
whether it is shown as past, which the page works out at the time of the request.
"""

from django import template
from django.utils.safestring import mark_safe

from core.content_cache import cached_content

register = template.Library()


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, key_parts):
        self.nodelist, self.key_parts = nodelist, key_parts

    def render(self, context):
        # Links to pages are relative to the site of the request (absolute to another site's pages).
        site = getattr(getattr(context.get("request"), "_wagtail_site", None), "pk", 0)
        key = ":".join([str(site), *(str(part.resolve(context)) for part in self.key_parts)])
        return mark_safe(cached_content(f"fragment:{key}", lambda: str(self.nodelist.render(context))))


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
