"""Faults survived, measured (`make faults`, docs/operations.md): two gunicorn nodes with the production
settings on the private PostgreSQL and Redis that scripts/faults started.

- PostgreSQL restarted while 10 learners complete lessons and send quizzes: requests during the restart
  fail with the French error page (never a hang), succeed again after it without restarting gunicorn,
  every lesson is completed exactly once, and every quiz sending answered with its result page is
  exactly one graded attempt (retries and double clicks never open a second one).
- Redis restarted with e-mails queued: the nodes' cache reconnects, and a worker started after the
  restart delivers every queued e-mail exactly once.

Figures are written to FAULTS_RESULTS (var/faults-results.json)."""

import http.client
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection

from accounts.models import EmailDelivery
from courses.models import LessonPage
from progress.models import LessonProgress
from quizzes.models import Answer, Attempt, AttemptStatus, Choice
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.integration.test_two_gunicorn_nodes import (  # noqa: F401 — the hasher fixture is autouse there
    HOST,
    Node,
    database_url,
    production_password_hasher,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = f"redis://127.0.0.1:{os.environ.get('FAULTS_REDIS_PORT', '56379')}/1"
LEARNERS = 10
LESSONS = 12
QUIZZES = 4
RESULTS = Path(os.environ.get("FAULTS_RESULTS", ROOT / "var" / "faults-results.json"))


@dataclass
class Answered:
    status_code: int
    text: str
    location: str


class FaultNode(Node):
    """A node whose answers keep their Location: a quiz's attempt id is in the redirect. The request is
    Node.request's (same headers, cookies kept by hand), reading one more header."""

    def request(self, method: str, path: str, cookies: dict, data: dict | None = None, proxied: bool = True) -> Answered:
        headers = {"Host": HOST}
        if proxied:
            headers.update({"X-Forwarded-Proto": "https", "Referer": f"https://{HOST}{path}"})
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        cookies[name] = morsel.value
                    else:
                        cookies.pop(name, None)
        finally:
            client.close()
        return Answered(response.status, text, response.headers.get("Location", ""))


def record(name: str, figures: dict) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[name] = {**figures, "measured_at": time.strftime("%Y-%m-%d %H:%M:%S")}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def pg_ctl(*args) -> float:
    started = time.monotonic()
    command = [
        *shlex.split(os.environ.get("FAULTS_RUN_AS", "")),
        f"{os.environ['FAULTS_PG_BIN']}/pg_ctl",
        "-D",
        os.environ["FAULTS_PG_DATA"],
        *args,
    ]
    # The server started by pg_ctl inherits its output: a file, not a pipe that would never close.
    with open(Path(os.environ["FAULTS_PG_DATA"]) / "server.log", "ab") as log:
        subprocess.run([*command, "-l", log.name], check=True, stdout=log, stderr=subprocess.STDOUT, timeout=120)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def nodes(django_db_setup, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fault-nodes")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.integration.gunicorn_node_settings",
            "DJANGO_SECRET_KEY": "fault-nodes-share-this-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "60",  # kept connections: the restart breaks them, health checks must notice
            "CELERY_BROKER_URL": REDIS_URL,
            "REDIS_CACHE_URL": REDIS_URL,
            "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_DEFAULT_FROM_EMAIL": "formation@example.org",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
        }
    )
    started = [FaultNode("A", env, folder / "node-a.log"), FaultNode("B", env, folder / "node-b.log")]
    try:
        deadline = time.monotonic() + 60
        for node in started:
            node.wait_healthy(deadline)
        yield started
    finally:
        for node in started:
            node.stop()


