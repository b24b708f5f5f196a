"""`manage.py bench_dataset --courses 40 --learners 20000 …` (bench settings only): build the dataset."""

import json
import time
from dataclasses import fields

from django.core.management.base import BaseCommand, CommandError

from bench.baseline import baseline_page_create
from bench.dataset import BenchSizes, DatasetError, build_dataset


class Command(BaseCommand):
    help = "Construit le jeu de données du banc d'essai dans une base vide (tailles en paramètres)."

    def add_arguments(self, parser):
        for field in fields(BenchSizes):
            parser.add_argument(f"--{field.name.replace('_', '-')}", type=int, default=field.default, dest=field.name)
        parser.add_argument("--output", help="Écrit les tailles et les nombres de lignes insérées dans ce fichier JSON.")

    def handle(self, *args, **options):
        sizes = BenchSizes(**{field.name: options[field.name] for field in fields(BenchSizes)})
        started = time.monotonic()
        try:
            result = build_dataset(
                sizes=sizes, log=lambda message: self.stdout.write(f"  [{time.monotonic() - started:6.0f} s] {message}")
            )
        except DatasetError as error:
            raise CommandError(str(error)) from error
        result["baseline_url"] = baseline_page_create().get_url()
        result["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(self.style.SUCCESS(f"Jeu de données construit en {result['seconds']} s : {result['counts']}"))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                json.dump(result, handle, ensure_ascii=False, indent=2)
