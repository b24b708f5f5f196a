import fcntl
import hashlib
import json
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import wagtail_factories

from accounts import groups
from quizzes.models import QuestionKind, Scoring
from tests.factories.accounts import UserFactory
from tests.factories.courses import LessonPageFactory, build_sections, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz


@pytest.fixture
def sections(db):
    from courses.permissions import grant_section_permissions_for_site

    built = build_sections()
    grant_section_permissions_for_site()
    return built


@pytest.fixture
def trainer(db):
    return UserFactory(group=groups.TRAINERS)


@pytest.fixture
def scorm_module(sections, media_root):
    """A module with two lessons (one with an image, a link out and a link to another page of the site)
    and a quiz of two questions, one of them with several right answers."""
    quiz = make_quiz(
        [
            make_question(prompt="Combien de quartiers prioritaires compte l'Hexagone depuis 2024 ?"),
            make_question(
                prompt="Quels acteurs signent le contrat de ville ?",
                kind=QuestionKind.MULTIPLE,
                scoring=Scoring.ALL_OR_NOTHING,
                choices=(("L'État", True), ("L'intercommunalité", True), ("Une entreprise privée", False)),
                explanation="Le contrat de ville est signé par l'État et l'intercommunalité.",
            ),
            make_question(prompt="Décrivez un quartier que vous connaissez.", kind=QuestionKind.FREE_TEXT),
        ],
        title="Quiz — La géographie prioritaire",
        pass_mark=100,
    )
    module = module_with_lessons(parent=sections.library, title="Le quartier en cartes", lessons=0, quiz=quiz)
    image = wagtail_factories.ImageFactory(title="Carte du quartier")
    document = wagtail_factories.DocumentFactory(title="Décret du 28 décembre 2023")
    LessonPageFactory(
        parent=module,
        title="Lire la carte",
        body=[
            {
                "type": "paragraph",
                "value": '<p>Voir <a href="https://www.legifrance.gouv.fr/loi">la loi</a> et <a href="/parcours/">les parcours</a>.</p>',
            },
            {"type": "image", "value": {"image": image.pk, "alt": "Carte du quartier prioritaire", "decorative": False}},
            {
                "type": "key_points",
                "value": {"title": "À retenir", "items": ["Un quartier prioritaire a un périmètre fixé par décret."]},
            },
            {"type": "document", "value": {"document": document.pk, "title": "Le décret", "description": ""}},
        ],
    )
    LessonPageFactory(parent=module, title="Les acteurs du contrat de ville")
    return module


# --- Ralph, the LRS -------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
RALPH_VENV = ROOT / "var" / "ralph-venv"
RALPH_REQUIREMENTS = ROOT / "requirements-lrs.txt"


def ensure_ralph_venv() -> Path:
    """Ralph's own virtualenv (its pins differ from ours), made from requirements-lrs.txt when missing
    or out of date; PyPI is the only source."""
    python = RALPH_VENV / "bin" / "python"
    marker = RALPH_VENV / ".installed"
    wanted = hashlib.sha256(RALPH_REQUIREMENTS.read_bytes()).hexdigest()
    RALPH_VENV.parent.mkdir(parents=True, exist_ok=True)
    # Test workers (pytest -n) share the virtualenv: one makes it, the others wait.
    with (RALPH_VENV.parent / "ralph-venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if python.exists() and marker.exists() and marker.read_text() == wanted:
            return python
        subprocess.run([sys.executable, "-m", "venv", str(RALPH_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(RALPH_REQUIREMENTS)], check=True)
        marker.write_text(wanted)
    return python


@dataclass
class Lrs:
    url: str
    username: str
    password: str
    folder: Path

    def stored(self) -> list[dict]:
        """Every statement Ralph wrote to its file-system backend, in order."""
        path = self.folder / "fs_lrs.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_ralph(python: Path, folder: Path, password: str):
    """Ralph on a free port, once it answers; None when it stopped at once (the port was taken
    between our probe and its bind, by another test worker)."""
    port = _free_port()
    log = (folder / "ralph.log").open("w")
    process = subprocess.Popen(
        [
            str(python),
            str(ROOT / "scripts" / "ralph_lrs.py"),
            "--port",
            str(port),
            "--dir",
            str(folder),
            f"--password={password}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    # Two cores shared by several test runs: Ralph may take a while to import.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/__heartbeat__", timeout=1).ok:
                return process, port
        except requests.RequestException:
            pass
        if process.poll() is not None:
            return None
        time.sleep(0.3)
    process.kill()
    pytest.fail("Ralph did not answer within 120 s:\n" + (folder / "ralph.log").read_text())


@contextmanager
def running_ralph(folder: Path):
    python = ensure_ralph_venv()
    password = secrets.token_urlsafe(16)
    for _attempt in range(3):
        started = _start_ralph(python, folder, password)
        if started is not None:
            break
    else:
        pytest.fail("Ralph did not start:\n" + (folder / "ralph.log").read_text())
    process, port = started
    try:
        yield Lrs(url=f"http://127.0.0.1:{port}/xAPI/", username="elearning", password=password, folder=folder)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def ralph(tmp_path):
    folder = tmp_path / "lrs"
    folder.mkdir()
    with running_ralph(folder) as lrs:
        yield lrs


@pytest.fixture
def xapi_on(settings, ralph):
    """xAPI on, pointing at a fresh Ralph."""
    settings.XAPI_LRS_URL = ralph.url
    settings.XAPI_LRS_USERNAME = ralph.username
    settings.XAPI_LRS_PASSWORD = ralph.password
    return ralph
