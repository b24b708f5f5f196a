from celery import shared_task

from .services import live_sessions_close_idle


@shared_task
def close_idle_live_sessions() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): sessions idle for 2 hours close themselves."""
    return live_sessions_close_idle()
