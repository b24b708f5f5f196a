import pytest
from django.db.utils import OperationalError

from core import health

pytestmark = pytest.mark.django_db


def test_views_healthz_answers_ok_when_database_reachable_and_celery_eager(client, settings):
    """With a working database and eager Celery, /healthz answers 200 with database ok and broker eager."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "eager"}
    assert "no-cache" in response["Cache-Control"]


def test_views_healthz_answers_503_when_database_broken(client, monkeypatch):
    """A failing database query gives database error and a 503."""

    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_views_healthz_checks_the_broker_when_one_is_configured(client, settings, monkeypatch):
    """With a broker configured, a reachable broker gives ok (200) and an unreachable one error (503)."""
    import kombu

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://broker.invalid:6379/0"
    calls = []
    monkeypatch.setattr(kombu.Connection, "ensure_connection", lambda self, **kwargs: calls.append(kwargs))
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"database": "ok", "broker": "ok"})
    assert calls == [{"max_retries": 1}]

    def refuse(self, **kwargs):
        raise kombu.exceptions.OperationalError("refused")

    monkeypatch.setattr(kombu.Connection, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, {"database": "ok", "broker": "error"})
