from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainersConfig(AppConfig):
    name = "trainers"
    verbose_name = _("Formateurs")

    def ready(self):
        from . import signals

        signals.connect()
