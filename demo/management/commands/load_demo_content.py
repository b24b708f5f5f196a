from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import courses as courses_demo
from demo import learners as learners_demo
from demo import site as site_demo
from demo import trainers as trainers_demo
from demo import webinars as webinars_demo


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent) : pages, comptes de démonstration, parcours…"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Autorise le chargement même avec DEBUG=False (serveur de production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG=False : ce serveur ressemble à une production. Relancez avec --force si vous voulez "
                "vraiment y charger le contenu de démonstration."
            )
        # Each app's loader finds what already exists by a stable key and updates it: running the
        # command twice gives the same database as running it once.
        loaders = [site_demo.load, courses_demo.load, webinars_demo.load, learners_demo.load, trainers_demo.load]
        with transaction.atomic():
            for load in loaders:
                for line in load():
                    self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
