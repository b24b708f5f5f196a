"""The webinar block of lesson bodies, offered through core.registry (see WebinarsConfig.ready)."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def _first_webinar():
    return {
        "webinar": apps.get_model("webinars", "WebinarPage").objects.live().order_by("start").first(),
        "intro": "Pour en discuter avec d'autres élu·es, inscrivez-vous à ce webinaire.",
    }


class WebinarBlock(blocks.StructBlock):
    """A card for one session: date, place, status, registration link and calendar file."""

    webinar = blocks.PageChooserBlock(page_type="webinars.WebinarPage", label=_("webinaire ou journée"))
    intro = blocks.CharBlock(label=_("phrase d'introduction"), required=False, max_length=300)

    # Upcoming or past is worked out at the time of the request: rendered each time, never kept in the
    # content cache (core.templatetags.content_fragments.stream_fragment).
    renders_per_request = True

    class Meta:
        icon = "date"
        label = _("webinaire")
        template = "blocks/webinar.html"
        preview_template = "blocks/preview.html"
        description = _(
            "Une session du centre de ressources (webinaire, journée) : date, lieu, inscription et ajout à l'agenda ; "
            "le replay apparaît quand la session est passée."
        )
        preview_value = staticmethod(_first_webinar)
