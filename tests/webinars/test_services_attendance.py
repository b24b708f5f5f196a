import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import groups
from tests.factories.accounts import UserFactory
from tests.factories.webinars import webinar
from webinars.models import Attendance
from webinars.selectors import attended_webinars_for_user
from webinars.services import AttendanceImportError, attendance_import

pytestmark = pytest.mark.django_db


def _past_webinar(**kwargs):
    start = timezone.now() - datetime.timedelta(days=2)
    return webinar(start=start, end=start + datetime.timedelta(minutes=90), min_minutes_for_attendance=30, **kwargs)


def test_services_attendance_import_semicolon_file_with_bom(index):
    """A UTF-8 file with BOM and ; separators is imported; reconnections are added up."""
    page = _past_webinar()
    anne, bruno = UserFactory(email="anne@exemple.fr"), UserFactory(email="bruno@exemple.fr")
    content = "E-mail;Nom;Minutes\nANNE@exemple.fr;Anne Élue;40\nbruno@exemple.fr;Bruno;10\nbruno@exemple.fr;Bruno;15\n"

    result = attendance_import(webinar=page, content=content.encode("utf-8-sig"), filename="export.csv")

    assert result.imported == 2 and result.unknown_emails == [] and result.counted == 1
    assert dict(Attendance.objects.values_list("user__email", "minutes")) == {anne.email: 40, bruno.email: 25}


def test_services_attendance_import_comma_file_lists_unknown_emails(index):
    """With , separators: known e-mails are imported, unknown ones are listed and not created."""
    page = _past_webinar()
    UserFactory(email="anne@exemple.fr")
    content = b"email,name,minutes attended\nanne@exemple.fr,Anne,55\ninconnu@exemple.fr,Inconnu,60\n"

    result = attendance_import(webinar=page, content=content, filename="participants.CSV")

    assert result.imported == 1
    assert result.unknown_emails == ["inconnu@exemple.fr"]
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"e-mail;nom;minutes\nanne@exemple.fr;Anne;40\npas-une-adresse;X;12\n", "Ligne 3"),
        (b"e-mail;nom;minutes\nanne@exemple.fr;Anne;quarante\n", "Ligne 2"),
        (b"adresse;qui\nanne@exemple.fr;Anne\n", "Ligne 1"),
        (b"", "Ligne 1"),
    ],
)
def test_services_attendance_import_malformed_file_changes_nothing(index, content, message):
    """A wrong line stops the import: nothing is written and the French message names the line."""
    page = _past_webinar()
    user = UserFactory(email="anne@exemple.fr")
    Attendance.objects.create(user=user, webinar=page, minutes=5)

    with pytest.raises(AttendanceImportError) as error:
        attendance_import(webinar=page, content=content, filename="export.csv")

    assert message in error.value.message
    assert list(Attendance.objects.values_list("minutes", flat=True)) == [5]


def test_services_attendance_import_refuses_other_types_and_big_files(index):
    """Only .csv files of at most 2 MB are read."""
    page = _past_webinar()
    with pytest.raises(AttendanceImportError, match="extension .csv"):
        attendance_import(webinar=page, content=b"e-mail;nom;minutes\n", filename="export.xlsx")
    with pytest.raises(AttendanceImportError, match="2 Mo"):
        attendance_import(webinar=page, content=b"x" * (2 * 1024 * 1024 + 1), filename="export.csv")


def test_selectors_attended_webinars_for_user_counts_minimum_and_hours(index, learner):
    """Only attendances at or above the webinar's minimum count; hours are capped at its length."""
    counted, too_short = _past_webinar(title="Compté"), _past_webinar(title="Trop court")
    Attendance.objects.create(user=learner, webinar=counted, minutes=120)
    Attendance.objects.create(user=learner, webinar=too_short, minutes=29)

    attended = attended_webinars_for_user(user=learner)

    assert [(a.webinar.title, a.minutes, a.hours) for a in attended] == [("Compté", 90, 1.5)]


def test_admin_attendance_import_view_for_administrators_only(client, index):
    """An administrator imports a file from the admin page and sees unknown e-mails; learners and trainers
    (attendance lists cross every course) are refused; a wrong file type gets a French message."""
    page = _past_webinar()
    UserFactory(email="anne@exemple.fr")
    url = f"/admin/webinaires/{page.pk}/presences/"

    for group in (groups.LEARNERS, groups.TRAINERS, groups.VRL_TRAINERS):
        client.force_login(UserFactory(group=group))
        assert client.get(url).status_code in (302, 403)
        assert client.get("/admin/snippets/webinars/attendance/").status_code in (302, 403)

    client.force_login(UserFactory(group=groups.ADMINISTRATORS))
    upload = SimpleUploadedFile("export.csv", b"e-mail;nom;minutes\nanne@exemple.fr;Anne;45\nx@exemple.fr;X;3\n")
    content = client.post(url, {"file": upload}).content.decode()
    assert "x@exemple.fr" in content
    assert Attendance.objects.filter(webinar=page).count() == 1

    bad = SimpleUploadedFile("export.pdf", b"%PDF")
    assert "extension .csv" in client.post(url, {"file": bad}).content.decode()
