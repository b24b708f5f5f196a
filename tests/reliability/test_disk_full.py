"""Fault: the media volume fills up while a queued report export is written. The export fails with the
French message of the export list, no half file is left on the volume, and once space is freed the
same export asked again is written whole. The volume is a real 256 KB tmpfs (the test runs as root in
CI); elsewhere the same write fails with ENOSPC injected at the operating-system call."""

import errno
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from reports.exports import report_export_build, report_export_request
from reports.models import ReportExport
from tests.reports.reports_fixtures import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_volume(tmp_path, settings, monkeypatch):
    """MEDIA_ROOT on a tmpfs of 256 KB, filled but for 4 KB (or, without mount rights, a write that fails after 4 KB)."""
    mountpoint = tmp_path / "media"
    mountpoint.mkdir()
    mounted = (
        os.geteuid() == 0
        and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mountpoint)]).returncode == 0
    )
    settings.MEDIA_ROOT = str(mountpoint)
    filler = mountpoint / "filler.bin"
    if mounted:
        stats = os.statvfs(mountpoint)
        filler.write_bytes(b"\0" * (stats.f_bavail * stats.f_frsize - 4096))
    else:
        real_write = os.write
        budget = {"left": 4096}

        def write(fd, data):  # the media volume's files only: the temporary file is elsewhere
            if os.readlink(f"/proc/self/fd/{fd}").startswith(str(mountpoint)):
                if budget["left"] <= 0:
                    raise OSError(errno.ENOSPC, "No space left on device")
                budget["left"] -= len(data)
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)
    yield SimpleVolume(mountpoint, filler)
    if mounted:
        subprocess.run(["umount", str(mountpoint)], check=True)


class SimpleVolume:
    def __init__(self, root: Path, filler: Path):
        self.root = root
        self.filler = filler

    def files(self) -> list[Path]:
        return sorted(path for path in self.root.rglob("*") if path.is_file() and path != self.filler)


def queued_export(scenario) -> ReportExport:
    return report_export_request(
        requester=scenario.trainer,
        report="course",
        title=f"Rapport {uuid.uuid4().hex[:6]}",
        filters={"query": {}, "kwargs": {"course_id": scenario.course.pk}},
        format="xlsx",  # a few KB: more than the 4 KB left
    )


def test_disk_full_during_an_export_leaves_no_half_file_and_says_so(small_volume, client, django_capture_on_commit_callbacks):
    """ENOSPC in the middle of the file: status « Échec », French message in the list, nothing on the volume."""
    scenario = build_scenario()
    with django_capture_on_commit_callbacks(execute=False):
        export = queued_export(scenario)
    assert report_export_build(export_id=export.pk) is False
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED and not export.file
    assert small_volume.files() == []  # no truncated .xlsx left behind
    client.force_login(scenario.trainer)
    assert "Échec : relancez l'export depuis le rapport." in client.get("/admin/rapports/exports/").content.decode()

    small_volume.filler.unlink()  # space freed: the same export asked again is written whole
    with django_capture_on_commit_callbacks(execute=False):
        again = queued_export(scenario)
    assert report_export_build(export_id=again.pk) is True
    again.refresh_from_db()
    assert again.status == ReportExport.Status.READY
    with again.file.open("rb") as handle:
        assert handle.read().startswith(b"PK")  # a whole XLSX (zip) file
