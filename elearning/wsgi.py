import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.dev")
application = get_wsgi_application()

# Django, Wagtail, the apps' modules and their URL patterns (loaded now rather than at the first
# request) are most of a worker's heap and live as long as it: out of the cycle collector's sight,
# a full collection scans only what requests keep. Measured on the course report of the bench, a full
# collection took ≈ 250 ms, the slowest requests of the page (docs/performance.md).
get_resolver().url_patterns  # noqa: B018 (the access imports every view module now)
gc.freeze()
