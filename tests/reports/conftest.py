"""The reports' tests build courses the way the progress tests do."""

from tests.progress.conftest import build_course, finish_course, pass_quiz, small_course  # noqa: F401
