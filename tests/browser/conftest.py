"""Browser tests share the fixtures of tests/conftest.py (`browser`, `page`); kept for imports."""

from .helpers import CHROMIUM, CHROMIUM_ARGS

__all__ = ["CHROMIUM", "CHROMIUM_ARGS"]
