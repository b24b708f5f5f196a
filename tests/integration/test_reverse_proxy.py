"""Finding 1, behind a real reverse proxy: Debian's nginx, started by the test on 127.0.0.1 with its own
configuration in a temporary folder, in front of two gunicorn nodes running the production settings
(FORWARDED_ALLOW_IPS=127.0.0.1, DJANGO_TRUSTED_PROXY_COUNT=1). Clients A and B connect to nginx from two
loopback addresses (127.0.0.2 and 127.0.0.3): the nodes only ever see nginx's address, and must still
count A and B apart. Skipped only where nginx is not installed (`apt-get install -y nginx`)."""

import http.client
import os
import shutil
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

from livequiz.models import LiveParticipant
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.integration.test_two_gunicorn_nodes import (  # noqa: F401 — fixtures shared with the two-node test
    HOST,
    REDIS_URL,
    Node,
    Response,
    csrf_token,
    database_url,
    free_port,
    production_password_hasher,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLIENT_A = "127.0.0.2"
CLIENT_B = "127.0.0.3"
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (apt-get install -y nginx)"),
]

NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream nodes {{
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://nodes;
            proxy_set_header Host $host;
            # As docs/deployment.md asks: append the client's address, say the scheme was HTTPS.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"""


class Proxy:
    """nginx in front of the nodes; each request leaves from a given client address."""

    def __init__(self, folder: Path, nodes: list[Node]):
        self.port = free_port()
        self.folder = folder
        conf = folder / "nginx.conf"
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(user=user, folder=folder, port=self.port, port_a=nodes[0].port, port_b=nodes[1].port))
        self.process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stderr=(folder / "nginx.out").open("w"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.request(CLIENT_A, "GET", "/healthz", {}).status_code == 200:
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"nginx never answered:\n{(folder / 'error.log').read_text() if (folder / 'error.log').exists() else ''}")

    def request(self, source: str, method: str, path: str, cookies: dict, data: dict | None = None, headers=None) -> Response:
        sent = {"Host": HOST, "Referer": f"https://{HOST}{path}", **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    cookies[name] = morsel.value
        finally:
            connection.close()
        return Response(status_code=response.status, text=text)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def proxy(django_db_setup, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.integration.gunicorn_node_settings",
            "DJANGO_SECRET_KEY": "proxy-nodes-share-this-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": REDIS_URL,
            "REDIS_CACHE_URL": REDIS_URL,
            "WAGTAILADMIN_BASE_URL": f"https://{HOST}",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_DEFAULT_FROM_EMAIL": "formation@example.org",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            # The pair docs/deployment.md documents: nginx's address, one proxy.
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
        }
    )
    nodes = [Node("A", env, folder / "node-a.log"), Node("B", env, folder / "node-b.log")]
    started = None
    try:
        deadline = time.monotonic() + 60
        for node in nodes:
            node.wait_healthy(deadline)
        started = Proxy(folder, nodes)
        yield started
    finally:
        if started:
            started.stop()
        for node in nodes:
            node.stop()


@pytest.fixture
def shared_redis(proxy):
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()


def sign_in(proxy: Proxy, source: str, email: str, password: str, headers=None) -> Response:
    cookies = {}
    form = proxy.request(source, "GET", "/compte/login/", cookies, headers=headers)
    assert form.status_code == 200, form.text[:500]
    return proxy.request(
        source,
        "POST",
        "/compte/login/",
        cookies,
        data={"csrfmiddlewaretoken": csrf_token(form.text), "login": email, "password": password},
        headers=headers,
    )


def test_proxy_failed_logins_from_one_client_leave_the_others_working(proxy, shared_redis):
    """10 failed logins from client A (guessing an élu's password) stop A; client B signs in to that very
    address and to another one; A cannot dodge its limit by sending its own X-Forwarded-For."""
    victim = UserFactory(email="maire@mairie-quimper.fr", password=DEFAULT_PASSWORD)
    other = UserFactory(email="adjointe@mairie-quimper.fr", password=DEFAULT_PASSWORD)
    for _ in range(10):
        refused = sign_in(proxy, CLIENT_A, victim.email, "pas-le-bon-mot-de-passe")
        assert refused.status_code == 200
    blocked = sign_in(proxy, CLIENT_A, victim.email, DEFAULT_PASSWORD)
    assert "Trop de tentatives" in blocked.text
    spoofed = sign_in(proxy, CLIENT_A, victim.email, DEFAULT_PASSWORD, headers={"X-Forwarded-For": "198.51.100.77"})
    assert "Trop de tentatives" in spoofed.text

    assert sign_in(proxy, CLIENT_B, victim.email, DEFAULT_PASSWORD).status_code == 302
    assert sign_in(proxy, CLIENT_B, other.email, DEFAULT_PASSWORD).status_code == 302
    log = (proxy.folder / "node-a.log").read_text() + (proxy.folder / "node-b.log").read_text()
    assert CLIENT_A in log and CLIENT_B in log  # the nodes' access log names the client, not only nginx


def test_proxy_live_quiz_wrong_codes_limit_is_per_client(proxy, shared_redis):
    """40 wrong live-quiz codes from client A pause A only: client B still gets the normal answer."""
    for _ in range(40):
        cookies = {}
        form = proxy.request(CLIENT_A, "GET", "/salle/", cookies)
        proxy.request(CLIENT_A, "POST", "/salle/", cookies, data={"csrfmiddlewaretoken": csrf_token(form.text), "code": "ZZZZZZ"})
    cookies = {}
    form = proxy.request(CLIENT_A, "GET", "/salle/", cookies)
    paused = proxy.request(
        CLIENT_A, "POST", "/salle/", cookies, data={"csrfmiddlewaretoken": csrf_token(form.text), "code": "ZZZZZZ"}
    )
    assert "Trop de codes erronés" in paused.text

    cookies = {}
    form = proxy.request(CLIENT_B, "GET", "/salle/", cookies)
    answered = proxy.request(
        CLIENT_B, "POST", "/salle/", cookies, data={"csrfmiddlewaretoken": csrf_token(form.text), "code": "ZZZZZZ"}
    )
    assert "Trop de codes erronés" not in answered.text
    assert "Aucune session en cours" in answered.text
    assert LiveParticipant.objects.count() == 0
