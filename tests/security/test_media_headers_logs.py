"""Findings 6 and 7: private media never served by the static handler (DEBUG included), one framing
rule in both headers, no secret of a URL in the access log."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches

from elearning.access_log import RedactingLogger, redact
from tests.core.test_settings import PRODUCTION_ENV, run_manage


@pytest.fixture
def debug_urls(settings, tmp_path):
    """elearning/urls.py as `make run` loads it (DEBUG on), with files in every media folder."""
    settings.MEDIA_ROOT = tmp_path
    for folder in ("attestations", "exports/0f0e", "reports", "images", "original_images", "documents"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "fichier.png").write_bytes(b"\x89PNG prive")
    import elearning.urls

    with override_settings(DEBUG=True):
        importlib.reload(elearning.urls)
        clear_url_caches()
        yield
    importlib.reload(elearning.urls)
    clear_url_caches()


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ["attestations", "exports/0f0e", "reports", "documents"])
def test_debug_static_handler_never_serves_private_media(debug_urls, folder):
    """With DEBUG on, /media/<private folder>/… is a 404: only the permission-checked views serve those files."""
    assert Client().get(f"/media/{folder}/fichier.png").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ["images", "original_images"])
def test_debug_static_handler_serves_images(debug_urls, folder):
    """Images (public in pages) are still served in development."""
    assert Client().get(f"/media/{folder}/fichier.png").status_code == 200


@pytest.mark.django_db
def test_framing_headers_agree(client):
    """X-Frame-Options and CSP frame-ancestors say the same thing: same origin only."""
    response = client.get("/robots.txt")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_production_framing_headers_agree():
    """Production keeps SAMEORIGIN (it said DENY while CSP said 'self')."""
    code = "from django.conf import settings as s; print(s.X_FRAME_OPTIONS, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-ancestors'])"
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "SAMEORIGIN" and "'self'" in result.stdout


@pytest.mark.parametrize(
    ("logged", "secret"),
    [
        ("GET /compte/mes-donnees/6f1c7f0e-8a0b-4c7e-9d1a-2b3c4d5e6f70/ HTTP/1.1", "6f1c7f0e"),
        ("GET /admin/rapports/exports/6f1c7f0e8a0b4c7e9d1a2b3c4d5e6f70/telecharger/ HTTP/1.1", "6f1c7f0e"),
        ("GET /compte/confirm-email/MTI:1v2x3y:abcDEF123/ HTTP/1.1", "abcDEF123"),
        ("GET /compte/password/reset/key/1b-cz7k3a-0123456789abcdef/ HTTP/1.1", "cz7k3a"),
        ("GET /mon-parcours/attestations/ABCDEFGHIJKLMNOP.pdf HTTP/1.1", "ABCDEFGHIJKLMNOP"),
        ("GET /attestations/verifier/ABCD-EFGH-IJKL-MNOP/ HTTP/1.1", "IJKL"),
        ("GET /salle/?code=K7PX2M HTTP/1.1", "K7PX2M"),
    ],
)
def test_access_log_masks_secrets_of_urls(logged, secret):
    """Keys, export ids, attestation identifiers and codes are masked in the access log line."""
    assert secret not in redact(logged)
    assert "…" in redact(logged)


def test_redacting_logger_masks_the_request_line():
    """gunicorn's logger (gunicorn.conf.py) applies the rule to the request line, path, query and Referer."""
    logger = RedactingLogger(
        SimpleNamespace(
            **{
                "errorlog": "-",
                "loglevel": "info",
                "accesslog": None,
                "syslog": False,
                "logconfig_dict": {},
                "logconfig": None,
                "logconfig_json": None,
                "capture_output": False,
                "user": 0,
                "group": 0,
                "access_log_format": "",
                "disable_redirect_access_to_syslog": False,
            }
        )
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/salle/?code=K7PX2M",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/salle/",
        "QUERY_STRING": "code=K7PX2M",
        "HTTP_REFERER": "https://formation.example.org/compte/mes-donnees/6f1c7f0e-8a0b-4c7e-9d1a-2b3c4d5e6f70/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, [], environ, timedelta(milliseconds=5))
    assert "K7PX2M" not in atoms["r"] + atoms["q"]
    assert "6f1c7f0e" not in atoms["f"]
