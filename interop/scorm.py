"""A module as a SCORM 1.2 package: one self-contained SCO that any LMS (Moodle, the CNFPT's…) can run.

The package holds one launch page (index.html) with every live lesson of the module, the module quiz,
our stylesheets, the images and files the lessons show, and js/scorm.js, which talks to the LMS through
the SCORM 1.2 runtime API. Nothing in it loads a URL outside the package: media and static files are
copied in, links to other pages (of this site or elsewhere) become text that spells the address out.
The manifest (imsmanifest.xml) is checked against the IMS CP 1.1.2 / ADL CP 1.2 schemas of
interop/schemas/ before the zip is written.
"""

from __future__ import annotations

import io
import json
import mimetypes
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from lxml import etree
from lxml import html as lxml_html
from wagtail.documents import get_document_model

from courses.models import ModulePage
from quizzes.models import QuestionKind
from trainers.selectors import module_handout

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{IMSCP} imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
)
# The schemas travel in the package too: the manifest names them in xsi:schemaLocation and IMS CP
# expects them at the package root.
SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")
STYLESHEETS = ("css/main.css", "css/content.css", "interop/scorm.css")
SCRIPT = "interop/scorm.js"
TEMPLATE = "interop/scorm/index.html"
# Attributes that make a browser fetch or navigate.
URL_ATTRIBUTES = ("href", "src", "poster", "data", "action", "formaction", "cite", "background")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class ScormBuildError(Exception):
    pass


@dataclass
class Package:
    """The files of a package, by path inside the zip."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, path: str, content: bytes) -> str:
        self.files[path] = content
        return path


# --- Quiz data for the package ------------------------------------------------------------------------


def quiz_data(*, handout) -> dict | None:
    """What scorm.js grades: the module quiz's choice questions with their keys; free-text questions are
    shown as questions to think about (nobody marks them inside another platform)."""
    if not handout.questions:
        return None
    quiz = handout.module.quiz
    graded, reflection = [], []
    for item in handout.questions:
        question = item.question
        if question.kind == QuestionKind.FREE_TEXT:
            reflection.append(question.prompt)
            continue
        key = f"q{len(graded) + 1}"
        choices = [{"id": f"{key}c{i + 1}", "text": choice.text} for i, choice in enumerate(item.choices)]
        graded.append(
            {
                "id": key,
                "prompt": question.prompt,
                "kind": question.kind,
                "scoring": question.scoring,
                "points": question.points,
                "choices": choices,
                "correct": [c["id"] for c, choice in zip(choices, item.choices, strict=True) if choice.is_correct],
                "explanation": question.explanation,
            }
        )
    return {"title": quiz.title, "passMark": quiz.pass_mark, "questions": graded, "reflection": reflection}


# --- URL rewriting -------------------------------------------------------------------------------------


def _media_prefix() -> str:
    probe = "scorm-probe"
    return default_storage.url(probe).split(probe, 1)[0]


def _copy_media(package: Package, name: str) -> str | None:
    if ".." in name.split("/") or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return package.add(f"media/{name}", handle.read())


def _copy_static(package: Package, name: str) -> str | None:
    if ".." in name.split("/"):
        return None
    found = finders.find(name)
    if not found or not Path(found).is_file():
        return None
    content = Path(found).read_bytes()
    if name.endswith(".css"):
        content = _localise_css(package, name, content.decode("utf-8")).encode("utf-8")
    return package.add(f"static/{name}", content)


def _localise_css(package: Package, name: str, text: str) -> str:
    """url(…) in a stylesheet: a static file beside it is copied in, anything else is dropped."""

    def replace(match):
        target = match.group(1)
        if target.startswith(("data:", "#")):
            return match.group(0)
        if urlsplit(target).scheme or target.startswith("/"):
            return "url()"
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target.split("?", 1)[0]))
        copied = _copy_static(package, resolved)
        return f'url("{posixpath.relpath(copied, posixpath.dirname("static/" + name))}")' if copied else "url()"

    return _CSS_URL.sub(replace, text)


def _copy_document(package: Package, path: str) -> str | None:
    """A Wagtail document served by /documents/<id>/<filename> (downloads, videos, captions)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name != "wagtaildocs_serve":
        return None
    # Wagtail's route is a regex: the id comes as the first positional argument.
    document_id = match.kwargs.get("document_id") or (match.args[0] if match.args else None)
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or not document.file:
        return None
    with document.file.open("rb") as handle:
        return package.add(f"documents/{document.pk}/{posixpath.basename(document.file.name)}", handle.read())


