"""Scale-out: two gunicorn nodes on two ports, one database, one Redis.

The nodes run the production settings (DEBUG off, sessions in the database, cache and broker on
Redis db 12) against the test database: PostgreSQL in CI, the test's SQLite file otherwise. What
one node writes — a session, a completed lesson, a failed-login counter in the cache — the other
node sees, and content published once is served by both."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.db import connection
from wagtail.models import Site

from core.models import SiteSettings
from courses.models import LessonPage
from progress.models import LessonProgress
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.courses import build_sections, course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

ROOT = Path(__file__).resolve().parents[2]
HOST = "formation.example.org"
REDIS_URL = os.environ.get("ELEARNING_TEST_NODES_REDIS_URL", "redis://127.0.0.1:6379/12")
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    # The test database that pytest-django created, not the one DATABASE_URL names.
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


@dataclass
class Response:
    status_code: int
    text: str


class Node:
    """One gunicorn process, spoken to the way the reverse proxy would (Host, X-Forwarded-Proto)."""

    def __init__(self, name: str, env: dict, log: Path):
        self.name = name
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "elearning.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def request(self, method: str, path: str, cookies: dict, data: dict | None = None, proxied: bool = True) -> Response:
        """One request without following redirects. Cookies are kept by hand: they are Secure,
        and the proxy → node hop is plain HTTP."""
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
        return Response(status_code=response.status, text=text)

    def wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"node {self.name} stopped:\n{self.log.read_text()}"
            try:
                # As a load balancer probes: plain HTTP, no X-Forwarded-Proto.
                response = self.request("GET", "/healthz", {}, proxied=False)
                if response.status_code == 200:
                    assert json.loads(response.text) == {"database": "ok", "broker": "ok"}
                    return
            except OSError:
                pass
            time.sleep(0.3)
        pytest.fail(f"node {self.name} never answered /healthz:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def nodes(django_db_setup, tmp_path_factory):
    """Two nodes started once for this module; each test brings its own data (transactional)."""
    folder = tmp_path_factory.mktemp("nodes")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.integration.gunicorn_node_settings",
            "DJANGO_SECRET_KEY": "two-nodes-share-this-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
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


@pytest.fixture
def shared_redis(nodes):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()  # db 12 belongs to this test: each test starts with an empty cache and queue
    yield client
    client.flushdb()


@pytest.fixture(autouse=True)
def production_password_hasher(settings):
    """Passwords hashed as production hashes them (the test settings' fast hasher is refused by the nodes)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def course(db):
    sections = build_sections()
    module = module_with_lessons(parent=sections.library, title="Le contrat de ville", lessons=2)
    course = course_with_modules(
        course_index=sections.course_index, modules=[module], title="Les fondamentaux", slug="fondamentaux"
    )
    return course, list(LessonPage.objects.child_of(module).live().order_by("path"))


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(node: Node, email: str, password: str, cookies: dict) -> Response:
    form = node.request("GET", "/compte/login/", cookies)
    assert form.status_code == 200
    return node.request(
        "POST",
        "/compte/login/",
        cookies,
        data={"csrfmiddlewaretoken": csrf_token(form.text), "login": email, "password": password},
    )


def test_integration_lesson_completed_on_one_node_is_seen_on_the_other(nodes, shared_redis, course):
    """Signed in and lesson completed through node A; node B knows the session and shows the lesson done."""
    node_a, node_b = nodes
    course, lessons = course
    learner = UserFactory(email="gwenaelle.morvan@mairie-lorient.fr", password=DEFAULT_PASSWORD)
    cookies = {}

    signed_in = sign_in(node_a, learner.email, DEFAULT_PASSWORD, cookies)
    assert signed_in.status_code == 302, signed_in.text
    dashboard = node_b.request("GET", "/mon-parcours/", cookies)
    assert dashboard.status_code == 200  # the session written by A is read by B: no redirect to sign-in

    lesson_url = f"{lessons[0].url}?parcours={course.slug}"
    enrolled = node_a.request(
        "POST", f"/mon-parcours/parcours/{course.pk}/commencer/", cookies, data={"csrfmiddlewaretoken": cookies["csrftoken"]}
    )
    assert enrolled.status_code == 302
    before = node_b.request("GET", lesson_url, cookies)
    assert "J'ai terminé cette leçon" in before.text
    completed = node_a.request(
        "POST",
        f"/mon-parcours/lecons/{lessons[0].pk}/terminer/",
        cookies,
        data={"csrfmiddlewaretoken": csrf_token(before.text), "action": "terminer", "retour": lesson_url},
    )
    assert completed.status_code == 302

    after = node_b.request("GET", lesson_url, cookies)
    assert after.status_code == 200
    assert "Leçon terminée" in after.text
    assert "J'ai terminé cette leçon" not in after.text
    assert LessonProgress.objects.get(user=learner, lesson=lessons[0]).completed_at is not None
    assert "Les fondamentaux" in node_b.request("GET", "/mon-parcours/", cookies).text


def test_integration_both_nodes_share_the_cache_and_serve_what_is_published(nodes, course, shared_redis, settings):
    """Failed sign-ins counted by A and B add up in the one Redis cache; a cached footer cleared by a
    settings change and a published page show the new version on both nodes."""
    node_a, node_b = nodes
    course, lessons = course
    learner = UserFactory(email="yannick.le-bihan@mairie-saint-nazaire.fr", password=DEFAULT_PASSWORD)

    # allauth allows 5 failed sign-ins per address in 5 minutes. Three on A, two on B: if each node
    # counted in its own memory, B would still let the right password in.
    for node in (node_a, node_a, node_a, node_b, node_b):
        refused = sign_in(node, learner.email, "pas-le-bon-mot-de-passe", {})
        assert refused.status_code == 200
        assert "Trop de tentatives" not in refused.text
    assert shared_redis.keys("*allauth:rl:allauth.account:login_failed:*")  # the counters live in Redis
    blocked = sign_in(node_b, learner.email, DEFAULT_PASSWORD, {})
    assert blocked.status_code == 200
    assert "Trop de tentatives de connexion échouées" in blocked.text

    # The footer is cached in Redis by the nodes; saving the site settings here (this process uses
    # the same Redis) clears it, and both nodes show the new name at once.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    for node in nodes:
        assert "Centre de ressources politique de la ville" in node.request("GET", "/", {}).text
    assert shared_redis.keys("*content:*:footer*:*")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Centre de ressources Villes et quartiers de l'Ouest"
    site_settings.save()
    for node in nodes:
        assert "Centre de ressources Villes et quartiers de l&#x27;Ouest" in node.request("GET", "/", {}).text

    # Both nodes serve the lesson, and the one before it in the course, whose outline (cached in
    # Redis) names it as next; then the trainer publishes a new title: both serve the new one.
    lesson = lessons[1]
    in_course = f"{lessons[0].url}?parcours={course.slug}"
    for node in nodes:
        assert "Le contrat de ville — leçon 2" in node.request("GET", lesson.url, {}).text
        assert "Le contrat de ville — leçon 2" in node.request("GET", in_course, {}).text
    assert shared_redis.keys("*content:*:outline:*")
    lesson.title = "Qui signe le contrat de ville ?"
    lesson.save_revision().publish()
    for node in nodes:
        for url in (lesson.url, in_course):
            page = node.request("GET", url, {}).text
            assert "Qui signe le contrat de ville ?" in page.translate(PLAIN_SPACES)
            assert "Le contrat de ville — leçon 2" not in page
