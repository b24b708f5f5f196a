from django.apps import AppConfig


class InteropConfig(AppConfig):
    """SCORM 1.2 export of modules and xAPI statements to a learning record store."""

    name = "interop"
    verbose_name = "Interopérabilité (SCORM, xAPI)"

    def ready(self):
        from . import handlers, rgpd

        handlers.connect()
        rgpd.register_part()
