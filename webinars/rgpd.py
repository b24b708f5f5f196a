"""The webinars app's part of the personal-data export and erasure (accounts.personal_data)."""

from accounts.personal_data import PersonalDataPart, iso

from .models import Attendance, ReminderDelivery, WebinarReminderRequest


def export(user) -> dict:
    return {
        "webinar_reminder_requests": [
            {"webinar": r.webinar.title, "start": iso(r.webinar.start), "requested_at": iso(r.created_at)}
            for r in WebinarReminderRequest.objects.filter(user=user).select_related("webinar").order_by("created_at")
        ],
        "webinar_attendance": [
            {"webinar": a.webinar.title, "start": iso(a.webinar.start), "minutes": a.minutes}
            for a in Attendance.objects.filter(user=user).select_related("webinar").order_by("webinar__start")
        ],
    }


def erase(user) -> None:
    WebinarReminderRequest.objects.filter(user=user).delete()
    ReminderDelivery.objects.filter(user=user).delete()


PART = PersonalDataPart(app_label="webinars", export=export, erase=erase)
