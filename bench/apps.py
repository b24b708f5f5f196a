from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's own page type and commands; installed only by bench.settings, never in production."""

    name = "bench"
    verbose_name = "Banc d'essai"