def test_postgresql_restart_under_load(nodes):
    """10 learners, through both nodes, complete 12 lessons and send 4 quizzes each (start, answer,
    send, then send again as a double click) while PostgreSQL restarts: failures are clean HTTP errors
    (the French error page, never a hang) during the restart only, the same gunicorn processes serve
    after it, each of the 120 completions is stored exactly once, and each quiz sending that was
    answered with the result page is one graded attempt — retried or double-clicked sendings never
    make a second one."""
    sections = build_sections()
    module = module_with_lessons(parent=sections.library, title="Le contrat de ville", lessons=LESSONS)
    course = course_with_modules(
        course_index=sections.course_index, modules=[module], title="Les fondamentaux", slug="fondamentaux"
    )
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
    questions = [make_question() for _ in range(QUIZZES)]
    quizzes = [make_quiz([question], title=f"Quiz de la séquence {k + 1}") for k, question in enumerate(questions)]
    right_choice = {
        quiz.pk: Choice.objects.get(question=question, text="1 362").pk for quiz, question in zip(quizzes, questions, strict=True)
    }
    learners = [UserFactory(email=f"elu{i}@mairie-lannion.fr", password=DEFAULT_PASSWORD) for i in range(LEARNERS)]
    pids = [node.process.pid for node in nodes]
    sessions = []
    for i, learner in enumerate(learners):
        cookies = {}
        node = nodes[i % 2]
        assert sign_in(node, learner.email, DEFAULT_PASSWORD, cookies).status_code == 302
        csrf = {"csrfmiddlewaretoken": cookies["csrftoken"]}
        assert node.request("POST", f"/mon-parcours/parcours/{course.pk}/commencer/", cookies, data=csrf).status_code == 302
        sessions.append(cookies)

    outcomes = []  # (learner, kind, status or error name, monotonic time, seconds taken)
    error_pages = []  # bodies of the 5xx answers
    sent = []  # (learner, quiz pk, attempt public id) of every sending answered with the result page
    lock = threading.Lock()
    restart = {}

    def until_done(index: int, kind: str, position: int, path: str, data: dict, done) -> str:
        """Send one request as a person would: again after 0.3 s while it fails. Returns Location."""
        deadline = time.monotonic() + 90
        while True:
            node = nodes[(index + position) % 2]
            started = time.monotonic()
            try:
                response = node.request("POST", path, sessions[index], data=data)
                result, location = response.status_code, response.location
            except OSError as error:
                result, location, response = type(error).__name__, "", None
            with lock:
                outcomes.append((index, kind, result, time.monotonic(), time.monotonic() - started))
                if response is not None and response.status_code >= 500:
                    error_pages.append(response.text)
            if result == 302 and done(location):
                return location
            assert time.monotonic() < deadline, f"learner {index} never got through {kind} {path}: {result} {location}"
            time.sleep(0.3)

    def lesson_steps(index: int):
        for position, lesson in enumerate(lessons):
            data = {"csrfmiddlewaretoken": sessions[index]["csrftoken"], "action": "terminer", "retour": lesson.url}
            until_done(index, "lesson", position, f"/mon-parcours/lecons/{lesson.pk}/terminer/", data, lambda url: True)
            time.sleep(0.15)

    def quiz_steps(index: int):
        csrf = {"csrfmiddlewaretoken": sessions[index]["csrftoken"]}
        for position, quiz in enumerate(quizzes):
            # A start retried after a failure finds the attempt the failed one may have opened.
            take = until_done(
                index, "quiz", position, f"/quiz/{quiz.public_id}/commencer/", csrf, lambda url: "/quiz/tentative/" in url
            )
            attempt = re.search(r"/quiz/tentative/([0-9a-f-]{36})/", take).group(1)
            time.sleep(0.15)
            answers = {**csrf, "q1": str(right_choice[quiz.pk])}
            until_done(index, "quiz", position, f"/quiz/tentative/{attempt}/", answers, lambda url: "/verifier/" in url)
            time.sleep(0.15)
            for _ in range(2):  # sent, then sent again at once (a double click): both end on the result page
                until_done(index, "quiz", position, f"/quiz/tentative/{attempt}/envoyer/", csrf, lambda url: "/resultat/" in url)
                with lock:
                    sent.append((index, quiz.pk, attempt))
            time.sleep(0.15)

    def learner_loop(index: int):
        # Half the learners start with the quizzes: whenever the restart comes, both kinds are in flight.
        steps = (lesson_steps, quiz_steps) if index % 2 == 0 else (quiz_steps, lesson_steps)
        for step in steps:
            step(index)

    threads = [threading.Thread(target=learner_loop, args=(i,)) for i in range(LEARNERS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    restart["start"] = time.monotonic()
    restart["seconds"] = pg_ctl("-m", "fast", "-w", "restart")
    restart["end"] = time.monotonic()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(thread.is_alive() for thread in threads), "a learner was still waiting 4 minutes later"
    connection.close()  # this process's own connection died with the restart too

    failures = [outcome for outcome in outcomes if outcome[2] != 302]
    assert failures, "the restart happened while no request was in flight: nothing was measured"
    assert {kind for _, kind, _, _, _ in failures} == {"lesson", "quiz"}, "both kinds must fail during the restart"
    # Clean failures: an HTTP error with the French error page, never a reset connection nor a time-out.
    assert all(isinstance(status, int) and status >= 500 for _, _, status, _, _ in failures), failures
    assert error_pages and all("Un problème est survenu de notre côté" in page for page in error_pages)
    assert max(taken for *_, taken in outcomes) < 15, "a request hung"
    # Failures belong to the restart (plus the few seconds a kept connection needs to be found dead).
    assert all(restart["start"] - 1 <= when <= restart["end"] + 10 for _, _, _, when, _ in failures), failures
    assert [node.process.pid for node in nodes] == pids and all(node.process.poll() is None for node in nodes)
    for node in nodes:
        node.wait_healthy(time.monotonic() + 20)  # the same processes, healthy again (a busy machine may need a probe or two)

    stored = LessonProgress.objects.filter(user__in=learners, lesson__in=lessons, completed_at__isnull=False)
    assert stored.count() == LEARNERS * LESSONS
    assert stored.values("user", "lesson").distinct().count() == LEARNERS * LESSONS

    # Every sending answered with the result page is one graded attempt, and there is no other attempt.
    answered = {(learners[index].pk, quiz_pk, attempt) for index, quiz_pk, attempt in sent}
    attempts = Attempt.objects.filter(user__in=learners, quiz__in=quizzes)
    rows = {(user, quiz, str(public_id)) for user, quiz, public_id in attempts.values_list("user", "quiz", "public_id")}
    assert len(answered) == LEARNERS * QUIZZES and rows == answered
    assert attempts.count() == LEARNERS * QUIZZES
    assert attempts.filter(status=AttemptStatus.GRADED, number=1, score=1, passed=True).count() == LEARNERS * QUIZZES
    assert Answer.objects.filter(attempt__in=attempts).count() == LEARNERS * QUIZZES

    lesson_requests = [outcome for outcome in outcomes if outcome[1] == "lesson"]
    quiz_requests = [outcome for outcome in outcomes if outcome[1] == "quiz"]
    record(
        "postgresql_restart",
        {
            "requests": len(outcomes),
            "lesson_requests": len(lesson_requests),
            "quiz_requests": len(quiz_requests),
            "failed_during_restart": len(failures),
            "lesson_requests_failed": sum(outcome[1] == "lesson" for outcome in failures),
            "quiz_requests_failed": sum(outcome[1] == "quiz" for outcome in failures),
            "failure_statuses": sorted({str(status) for _, _, status, _, _ in failures}),
            "slowest_answer_seconds": round(max(taken for *_, taken in outcomes), 2),
            "restart_seconds": round(restart["seconds"], 2),
            "postgresql_restarts": 1,
            "gunicorn_restarts": 0,
            "completions_expected": LEARNERS * LESSONS,
            "completions_stored": stored.count(),
            "quiz_sendings_answered": len(sent),
            "attempts_expected": LEARNERS * QUIZZES,
            "attempts_stored": attempts.count(),
            "attempts_graded": attempts.filter(status=AttemptStatus.GRADED).count(),
            "answers_stored": Answer.objects.filter(attempt__in=attempts).count(),
        },
    )


def test_redis_restart_queued_emails_delivered_once(nodes, tmp_path):
    """E-mails queued before a Redis restart (append-only file on) are delivered exactly once by a worker
    started after it; the nodes' cache (sign-in limits) works again without restarting them."""
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    from django.core.mail import send_mail
    from django.test import override_settings

    mail_folder = tmp_path / "mail"
    count = 20
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=REDIS_URL):
        from elearning.celery import app

        app.conf.broker_url = REDIS_URL
        app.conf.task_always_eager = False
        # Connections an earlier test of the same run opened to the test settings' memory:// broker
        # are pooled: forgotten here, or the e-mails would be queued there and never reach Redis.
        app._pool = None
        app.amqp._producer_pool = None
        try:
            for i in range(count):
                send_mail(f"Rappel {i}", f"Votre webinaire {i} commence demain.", None, [f"elu{i}@exemple.fr"])
        finally:
            app.conf.task_always_eager = True
    assert EmailDelivery.objects.filter(sent_at__isnull=True).count() == count
    queued_before = client.llen("celery")
    assert queued_before == count, "the e-mails must wait in Redis when it restarts"
    started = time.monotonic()
    try:
        client.execute_command("SHUTDOWN")  # AOF on: the queue is on disk
    except redis.ConnectionError:
        pass  # the server closes the connection as it stops
    subprocess.run(
        [
            "redis-server",
            "--port",
            REDIS_URL.split(":")[2].split("/")[0],
            "--bind",
            "127.0.0.1",
            "--dir",
            os.environ["FAULTS_REDIS_DIR"],
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--daemonize",
            "yes",
            "--pidfile",
            str(Path(os.environ["FAULTS_REDIS_DIR"]).parent / "redis.pid"),
            "--logfile",
            str(Path(os.environ["FAULTS_REDIS_DIR"]) / "redis.log"),
        ],
        check=True,
    )
    for _ in range(50):
        try:
            if redis.Redis.from_url(REDIS_URL).ping():
                break
        except redis.ConnectionError:
            time.sleep(0.1)
    restart_seconds = time.monotonic() - started
    queued_after = redis.Redis.from_url(REDIS_URL).llen("celery")

    # The nodes' cache reconnects by itself: failed sign-ins are counted again in the restarted Redis.
    learner = UserFactory(email="redis.restart@mairie-vitre.fr", password=DEFAULT_PASSWORD)
    for node in nodes:
        assert sign_in(node, learner.email, "mauvais-mot-de-passe", {}).status_code == 200
    assert redis.Redis.from_url(REDIS_URL).keys("*login_failed*")

    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "elearning.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "ELEARNING_CELERY_EAGER": "0",
            "ELEARNING_EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "ELEARNING_EMAIL_FILE_PATH": str(mail_folder),
        }
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "elearning", "worker", "--pool", "solo", "--loglevel", "warning"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and EmailDelivery.objects.filter(sent_at__isnull=True).exists():
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    connection.close()
    assert not EmailDelivery.objects.filter(sent_at__isnull=True).exists(), (tmp_path / "worker.log").read_text()[-3000:]
    sent_files = list(mail_folder.glob("*.log"))
    bodies = "".join(path.read_text() for path in sent_files)
    delivered = [i for i in range(count) if f"Rappel {i}" in bodies]
    assert delivered == list(range(count))
    assert all(bodies.count(f"Subject: Rappel {i}\n") == 1 for i in range(count))
    record(
        "redis_restart",
        {
            "emails_queued": count,
            "queue_length_before_restart": queued_before,
            "queue_length_after_restart": queued_after,
            "restart_seconds": round(restart_seconds, 2),
            "emails_delivered": len(delivered),
            "emails_delivered_twice": sum(bodies.count(f"Subject: Rappel {i}\n") > 1 for i in range(count)),
        },
    )
