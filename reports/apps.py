from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapports de formation")

    def ready(self):
        from accounts import personal_data

        from . import receivers, rgpd

        personal_data.register(rgpd.PART)
        receivers.connect()
