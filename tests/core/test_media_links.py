"""Signed links to media expire: HTML kept in the content cache is keyed by the current half-lifetime."""

from django.core.files.storage import default_storage
from django.test import override_settings

from core.media_links import media_link_epoch

S3 = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "medias",
            "access_key": "cle",
            "secret_key": "secret",
            "querystring_auth": True,
            "querystring_expire": 3600,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_links_to_a_folder_never_expire():
    assert media_link_epoch(now=0) == media_link_epoch(now=10 * 24 * 3600) == 0


def test_signed_links_move_the_epoch_every_half_lifetime():
    with override_settings(STORAGES=S3):  # Django's test signal builds the storage again
        assert default_storage.querystring_expire == 3600
        assert media_link_epoch(now=0) == media_link_epoch(now=1799)
        assert media_link_epoch(now=1800) == media_link_epoch(now=0) + 1
