"""How long a link to a media file stays valid, for HTML kept in the content cache.

With S3-compatible storage (elearning.settings.base.media_storage) every link to a file is signed
and expires after DJANGO_MEDIA_S3_URL_SECONDS. HTML kept in the content cache (a card's cover image,
a lesson's images) must not outlive its links: its key carries the number of the current
half-lifetime, so it is rendered again, with fresh links, at least every half-lifetime, and a link
a page gives out is always valid for at least half its lifetime. With a folder, links never expire
and the number is always 0."""

import time

from django.core.files.storage import default_storage


def media_link_epoch(now: float | None = None) -> int:
    lifetime = getattr(default_storage, "querystring_expire", 0) if getattr(default_storage, "querystring_auth", False) else 0
    if not lifetime:
        return 0
    return int((time.time() if now is None else now) // max(lifetime // 2, 1))
