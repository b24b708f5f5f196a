from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.services import inactive_accounts_process, months_before
from accounts.tasks import process_inactive_accounts
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
LAST_LOGIN = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def at(months=0, days=0):
    """The moment `months` calendar months and `days` days after the last login."""
    return months_before(LAST_LOGIN, -months) + timedelta(days=days)


@pytest.fixture
def sleeper(db):
    return UserFactory(email="dormant@exemple.fr", last_login=LAST_LOGIN)


def test_services_months_before_handles_month_ends():
    """Calendar months, with the 31st falling back to the month's last day."""
    march_31 = datetime(2026, 3, 31, tzinfo=UTC)
    assert months_before(march_31, 1).date().isoformat() == "2026-02-28"
    assert months_before(march_31, -23).date().isoformat() == "2028-02-29"


def test_services_inactive_accounts_warns_once_at_23_months_and_erases_at_24(sleeper, outbox):
    """Nothing before 23 months; one warning at 23 months however often the task runs; erasure at 24 months."""
    assert inactive_accounts_process(now=at(22, 27)) == (0, 0)
    assert inactive_accounts_process(now=at(23)) == (1, 0)
    assert inactive_accounts_process(now=at(23, 1)) == (0, 0)
    assert inactive_accounts_process(now=at(23, 20)) == (0, 0)
    assert [m.to for m in outbox] == [["dormant@exemple.fr"]]
    assert "sera supprimé" in outbox[0].body and "/compte/login/" in outbox[0].body
    sleeper.refresh_from_db()
    assert sleeper.inactivity_warning_sent_at == at(23) and sleeper.erased_at is None

    assert inactive_accounts_process(now=at(24)) == (0, 1)
    assert inactive_accounts_process(now=at(24, 1)) == (0, 0)
    sleeper.refresh_from_db()
    assert sleeper.erased_at is not None
    assert (sleeper.is_active, sleeper.email.endswith(".invalid")) == (False, True)
    assert len(outbox) == 1


def test_services_inactive_accounts_signing_in_again_cancels_the_erasure(sleeper, outbox):
    """A login after the warning keeps the account; a new inactive period gets a new warning."""
    inactive_accounts_process(now=at(23))
    User.objects.filter(pk=sleeper.pk).update(last_login=at(23, 5))
    assert inactive_accounts_process(now=at(24, 1)) == (0, 0)
    sleeper.refresh_from_db()
    assert sleeper.erased_at is None
    assert inactive_accounts_process(now=at(46, 6)) == (1, 0)
    assert len(outbox) == 2


def test_services_inactive_accounts_gives_four_weeks_notice_to_an_account_never_warned(sleeper, outbox):
    """An account found at 25 months without a warning gets the warning first, erasure 28 days later."""
    assert inactive_accounts_process(now=at(25)) == (1, 0)
    assert inactive_accounts_process(now=at(25, 27)) == (0, 0)
    assert inactive_accounts_process(now=at(25, 28)) == (0, 1)


def test_services_inactive_accounts_counts_from_sign_up_when_never_signed_in(db, outbox):
    """Without any login, inactivity counts from the sign-up date; staff accounts are left out."""
    UserFactory(date_joined=LAST_LOGIN, last_login=None)
    UserFactory(date_joined=LAST_LOGIN, last_login=None, is_staff=True)
    assert inactive_accounts_process(now=at(23)) == (1, 0)


def test_tasks_process_inactive_accounts_is_scheduled_daily(sleeper, monkeypatch, outbox):
    """The beat schedule runs the task every day; the task runs the service at the current time."""
    from django.utils import timezone

    entry = settings.CELERY_BEAT_SCHEDULE["process-inactive-accounts"]
    assert (entry["task"], entry["schedule"]) == ("accounts.tasks.process_inactive_accounts", 86400)
    monkeypatch.setattr(timezone, "now", lambda: at(23))
    assert tuple(process_inactive_accounts.delay().get()) == (1, 0)
