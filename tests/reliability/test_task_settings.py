"""Every background task of the site keeps its message until it has finished, so that a worker that dies
mid-task leaves it to be run again (test_worker_crash.py shows the re-run duplicates nothing)."""

import accounts.tasks
import core.tasks
import progress.tasks
import webinars.tasks
from elearning.celery import app as celery_app

OUR_APPS = ("accounts.", "elearning.", "progress.", "quizzes.", "webinars.", "courses.", "trainers.")


def test_settings_tasks_are_acked_late_and_requeued_when_the_worker_is_lost():
    """acks_late on every task of ours, reject_on_worker_lost, and no prefetching beyond the task in hand."""
    assert accounts.tasks and core.tasks and progress.tasks and webinars.tasks  # registers them
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    assert celery_app.conf.worker_prefetch_multiplier == 1
    ours = {name: task for name, task in celery_app.tasks.items() if name.startswith(OUR_APPS)}
    assert {"accounts.tasks.deliver_email", "accounts.tasks.build_data_export", "progress.tasks.complete_course"} <= set(ours)
    assert [name for name, task in ours.items() if not task.acks_late] == []
    assert [name for name, task in ours.items() if task.reject_on_worker_lost is False] == []