def _local_target(package: Package, url: str) -> str | None:
    """The path inside the package of a media, static or document URL (copied in), or None."""
    base, _, fragment = url.partition("#")
    path = unquote(urlsplit(base).path) if not base.startswith(("http://", "https://")) else None
    media_prefix, static_prefix = _media_prefix(), settings.STATIC_URL
    copied = None
    if base.startswith(media_prefix):
        copied = _copy_media(package, unquote(base[len(media_prefix) :].split("?", 1)[0]))
    elif path is not None and path.startswith(static_prefix):
        copied = _copy_static(package, path[len(static_prefix) :])
    elif path is not None and path.startswith("/"):
        copied = _copy_document(package, path)
    if copied is None:
        return None
    return copied + (f"#{fragment}" if fragment else "")


def _is_site_link(url: str) -> bool:
    """A link to this platform: relative, or absolute under its base URL."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return True
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc == parts.netloc


def localise_html(package: Package, document: str) -> str:
    """Every URL of the page points inside the package, or is gone (a link becomes its text and address)."""
    tree = lxml_html.document_fromstring(document)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        # srcset would need every rendition: the one image in src is enough offline.
        for attribute in ("srcset", "sizes"):
            element.attrib.pop(attribute, None)
        for attribute in URL_ATTRIBUTES + ("xlink:href",):
            value = element.get(attribute)
            if value is None:
                continue
            value = value.strip()
            if value.startswith("#") or (element.tag == "a" and value.startswith("mailto:")):
                continue
            if value.split("#", 1)[0] in package.files:  # already a file of the package (our CSS and script)
                continue
            local = _local_target(package, value)
            if local is not None:
                element.set(attribute, local)
                continue
            if element.tag == "a" and _is_site_link(value):
                # A page of the platform (glossary, another course): not reachable from another LMS,
                # and its address in the middle of a sentence would only get in the way: the text stays.
                element.drop_tag()
            elif element.tag == "a":
                # A link to another site: its text stays, with the address spelled out to copy.
                element.tag = "span"
                element.attrib.clear()
                element.set("class", "scorm-external")
                note = etree.SubElement(element, "span")
                note.set("class", "scorm-external__address")
                note.text = f" (adresse : {value})"
            elif element.tag in ("track", "source", "img", "video", "audio", "iframe", "embed", "object", "link", "script"):
                element.drop_tree()
            else:
                del element.attrib[attribute]
    return "<!DOCTYPE html>\n" + lxml_html.tostring(tree, encoding="unicode")


# --- Manifest ------------------------------------------------------------------------------------------


def manifest_xml(*, module: ModulePage, files: list[str]) -> bytes:
    """imsmanifest.xml: one organisation, one SCO (index.html) listing every file of the package."""
    nsmap = {None: IMSCP, "adlcp": ADLCP, "xsi": XSI}
    identifier = f"elus-quartiers-module-{module.pk}"
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap=nsmap, identifier=identifier, version=f"{module.version_date:%Y-%m-%d}")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = etree.SubElement(root, f"{{{IMSCP}}}metadata")
    etree.SubElement(metadata, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    etree.SubElement(metadata, f"{{{IMSCP}}}schemaversion").text = "1.2"
    organizations = etree.SubElement(root, f"{{{IMSCP}}}organizations", default="organisation")
    organization = etree.SubElement(organizations, f"{{{IMSCP}}}organization", identifier="organisation")
    etree.SubElement(organization, f"{{{IMSCP}}}title").text = module.title
    item = etree.SubElement(organization, f"{{{IMSCP}}}item", identifier="module", identifierref="sco", isvisible="true")
    etree.SubElement(item, f"{{{IMSCP}}}title").text = module.title
    if module.quiz_id:
        etree.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(module.quiz.pass_mark)
    resources = etree.SubElement(root, f"{{{IMSCP}}}resources")
    resource = etree.SubElement(resources, f"{{{IMSCP}}}resource", identifier="sco", type="webcontent", href="index.html")
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for path in sorted(files):
        etree.SubElement(resource, f"{{{IMSCP}}}file", href=path)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@cache
def _schema() -> etree.XMLSchema:
    # One schema importing the three namespaces of a SCORM 1.2 manifest, read from interop/schemas/
    # (the files ADL shipped with SCORM 1.2); nothing is fetched from the network.
    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
        <xsd:import namespace="{IMSCP}" schemaLocation="{(SCHEMA_DIR / "imscp_rootv1p1p2.xsd").as_uri()}"/>
        <xsd:import namespace="{ADLCP}" schemaLocation="{(SCHEMA_DIR / "adlcp_rootv1p2.xsd").as_uri()}"/>
        <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="{(SCHEMA_DIR / "imsmd_rootv1p2p1.xsd").as_uri()}"/>
    </xsd:schema>"""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=SCHEMA_DIR.as_uri() + "/"))


