from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration content of every app (`manage.py load_demo_content`); nothing imports it."""

    name = "demo"
    verbose_name = _("Contenu de démonstration")
