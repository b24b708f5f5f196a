"""Fuzzing with hypothesis: whatever is posted to the quiz, sign-up, profile and attendance-import forms —
odd Unicode, NUL bytes, huge strings, missing or repeated fields, forged ids — the site answers without a
server error (the test client re-raises any exception a view lets escape)."""

import datetime
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts import groups
from quizzes.models import QuestionKind
from quizzes.services import attempt_start
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_sections
from tests.factories.quizzes import make_question, make_quiz
from tests.factories.webinars import webinar, webinar_index

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    # No .hypothesis/ folder in the work tree: every run draws afresh (the @example cases are always tried).
    database=None,
    # One database and client for the whole run of examples: what one example leaves is more input for the next.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

WEIRD_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
HUGE_TEXT = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["é", "x", "🏘️", "\u202e", "\u200b", "<script>alert(1)</script>", "\x00", "'; DROP TABLE x; --"]),
    st.integers(min_value=500, max_value=12_000),
)
ODD_VALUES = st.sampled_from(
    ["", " ", "0", "-1", "1e309", "NaN", "null", "[]", "{}", "../../etc/passwd", str(2**70), "\x00", "٣", "ⅷ"]
)
VALUE = st.one_of(WEIRD_TEXT, HUGE_TEXT, ODD_VALUES, st.integers(min_value=-(2**63), max_value=2**64).map(str))
# Field names a browser could send (multipart names with quotes or line breaks are not a form's doing).
FIELD_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=20)


def form_data(known_fields):
    """Known fields missing, given once or several times, with odd values, plus unknown fields."""
    return st.dictionaries(
        st.one_of(st.sampled_from(known_fields), FIELD_NAME),
        st.lists(VALUE, min_size=0, max_size=3),
        max_size=len(known_fields) + 3,
    )


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


@pytest.fixture
def quiz(db):
    return make_quiz(
        [
            make_question(),
            make_question(prompt="Qu'est-ce qu'un contrat de ville ?", kind=QuestionKind.FREE_TEXT),
            make_question(
                prompt="Cochez les bonnes réponses",
                kind=QuestionKind.MULTIPLE,
                choices=(("Oui", True), ("Aussi", True), ("Non", False)),
            ),
        ],
        attempts_allowed=0,
    )


@FUZZ
@given(data=form_data(["q1", "q2", "q3", "q4", "q0", "next", "csrfmiddlewaretoken"]), submit=st.booleans())
# Always tried: NUL bytes in a free-text answer (PostgreSQL refuses them in text) and an id past bigint.
@example(data={"q2": ["avant\x00après"], "q1": [str(2**70)], "q3": ["1", "1", "-5"]}, submit=True)
def test_fuzz_quiz_answers_never_cause_a_server_error(quiz, data, submit):
    """Forged choice ids, free text of any kind and repeated fields: saved or refused, never a 500."""
    learner = UserFactory()
    attempt = attempt_start(user=learner, quiz=quiz)
    client = Client()
    client.force_login(learner)

    assert_no_server_error(client.post(reverse("quizzes:take", args=[attempt.public_id]), data))
    assert_no_server_error(client.get(reverse("quizzes:review", args=[attempt.public_id])))
    if submit:
        assert_no_server_error(client.post(reverse("quizzes:submit", args=[attempt.public_id]), data))
        assert_no_server_error(client.get(reverse("quizzes:result", args=[attempt.public_id])))
    # Someone else's or a made-up attempt id is a 404, whatever is posted.
    # 404 for an attempt that does not exist; 400 first when the form carries a NUL byte (core.middleware).
    assert client.post(reverse("quizzes:take", args=[uuid.uuid4()]), data).status_code in (400, 404)


SIGNUP_FIELDS = ["email", "password1", "password2", "first_name", "last_name", "collectivite", "mandate", "region", "departement"]


@FUZZ
@given(data=form_data(SIGNUP_FIELDS), email=st.one_of(st.emails(), VALUE))
def test_fuzz_signup_never_causes_a_server_error(client, data, email):
    """Sign-up with odd names, addresses, choices and passwords: a form error or an account, never a 500."""
    cache.clear()  # the sign-up rate limit would otherwise answer 429 after 20 examples
    data = {**data, "email": [email]} if "email" not in data else data
    assert_no_server_error(client.post(reverse("account_signup"), data))


PROFILE_FIELDS = ["first_name", "last_name", "collectivite", "mandate", "region", "departement", "reminders_enabled"]


@FUZZ
@given(data=form_data(PROFILE_FIELDS))
def test_fuzz_profile_form_never_causes_a_server_error(client, learner, data):
    """The profile form with any fields: saved or refused in French, never a 500."""
    client.force_login(learner)
    response = client.post(reverse("accounts:profile"), data)
    assert_no_server_error(response)
    assert_no_server_error(client.get(reverse("accounts:profile")))


CSV_CELL = st.one_of(WEIRD_TEXT, ODD_VALUES, st.emails(), st.integers(min_value=-(10**12), max_value=10**12).map(str))
CSV_TEXT = st.builds(
    lambda header, rows, separator, newline: newline.join(separator.join(row) for row in [header, *rows]),
    st.lists(st.sampled_from(["e-mail", "email", "nom", "minutes", "Adresse", "durée", ""]), max_size=5),
    st.lists(st.lists(CSV_CELL, max_size=5), max_size=20),
    st.sampled_from([";", ",", "\t", '"', ";;"]),
    st.sampled_from(["\n", "\r\n", "\r", "\u2028"]),
)
CSV_BYTES = st.one_of(
    CSV_TEXT.map(lambda text: text.encode("utf-8")),
    CSV_TEXT.map(lambda text: text.encode("utf-16")),
    CSV_TEXT.map(lambda text: text.encode("cp1252", errors="replace")),
    st.binary(max_size=3000),
)


@pytest.fixture
def past_webinar(db):
    build_sections()
    webinar_index()
    UserFactory(email="anne@exemple.fr")  # a known address, so that some generated rows import
    start = timezone.now() - datetime.timedelta(days=2)
    return webinar(start=start, end=start + datetime.timedelta(minutes=90), min_minutes_for_attendance=30)


@FUZZ
@given(
    content=CSV_BYTES,
    filename=st.sampled_from(["presences.csv", "PRESENCES.CSV", "presences.txt", "sans-extension", "é\u202evsc.csv", ".csv"]),
)
def test_fuzz_attendance_import_never_causes_a_server_error(client, past_webinar, content, filename):
    """Any bytes under any name posted to the attendance import: imported or refused in French, never a 500."""
    client.force_login(UserFactory(group=groups.ADMINISTRATORS))
    url = f"/admin/webinaires/{past_webinar.pk}/presences/"
    assert_no_server_error(client.post(url, {"file": SimpleUploadedFile(filename, content)}))