def manifest_errors(content: bytes) -> list[str]:
    """What makes a manifest invalid against the SCORM 1.2 schemas, plus the rules the schemas cannot
    say (every identifierref names a resource, one SCO launches). Empty when valid."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.fromstring(content, parser)
    schema = _schema()
    errors = [] if schema.validate(document) else [str(error) for error in schema.error_log]
    ns = {"cp": IMSCP, "adlcp": ADLCP}
    resources = {resource.get("identifier") for resource in document.iterfind(".//cp:resource", ns)}
    for item in document.iterfind(".//cp:item", ns):
        if item.get("identifierref") and item.get("identifierref") not in resources:
            errors.append(f"item {item.get('identifier')} names an unknown resource")
    if not document.xpath("//cp:resource[@adlcp:scormtype='sco']", namespaces=ns):
        errors.append("no SCO resource")
    return errors


# --- The package ---------------------------------------------------------------------------------------


def package_filename(*, module: ModulePage) -> str:
    return f"{module.slug}-scorm12.zip"


def build_package(*, module: ModulePage) -> bytes:
    """The zip of a module's SCORM 1.2 package. ScormBuildError when the module has nothing to run."""
    handout = module_handout(module=module, answers=True)
    if not handout.lessons:
        raise ScormBuildError("Ce module n'a aucune leçon publiée : il n'y a rien à exporter.")
    package = Package()
    quiz = quiz_data(handout=handout)
    context = {
        "module": module,
        "handout": handout,
        "quiz": quiz,
        # Quiz titles often start with « Quiz — »: no « Quiz : Quiz — … ».
        "quiz_heading": (quiz["title"] if quiz["title"].lower().startswith("quiz") else f"Quiz : {quiz['title']}")
        if quiz
        else "",
        # "<" escaped: the JSON sits in a <script> element, where "</script>" in a question would end it.
        "quiz_json": json.dumps(quiz, ensure_ascii=False).replace("<", "\\u003c") if quiz else "",
        "stylesheets": [f"static/{name}" for name in STYLESHEETS],
        "script": f"static/{SCRIPT}",
    }
    for name in STYLESHEETS + (SCRIPT,):
        if _copy_static(package, name) is None:
            raise ScormBuildError(f"Fichier statique introuvable : {name}")
    page = localise_html(package, render_to_string(TEMPLATE, context))
    package.add("index.html", page.encode("utf-8"))
    for name in SCHEMA_FILES:
        package.add(name, (SCHEMA_DIR / name).read_bytes())
    manifest = manifest_xml(module=module, files=list(package.files))
    errors = manifest_errors(manifest)
    if errors:
        raise ScormBuildError("Manifeste SCORM invalide : " + " ; ".join(errors))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for path, content in sorted(package.files.items()):
            archive.writestr(path, content)
    return buffer.getvalue()


def content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
