"""Every URL in demo_content/ points to a publisher of the text or figure (tests/content/source_domains.py).

Reads the YAML files only (no database): any http(s) URL, whether in a source_url, a resource link, a
webinar's registration or replay link, or an href inside lesson HTML, counts.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

from courses.demo import DEMO_DIR

from .source_domains import ALLOWED_SOURCE_DOMAINS, host_is_allowed

URL = re.compile(r"https?://[^\s\"'<>]+")


def demo_urls() -> dict[str, set[str]]:
    """URL → the data files that contain it."""
    found: dict[str, set[str]] = {}
    for path in sorted(Path(DEMO_DIR).rglob("*.yaml")):
        for url in URL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(url, set()).add(str(path.relative_to(DEMO_DIR)))
    return found


def test_content_sources_every_demo_url_is_on_the_publisher_allow_list():
    """A URL whose host is neither an allowed domain nor one of its subdomains is reported with its files."""
    urls = demo_urls()
    assert len(urls) > 20
    weak = sorted(
        f"{url} (dans {', '.join(sorted(files))})"
        for url, files in urls.items()
        if not host_is_allowed(urlsplit(url).hostname or "")
    )
    assert weak == [], "Sources hors de la liste des éditeurs autorisés (tests/content/source_domains.py) :\n" + "\n".join(weak)


def test_content_sources_allow_list_matches_hosts_and_subdomains_only():
    """sig.ville.gouv.fr passes through ville.gouv.fr; a look-alike host or a defunct domain does not."""
    assert host_is_allowed("sig.ville.gouv.fr")
    assert host_is_allowed("www.legifrance.gouv.fr")
    assert not host_is_allowed("notlegifrance.gouv.fr")
    assert not host_is_allowed("www.cget.gouv.fr")
    assert not host_is_allowed("stmeen-montauban.fr")
    assert not host_is_allowed("legifrance.gouv.fr.example.com")
    assert all(domain == domain.lower() and "/" not in domain for domain in ALLOWED_SOURCE_DOMAINS)
