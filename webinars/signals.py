from django.dispatch import Signal


def webinar_published(sender, instance, **kwargs):
    """Each publication compares the webinar with what was announced (sequence, notices, replay)."""
    from .services import webinar_update

    webinar_update(webinar=instance)


# Sent for other apps (interop sends xAPI statements from it); webinars never imports the listeners.
# An attendance was recorded or replaced (manual entry or import), after the commit. Arguments:
# attendance. Whether it counts is the listener's to ask (Attendance.counts).
attendance_recorded = Signal()
