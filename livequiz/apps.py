from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivequizConfig(AppConfig):
    name = "livequiz"
    verbose_name = _("Quiz en salle")
