"""xAPI statements of a learner's journey, delivered to a real Ralph LRS (file-system backend)."""

import json
from collections import Counter
from unittest import mock

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.services import user_erase
from interop.models import XapiStatement
from interop.xapi import LrsError, _session, put_statement, statement_id
from progress.services import enrolment_create, lesson_complete, lesson_visit
from tests.factories.accounts import UserFactory
from tests.factories.webinars import webinar
from tests.progress.conftest import build_course, pass_quiz
from webinars.services import attendance_record

from .conftest import running_ralph

pytestmark = pytest.mark.django_db


def _stub_pdf(*, attestation):
    return b"%PDF-1.4 stub"


@pytest.fixture(autouse=True)
def no_pdf_rendering():
    # The attestation's PDF is not what these tests are about (WeasyPrint takes seconds).
    with mock.patch("progress.attestations.render_attestation_pdf", _stub_pdf):
        yield


def journey(learner, capture):
    """Enrol, open and complete both lessons (one opened twice), fail then pass the module quiz (which
    completes the course and issues the attestation), attend the linked webinar."""
    data = build_course(modules=1, lessons=2, module_quiz=True, slug="xapi")
    session = webinar(title="Webinaire contrat de ville", slug="webinaire-cv", modules=data.modules)
    with capture(execute=True):
        enrolment_create(user=learner, course=data.course)
    for lesson in data.lessons():
        with capture(execute=True):
            lesson_visit(user=learner, lesson=lesson)
    with capture(execute=True):
        lesson_visit(user=learner, lesson=data.lessons()[0])
    for lesson in data.lessons():
        with capture(execute=True):
            lesson_complete(user=learner, lesson=lesson)
    with capture(execute=True):
        pass_quiz(learner, data.modules[-1].quiz, right=False)
    with capture(execute=True):
        pass_quiz(learner, data.modules[-1].quiz, right=True)
    with capture(execute=True):
        attendance_record(user=learner, webinar=session, minutes=60)
    return data


EXPECTED = Counter(
    {
        "registered": 1,
        "experienced": 2,
        "completed": 3,  # two lessons, the course
        "answered": 2,  # one question, two attempts
        "failed": 1,
        "passed": 1,
        "receive": 1,  # the attestation
        "attended": 1,
    }
)


def verbs(statements):
    return Counter(statement["verb"]["id"].rsplit("/", 1)[-1] for statement in statements)


def test_a_journey_reaches_ralph_once_each_without_name_or_email(xapi_on, django_capture_on_commit_callbacks):
    """Every event gives one statement, Ralph stores each once, and none names the learner."""
    learner = UserFactory(first_name="Zélie", last_name="Quentric", email="zelie.quentric@example.org")
    journey(learner, django_capture_on_commit_callbacks)
    stored = xapi_on.stored()
    assert verbs(stored) == EXPECTED
    assert len({statement["id"] for statement in stored}) == len(stored)
    assert XapiStatement.objects.filter(sent_at__isnull=True).count() == 0
    assert set(XapiStatement.objects.values_list("statement_id", flat=True)) == {s["id"] for s in map(_uuid_ids, stored)}
    for statement in stored:
        text = json.dumps(statement, ensure_ascii=False).lower()
        for secret in ("zélie", "quentric", "zelie.quentric@example.org", str(learner.public_id)):
            assert secret not in text
        assert set(statement["actor"]) == {"objectType", "account"}
        assert statement["actor"]["account"]["homePage"] == "http://127.0.0.1:8000/"
        assert statement["object"]["id"].startswith("http://127.0.0.1:8000/xapi/")
    # The same statements through Ralph's own API.
    response = requests.get(
        xapi_on.url + "statements",
        params={"limit": 100},
        auth=(xapi_on.username, xapi_on.password),
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=10,
    )
    assert response.ok and len(response.json()["statements"]) == len(stored)


def _uuid_ids(statement):
    import uuid

    return {**statement, "id": uuid.UUID(statement["id"])}


def test_ralph_refuses_an_invalid_statement(xapi_on, settings):
    """The check that our statements are valid can fail: Ralph rejects a statement without a verb id."""
    invalid = {"id": str(statement_id("invalid")), "actor": {"mbox": "pas-une-adresse"}, "verb": {}, "object": {"id": "x"}}
    with pytest.raises(LrsError):
        put_statement(_session(), invalid)
    assert xapi_on.stored() == []


def test_sending_again_duplicates_nothing(xapi_on, django_capture_on_commit_callbacks):
    """Every statement marked unsent (as after a worker died between the LRS's answer and our update):
    the next run sends them all again and Ralph still holds each once."""
    journey(UserFactory(), django_capture_on_commit_callbacks)
    before = xapi_on.stored()
    XapiStatement.objects.update(sent_at=None)
    from interop.xapi import send_pending

    assert send_pending() == len(before)
    assert xapi_on.stored() == before


def test_replay_fills_a_new_lrs_once(xapi_on, settings, tmp_path, django_capture_on_commit_callbacks):
    """`xapi_replay --resend` into a new, empty Ralph: the same statements (same ids); run twice, no duplicate."""
    journey(UserFactory(), django_capture_on_commit_callbacks)
    first = {statement["id"] for statement in xapi_on.stored()}
    folder = tmp_path / "second-lrs"
    folder.mkdir()
    with running_ralph(folder) as second:
        settings.XAPI_LRS_URL, settings.XAPI_LRS_PASSWORD = second.url, second.password
        call_command("xapi_replay", "--resend")
        call_command("xapi_replay", "--resend")
        call_command("xapi_replay")
        replayed = second.stored()
    assert {statement["id"] for statement in replayed} == first
    assert len(replayed) == len(first)
    assert verbs(replayed) == EXPECTED


def test_an_erased_account_gets_no_further_statement(xapi_on, django_capture_on_commit_callbacks):
    """After the erasure, its unsent statements are gone and new events record nothing."""
    learner = UserFactory()
    data = build_course(modules=1, lessons=2, slug="efface")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(user=learner, course=data.course)
    sent = len(xapi_on.stored())
    assert sent == 1
    user_erase(user=learner)
    learner.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(user=learner, lesson=data.lessons()[0])
    assert len(xapi_on.stored()) == sent
    assert not XapiStatement.objects.filter(user=learner, sent_at__isnull=True).exists()


def test_xapi_is_off_without_an_lrs(settings, django_capture_on_commit_callbacks):
    """XAPI_LRS_URL empty: nothing queued; the replay command says how to turn it on."""
    settings.XAPI_LRS_URL = ""
    journey(UserFactory(), django_capture_on_commit_callbacks)
    assert not XapiStatement.objects.exists()
    with pytest.raises(CommandError, match="XAPI_LRS_URL"):
        call_command("xapi_replay")
