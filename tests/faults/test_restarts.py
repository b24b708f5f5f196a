"""Faults survived, measured (`make faults`, docs/operations.md): two gunicorn nodes with the production
settings on the private PostgreSQL and Redis that scripts/faults started.

- PostgreSQL restarted while 10 learners complete lessons: requests during the restart fail with an
  HTTP error (never a hang), succeed again after it without restarting gunicorn, and every lesson is
  completed exactly once.
- Redis restarted with e-mails queued: the nodes' cache reconnects, and a worker started after the
  restart delivers every queued e-mail exactly once.

Figures are written to FAULTS_RESULTS (var/faults-results.json)."""

import json
import os
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from accounts.models import EmailDelivery
from courses.models import LessonPage
from progress.models import LessonProgress
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
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
RESULTS = Path(os.environ.get("FAULTS_RESULTS", ROOT / "var" / "faults-results.json"))


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
    started = [Node("A", env, folder / "node-a.log"), Node("B", env, folder / "node-b.log")]
    try:
        deadline = time.monotonic() + 60
        for node in started:
            node.wait_healthy(deadline)
        yield started
    finally:
        for node in started:
            node.stop()


def test_postgresql_restart_under_load(nodes):
    """10 learners complete 12 lessons each through both nodes while PostgreSQL restarts: failures are
    HTTP errors during the restart only, the same gunicorn processes serve after it, and each of the
    120 completions is stored exactly once."""
    sections = build_sections()
    module = module_with_lessons(parent=sections.library, title="Le contrat de ville", lessons=LESSONS)
    course = course_with_modules(
        course_index=sections.course_index, modules=[module], title="Les fondamentaux", slug="fondamentaux"
    )
    lessons = list(LessonPage.objects.child_of(module).live().order_by("path"))
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

    outcomes = []  # (learner, lesson, status or error, monotonic time)
    lock = threading.Lock()
    restart = {}

    def learner_loop(index: int):
        cookies = sessions[index]
        for position, lesson in enumerate(lessons):
            node = nodes[(index + position) % 2]
            deadline = time.monotonic() + 90
            while True:
                try:
                    response = node.request(
                        "POST",
                        f"/mon-parcours/lecons/{lesson.pk}/terminer/",
                        cookies,
                        data={"csrfmiddlewaretoken": cookies["csrftoken"], "action": "terminer", "retour": lesson.url},
                    )
                    result = response.status_code
                except OSError as error:
                    result = type(error).__name__
                with lock:
                    outcomes.append((index, lesson.pk, result, time.monotonic()))
                if result == 302:
                    break
                assert time.monotonic() < deadline, f"learner {index} never completed lesson {lesson.pk}: {result}"
                time.sleep(0.3)  # as a person clicks again
            time.sleep(0.15)

    threads = [threading.Thread(target=learner_loop, args=(i,)) for i in range(LEARNERS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    restart["start"] = time.monotonic()
    restart["seconds"] = pg_ctl("-m", "fast", "-w", "restart")
    restart["end"] = time.monotonic()
    for thread in threads:
        thread.join(timeout=180)
    connection.close()  # this process's own connection died with the restart too

    failures = [outcome for outcome in outcomes if outcome[2] != 302]
    assert failures, "the restart happened while no request was in flight: nothing was measured"
    assert all(isinstance(status, int) and status >= 500 for _, _, status, _ in failures), failures
    # Failures belong to the restart (plus the few seconds a kept connection needs to be found dead).
    assert all(restart["start"] - 1 <= when <= restart["end"] + 10 for _, _, _, when in failures), failures
    assert [node.process.pid for node in nodes] == pids and all(node.process.poll() is None for node in nodes)
    for node in nodes:
        node.wait_healthy(time.monotonic() + 20)  # the same processes, healthy again (a busy machine may need a probe or two)
    stored = LessonProgress.objects.filter(user__in=learners, lesson__in=lessons, completed_at__isnull=False)
    assert stored.count() == LEARNERS * LESSONS
    assert stored.values("user", "lesson").distinct().count() == LEARNERS * LESSONS
    record(
        "postgresql_restart",
        {
            "requests": len(outcomes),
            "failed_during_restart": len(failures),
            "failure_statuses": sorted({str(status) for _, _, status, _ in failures}),
            "restart_seconds": round(restart["seconds"], 2),
            "completions_expected": LEARNERS * LESSONS,
            "completions_stored": stored.count(),
            "gunicorn_restarts": 0,
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
        try:
            for i in range(count):
                send_mail(f"Rappel {i}", f"Votre webinaire {i} commence demain.", None, [f"elu{i}@exemple.fr"])
        finally:
            app.conf.task_always_eager = True
    assert EmailDelivery.objects.filter(sent_at__isnull=True).count() == count
    queued_before = client.llen("celery")
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
