"""Runs in a separate process started by test_concurrency_processes.py: one learner's simultaneous requests.

The process sets Django up on the test database (DATABASE_URL given by the test), waits at the shared
barrier with the other learners' processes, then fires its operations from threads released together,
each thread with its own database connection, and reports what each call returned."""

import os
import threading


def run_learner(user_id: int, operations: list[tuple], barrier, results) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "elearning.settings.test"
    import django

    django.setup()
    from django.db import connections

    from accounts.models import User
    from courses.models import LessonPage
    from progress.services import lesson_complete
    from quizzes.models import Attempt
    from quizzes.services import QuizError, attempt_submit

    user = User.objects.get(pk=user_id)
    lessons = {
        lesson.pk: lesson for lesson in LessonPage.objects.filter(pk__in=[op[1] for op in operations if op[0] == "lesson"])
    }
    attempts = {attempt.pk: attempt for attempt in Attempt.objects.filter(pk__in=[op[1] for op in operations if op[0] == "quiz"])}
    connections.close_all()
    outcomes = [None] * len(operations)
    threads_ready = threading.Barrier(len(operations))

    def call(index, operation):
        try:
            threads_ready.wait(timeout=60)
            if operation[0] == "lesson":
                progress = lesson_complete(user=user, lesson=lessons[operation[1]])
                outcomes[index] = ("lesson", operation[1], progress.completed_at is not None)
            else:
                attempt = attempt_submit(attempt=attempts[operation[1]], user=user, data=operation[2])
                outcomes[index] = ("submitted", operation[1], attempt.score)
        except QuizError as error:
            outcomes[index] = ("refused", operation[1], error.message)
        except Exception as error:  # noqa: BLE001 - the test reports any unexpected error with its type
            outcomes[index] = ("error", operation[1], f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(i, op)) for i, op in enumerate(operations)]
    # Every learner's process is ready (Django loaded, rows read) before any request starts.
    barrier.wait(timeout=180)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    results.put((user_id, outcomes))
