"""scripts/backup and scripts/restore: a backup restored into a fresh database gives back the same rows
and the same media bytes; a restore over a non-empty database is refused without FORCE=1."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from accounts.models import User
from progress.models import Attestation, CourseCompletion, Enrolment, LessonProgress, ModuleCompletion
from progress.services import enrolment_create, lesson_complete
from tests.factories.accounts import UserFactory
from tests.progress.conftest import build_course

from .conftest import database_url, requires_postgresql

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]
MODELS = [User, Enrolment, LessonProgress, ModuleCompletion, CourseCompletion, Attestation]


def run_script(name, *args, **env):
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / name), *args],
        env={**os.environ, **{key: str(value) for key, value in env.items()}},
        capture_output=True,
        text=True,
        timeout=120,
    )


def rows(url):
    """Every row of the tables the test cares about, in primary-key order."""
    with psycopg.connect(url) as conn:
        return {
            model._meta.db_table: conn.execute(f'SELECT * FROM "{model._meta.db_table}" ORDER BY 1').fetchall()
            for model in MODELS
        }


def drop_database(name):
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    drop_database(name)
    yield name
    drop_database(name)


def test_backup_then_restore_gives_back_the_same_rows_and_media(settings, tmp_path, restored_name):
    """A learner with an enrolment, a completed lesson and an attestation PDF survives backup + restore
    into a fresh database: same rows, same PDF bytes. Restoring again over it needs FORCE=1."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    learner = UserFactory(email="sauvegarde@exemple.fr")
    course = build_course(modules=1, lessons=1)
    enrolment_create(user=learner, course=course.course)
    lesson_complete(user=learner, lesson=course.lessons()[0])
    attestation = Attestation.objects.get(user=learner)  # issued by the (eager) task after the commit
    pdf = media / attestation.pdf.name
    assert pdf.read_bytes().startswith(b"%PDF-")
    original = rows(database_url())
    assert all(original[model._meta.db_table] for model in MODELS), "every table has data to compare"

    backups = tmp_path / "backups"
    backup = run_script("backup", DATABASE_URL=database_url(), DJANGO_MEDIA_ROOT=media, BACKUP_DIR=backups)
    assert backup.returncode == 0, backup.stderr
    (folder,) = [path for path in backups.iterdir() if path.is_dir()]
    assert {path.name for path in folder.iterdir()} == {"db.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    restore = run_script(
        "restore", str(folder), DATABASE_URL=database_url(), TARGET_DB=restored_name, DJANGO_MEDIA_ROOT=restored_media
    )
    assert restore.returncode == 0, restore.stderr
    assert rows(database_url(restored_name)) == original
    assert (restored_media / attestation.pdf.name).read_bytes() == pdf.read_bytes()

    # The restored database is not empty now: a second restore is refused in French and changes nothing.
    with psycopg.connect(database_url(restored_name), autocommit=True) as conn:
        conn.execute(f"UPDATE {User._meta.db_table} SET first_name = 'Modifiée' WHERE email = 'sauvegarde@exemple.fr'")
    again = run_script(
        "restore", str(folder), DATABASE_URL=database_url(), TARGET_DB=restored_name, DJANGO_MEDIA_ROOT=restored_media
    )
    assert again.returncode == 1
    assert "n'est pas vide" in again.stderr and "FORCE=1" in again.stderr
    assert rows(database_url(restored_name)) != original

    forced = run_script(
        "restore",
        str(folder),
        DATABASE_URL=database_url(),
        TARGET_DB=restored_name,
        DJANGO_MEDIA_ROOT=restored_media,
        FORCE=1,
    )
    assert forced.returncode == 0, forced.stderr
    assert rows(database_url(restored_name)) == original
    assert (restored_media / attestation.pdf.name).read_bytes() == pdf.read_bytes()

    # Retention: with BACKUP_KEEP=1 the next backup replaces the previous one.
    newer = run_script("backup", DATABASE_URL=database_url(), DJANGO_MEDIA_ROOT=media, BACKUP_DIR=backups, BACKUP_KEEP=1)
    assert newer.returncode == 0, newer.stderr
    remaining = [path for path in backups.iterdir()]
    assert len(remaining) == 1 and remaining[0] != folder and (remaining[0] / "SHA256SUMS").is_file()


def test_restore_refuses_a_damaged_backup(tmp_path, restored_name):
    """A backup whose dump does not match its checksum is refused before anything is written."""
    folder = tmp_path / "20260101T000000000000Z"
    folder.mkdir()
    (folder / "db.dump").write_bytes(b"abime")
    (folder / "media.tar.gz").write_bytes(b"")
    (folder / "SHA256SUMS").write_text("0" * 64 + "  db.dump\n")

    result = run_script("restore", str(folder), DATABASE_URL=database_url(), TARGET_DB=restored_name)

    assert result.returncode == 1
    assert "abîmé" in result.stderr
    with psycopg.connect(database_url("postgres")) as conn:
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [restored_name]).fetchone() == (0,)
