import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories.webinars import webinar
from webinars.models import WebinarPage

pytestmark = pytest.mark.django_db


def test_models_webinar_end_before_start_is_refused_by_the_database(index):
    """The CheckConstraint refuses an end before the start even when validation is bypassed."""
    page = webinar()
    with pytest.raises(IntegrityError), transaction.atomic():
        WebinarPage.objects.filter(pk=page.pk).update(end=page.start - datetime.timedelta(hours=1))


def test_models_webinar_clean_says_in_french_that_end_must_follow_start(index):
    """The admin form gets a French message on the end field."""
    page = webinar()
    page.end = page.start
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "La fin doit être postérieure au début." in error.value.message_dict["end"]


def test_models_webinar_replay_requires_a_transcript(index):
    """A replay without transcript is refused (RGAA 4.1)."""
    page = webinar()
    page.replay_url = "https://exemple.fr/replay"
    page.replay_transcript = "<p> </p>"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "transcription du replay est obligatoire" in error.value.message_dict["replay_transcript"][0]


def test_models_webinar_in_person_session_requires_a_city(index):
    """A session that is not online needs at least a city."""
    page = webinar()
    page.online = False
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "place_city" in error.value.message_dict
