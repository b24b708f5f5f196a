"""30 phones through the real web stack (threaded live server, one cookie jar per phone), answering
in the same second; one of them taps twice."""

import re
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from livequiz.models import LiveAnswer, LiveParticipant
from livequiz.services import live_session_start

from .conftest import choice_id

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class RoomyServer(ThreadedWSGIServer):
    # socketserver queues 5 pending connections; a room of phones connecting in the same instant
    # needs more (gunicorn's backlog is 2048). Otherwise the test would measure the test server.
    request_queue_size = 64


class RoomyLiveServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def room_server(transactional_db):
    """A threaded live server of our own, with room for 30 simultaneous connections."""
    thread = RoomyLiveServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    thread.join()


class Phone:
    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
            return response.geturl(), response.read().decode()


def test_http_thirty_phones_answer_at_once_through_the_web_stack(room_server, quiz, trainer):
    """Every phone's answer is counted once, the double tap is told « déjà répondu »."""
    session = live_session_start(quiz=quiz, user=trainer)
    phones = [Phone(room_server) for _ in range(30)]
    tokens = []
    for phone in phones:
        _url, form = phone.get("/salle/")
        url, page = phone.post("/salle/", {"code": session.code, "csrfmiddlewaretoken": TOKEN.search(form).group(1)})
        assert url.endswith(f"/salle/{session.public_id}/") and "Question 1 sur 3" in page
        tokens.append(TOKEN.search(page).group(1))

    good = choice_id(session, 1, "1 362")
    who = list(range(30)) + [0]  # the last submit is the first phone tapping again
    barrier = threading.Barrier(len(who))
    pages = [None] * len(who)

    def submit(index):
        phone = who[index]
        data = {"position": 1, "choix": [good], "csrfmiddlewaretoken": tokens[phone]}
        try:
            barrier.wait(timeout=30)
            pages[index] = phones[phone].post(f"/salle/{session.public_id}/repondre/", data)[1]
        except Exception as error:  # noqa: BLE001 - reported below
            pages[index] = error

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(who))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [page for page in pages if not isinstance(page, str)] == []
    recorded = sum("Votre réponse a bien été enregistrée." in page for page in pages)
    already = sum("Vous avez déjà répondu à cette question" in page for page in pages)
    assert (recorded, already) == (30, 1)
    assert LiveParticipant.objects.filter(session=session).count() == 30
    assert LiveAnswer.objects.filter(session=session, position=1).count() == 30
