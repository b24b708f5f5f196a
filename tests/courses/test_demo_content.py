"""The demo content loader: the only tests that read demo_content/."""

from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from wagtail.models import Page

from courses.models import CourseModule, CoursePage, GlossaryTerm, LessonPage, ModulePage, ModuleSectionPage
from courses.permissions import REVIEW_WORKFLOW_NAME
from demo.courses import DEMO_DIR, DemoContentError, parse_module_file

MODULE_FILE = """\
slug: {slug}
title: Un module
summary: Un résumé.
objectives:
  - Un objectif
section: null
themes: [gouvernance]
authors: Centre de ressources
licence: licence-ouverte-2
version_date: 2026-09-01
lessons:
  - slug: une-lecon
    title: Une leçon
    minutes: 10
    body:
      - heading: Un titre
      - key_points:
          title: À retenir
          items:
{items}
"""


def write_module(tmp_path: Path, items: str, slug: str = "un-module") -> Path:
    path = tmp_path / f"{slug}.yaml"
    path.write_text(MODULE_FILE.format(slug=slug, items=items), encoding="utf-8")
    return path


def test_demo_loader_stops_on_an_unquoted_colon_and_names_the_file(tmp_path):
    """« - Objectif : 50 % » unquoted becomes a mapping: the loader stops and names file, lesson and block."""
    path = write_module(tmp_path, "            - Objectif de la circulaire : au moins 50 % en CPO.")
    with pytest.raises(DemoContentError) as excinfo:
        parse_module_file(path)
    message = str(excinfo.value)
    assert message.startswith("un-module.yaml, leçon « une-lecon », bloc 2 (key_points), items, élément 1")
    assert "texte attendu" in message and "guillemets" in message


def test_demo_loader_accepts_the_quoted_string(tmp_path):
    """Quoted, the same item is a plain string."""
    path = write_module(tmp_path, '            - "Objectif de la circulaire : au moins 50 % en CPO."')
    module = parse_module_file(path)
    assert module.lessons[0].body[1]["value"]["items"] == ["Objectif de la circulaire : au moins 50 % en CPO."]


def test_demo_loader_refuses_unknown_blocks_and_mismatched_slugs(tmp_path):
    """An unknown block type or a slug that differs from the file name stops the load."""
    path = write_module(tmp_path, "            - Un point.", slug="autre-nom")
    path.rename(tmp_path / "nom-du-fichier.yaml")
    with pytest.raises(DemoContentError, match="nom-du-fichier.yaml : le slug « autre-nom »"):
        parse_module_file(tmp_path / "nom-du-fichier.yaml")
    path = write_module(tmp_path, "            - Un point.")
    path.write_text(path.read_text(encoding="utf-8").replace("- heading: Un titre", "- titre: Un titre"), encoding="utf-8")
    with pytest.raises(DemoContentError, match="type de bloc inconnu « titre »"):
        parse_module_file(path)


CHART_BLOCK = """\
      - key_figures_chart:
          title: Habitants des quartiers prioritaires
          unit: habitants
          items:
            - label: Bretagne
              value: 93400
            - label: Pays de la Loire
              value: {second}
          valid_at: 2024-01-01
          sources:
            - title: Insee Flash Pays de la Loire n° 149
              url: https://www.insee.fr/fr/statistiques/8308235
"""


def write_chart(tmp_path: Path, second: str) -> Path:
    path = write_module(tmp_path, "            - Un point.")
    text = path.read_text(encoding="utf-8").replace("      - heading: Un titre\n", CHART_BLOCK.format(second=second))
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_loader_reads_a_key_figures_chart(tmp_path):
    """A « chiffres clés » block becomes the block's raw value: numbers as text, ISO date, sources."""
    module = parse_module_file(write_chart(tmp_path, "154500"))
    block = module.lessons[0].body[0]
    assert block["type"] == "key_figures_chart"
    assert block["value"]["items"] == [{"label": "Bretagne", "value": "93400"}, {"label": "Pays de la Loire", "value": "154500"}]
    assert block["value"]["valid_at"] == "2024-01-01"
    assert block["value"]["sources"] == [
        {"title": "Insee Flash Pays de la Loire n° 149", "url": "https://www.insee.fr/fr/statistiques/8308235"}
    ]


@pytest.mark.parametrize(("second", "message"), [("beaucoup", "nombre attendu"), ("-3", "nombre positif attendu")])
def test_demo_loader_refuses_a_chart_value_that_is_not_a_positive_number(tmp_path, second, message):
    """A word or a negative number as a bar's value stops the load, naming the bar."""
    with pytest.raises(DemoContentError, match=f"barre 2, value : {message}"):
        parse_module_file(write_chart(tmp_path, second))


@pytest.mark.django_db
def test_demo_content_loads_courses_modules_glossary_and_is_idempotent():
    """The demo has every course and module of the YAML, shared modules, ≥ 40 terms, and « À retenir » in each lesson."""
    call_command("load_demo_content", "--force", stdout=open("/dev/null", "w"))

    courses_yaml = yaml.safe_load((DEMO_DIR / "courses.yaml").read_text(encoding="utf-8"))
    module_files = sorted((DEMO_DIR / "modules").glob("*.yaml"))
    assert CoursePage.objects.live().count() == len(courses_yaml) >= 10
    assert ModulePage.objects.live().count() == len(module_files)
    assert LessonPage.objects.live().count() == sum(len(parse_module_file(path).lessons) for path in module_files)
    assert GlossaryTerm.objects.count() >= 40

    shared = [module for module, count in Counter(CourseModule.objects.values_list("module_id", flat=True)).items() if count >= 2]
    assert len(shared) >= 3

    for lesson in LessonPage.objects.live():
        assert "key_points" in [block.block_type for block in lesson.body], lesson.url_path

    section = ModuleSectionPage.objects.get(slug="laicite")
    assert "contenus issus des notions du plan national Valeurs de la République et laïcité" in section.intro
    assert "formation VRL" not in section.intro
    assert ModulePage.objects.child_of(section).count() >= 6
    assert CoursePage.objects.get(slug="fondamentaux-politique-de-la-ville").get_workflow().name == REVIEW_WORKFLOW_NAME

    pages, links, terms = Page.objects.count(), CourseModule.objects.count(), GlossaryTerm.objects.count()
    call_command("load_demo_content", "--force", stdout=open("/dev/null", "w"))
    assert (Page.objects.count(), CourseModule.objects.count(), GlossaryTerm.objects.count()) == (pages, links, terms)
