"""The SCORM 1.2 package of a module: a valid manifest, every file it uses inside, nothing from outside."""

import io
import re
import zipfile

import pytest
from lxml import html

from interop.scorm import ScormBuildError, build_package, manifest_errors
from tests.factories.courses import module_with_lessons

pytestmark = pytest.mark.django_db

URL_ATTRIBUTES = ("href", "src", "poster", "data", "action", "srcset", "xlink:href")


def open_package(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def references(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(file, URL) for every URL an HTML or CSS file of the package points at."""
    found = []
    for name in archive.namelist():
        if name.endswith(".html"):
            tree = html.fromstring(archive.read(name))
            for element in tree.iter():
                if isinstance(element.tag, str):
                    found += [(name, element.get(attribute)) for attribute in URL_ATTRIBUTES if element.get(attribute)]
        elif name.endswith(".css"):
            found += [(name, url) for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", archive.read(name).decode())]
    return found


def test_manifest_is_valid_against_the_scorm_12_schemas(scorm_module):
    """The manifest validates against the IMS CP 1.1.2 and ADL CP 1.2 schemas shipped in interop/schemas."""
    archive = open_package(build_package(module=scorm_module))
    manifest = archive.read("imsmanifest.xml")
    assert manifest_errors(manifest) == []
    assert b"<schemaversion>1.2</schemaversion>" in manifest
    assert b'adlcp:scormtype="sco"' in manifest
    assert b"<adlcp:masteryscore>100</adlcp:masteryscore>" in manifest
    # Every file listed in the manifest is in the zip, and every file of the zip is listed.
    listed = set(re.findall(rb'<file href="([^"]+)"', manifest))
    assert {name.encode() for name in archive.namelist()} - {b"imsmanifest.xml"} == listed


def test_the_schema_check_rejects_a_broken_manifest(scorm_module):
    """A manifest without its resources, or with an item pointing nowhere, is refused."""
    manifest = open_package(build_package(module=scorm_module)).read("imsmanifest.xml")
    without_resources = re.sub(rb"<resources>.*</resources>", b"", manifest, flags=re.S)
    assert manifest_errors(without_resources)
    dangling = manifest.replace(b'identifierref="sco"', b'identifierref="ailleurs"')
    assert any("unknown resource" in error for error in manifest_errors(dangling))


def test_every_file_the_pages_use_is_in_the_package_and_nothing_comes_from_outside(scorm_module):
    """Each URL of index.html and of the stylesheets is a file of the zip (or a #fragment)."""
    archive = open_package(build_package(module=scorm_module))
    names = set(archive.namelist())
    urls = references(archive)
    assert urls, "the package's pages point at no file at all"
    for source, url in urls:
        assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", url, re.I), f"{source}: {url} leaves the package"
        path = url.split("#", 1)[0]
        if path:
            assert path in names, f"{source}: {url} is not in the package"
    assert any(name.startswith("media/") for name in names), "the lesson's image was not copied in"
    assert any(name.startswith("documents/") for name in names), "the lesson's document was not copied in"
    assert "static/css/main.css" in names and "static/interop/scorm.js" in names


def test_the_package_is_in_french_with_lessons_quiz_licence_and_attribution(scorm_module):
    """index.html holds both lessons, the graded questions, the licence and the source; links are text."""
    page = open_package(build_package(module=scorm_module)).read("index.html").decode()
    assert '<html lang="fr">' in page
    assert "Lire la carte" in page and "Les acteurs du contrat de ville" in page
    assert "Quels acteurs signent le contrat de ville ?" in page
    assert "Licence Ouverte 2.0 (Etalab)" in page and "Source" in page
    assert "(adresse : https://www.legifrance.gouv.fr/loi)" in page
    # A link to a page of the platform keeps its text only.
    assert "les parcours" in page and "/parcours/" not in page
    # Free-text questions are listed to discuss, not graded.
    assert "Décrivez un quartier que vous connaissez." in page
    assert '"q3"' not in page


def test_the_package_carries_the_attribution_of_an_adapted_module(scorm_module, sections):
    """An adapted module's package says « Adapté de » its source, as its handout does."""
    copy = module_with_lessons(parent=sections.library, title="Le quartier en cartes (Rennes)", lessons=1)
    copy.adapted_from = scorm_module
    copy.save()
    page = open_package(build_package(module=copy)).read("index.html").decode()
    assert "Adapté de « Le quartier en cartes »" in page


def test_a_module_without_published_lessons_cannot_be_exported(sections):
    """Nothing to run: a clear French message, no package."""
    empty = module_with_lessons(parent=sections.library, title="Module vide", lessons=0)
    with pytest.raises(ScormBuildError, match="aucune leçon publiée"):
        build_package(module=empty)
