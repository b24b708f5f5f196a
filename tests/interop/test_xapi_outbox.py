"""The xAPI outbox without an LRS at hand: ids, pseudonyms, an unreachable LRS, the RGPD part."""

import io
import uuid

import pytest
from django.core.management import call_command

from accounts.services import user_erase, user_export_data
from interop import xapi
from interop.models import XapiStatement
from progress.services import enrolment_create
from tests.factories.accounts import UserFactory
from tests.progress.conftest import build_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_lrs(settings):
    """An LRS address where nothing listens."""
    settings.XAPI_LRS_URL = "http://127.0.0.1:9/xAPI/"
    settings.XAPI_LRS_USERNAME = "elearning"
    settings.XAPI_LRS_PASSWORD = "secret"
    settings.XAPI_LRS_TIMEOUT = 2


def test_statement_ids_and_pseudonyms_are_stable_and_opaque(settings):
    """The same event gives the same UUID, another event another; the actor name reveals nothing."""
    user = UserFactory(first_name="Armelle", last_name="Le Goff", email="armelle@example.org")
    assert xapi.statement_id("enrolled/1") == xapi.statement_id("enrolled/1") != xapi.statement_id("enrolled/2")
    assert xapi.statement_id("enrolled/1").version == 5
    name = xapi.actor_name(user)
    assert name == xapi.actor_name(user) and len(name) == 32
    assert str(user.public_id.hex) not in name and "armelle" not in name.lower()
    settings.XAPI_ACTOR_KEY = "une autre clé"
    assert xapi.actor_name(user) != name


def test_an_unreachable_lrs_keeps_the_statements_for_a_retry(closed_lrs, django_capture_on_commit_callbacks):
    """The learner's enrolment goes through; the statement stays unsent with its attempt and error, and
    the task raises ConnectionError so that Celery retries it."""
    learner = UserFactory()
    data = build_course(modules=1, lessons=1, slug="hors-ligne")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment, created = enrolment_create(user=learner, course=data.course)
    assert created
    with pytest.raises(ConnectionError):
        xapi.send_pending()
    row = XapiStatement.objects.get()
    assert row.sent_at is None and row.attempts >= 1 and "LRS unreachable" in row.last_error
    assert row.payload["id"] == str(row.statement_id) and uuid.UUID(row.payload["id"]).version == 5


def test_a_refused_statement_is_kept_aside(closed_lrs, monkeypatch):
    """A 4xx answer marks the statement « refused » and the next run does not send it again."""
    user = UserFactory()
    statement = {"id": str(xapi.statement_id("refused/1"))}
    XapiStatement.objects.create(statement_id=statement["id"], user=user, verb="registered", payload=statement)
    calls = []

    def refuse(session, payload):
        calls.append(payload["id"])
        raise xapi.LrsError("LRS refused the statement (400): invalid verb")

    monkeypatch.setattr(xapi, "put_statement", refuse)
    assert xapi.send_pending() == 0
    assert xapi.send_pending() == 0
    assert calls == [statement["id"]]
    assert XapiStatement.objects.get().last_error.startswith("refused: ")
    out = io.StringIO()
    call_command("xapi_status", stdout=out)
    assert "Refusées par le LRS : 1" in out.getvalue() and "invalid verb" in out.getvalue()


def test_the_data_export_shows_the_pseudonym_and_erasure_drops_unsent_statements(settings):
    """« Télécharger mes données » names the person's pseudonym; « Supprimer mon compte » deletes what was not sent."""
    settings.XAPI_LRS_URL = "http://127.0.0.1:9/xAPI/"
    user = UserFactory()
    statement = {"id": str(xapi.statement_id("export/1"))}
    XapiStatement.objects.create(statement_id=statement["id"], user=user, verb="registered", payload=statement)
    exported = user_export_data(user=user)
    assert exported["xapi"]["pseudonyme_dans_le_lrs"] == xapi.actor_name(user)
    user_erase(user=user)
    assert not XapiStatement.objects.exists()


class FakeResponse:
    def __init__(self, status_code):
        self.status_code, self.text = status_code, ""


class FakeSession:
    def __init__(self, status_code):
        self.status_code = status_code

    def put(self, url, **kwargs):
        return FakeResponse(self.status_code)


@pytest.mark.parametrize(("status", "outcome"), [(204, None), (409, None), (400, xapi.LrsError), (503, ConnectionError)])
def test_what_each_answer_of_the_lrs_means(closed_lrs, status, outcome):
    """204 and 409 (the event already held, perhaps under older titles) count as delivered; 4xx is a
    refusal; 5xx is retried."""
    statement = {"id": str(xapi.statement_id("answer/1"))}
    if outcome is None:
        xapi.put_statement(FakeSession(status), statement)
    else:
        with pytest.raises(outcome):
            xapi.put_statement(FakeSession(status), statement)
