"""roles.can_open_admin answers like has_perm("wagtailadmin.access_admin"), in one query."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import groups
from accounts.roles import can_open_admin
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "group, superuser, active, expected",
    [
        (groups.LEARNERS, False, True, False),
        (groups.TRAINERS, False, True, True),
        (groups.VRL_TRAINERS, False, True, True),
        (groups.ADMINISTRATORS, False, True, True),
        (groups.LEARNERS, True, True, True),
        (groups.TRAINERS, False, False, False),
    ],
)
def test_roles_can_open_admin_matches_has_perm(group, superuser, active, expected, django_assert_max_num_queries):
    """Learners no, trainers and administrators yes, superusers yes, inactive accounts no — one query at most, once."""
    user = UserFactory(group=group, is_superuser=superuser, is_active=active)
    assert user.has_perm("wagtailadmin.access_admin") is expected
    fresh = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(1):
        assert can_open_admin(fresh) is expected
        assert can_open_admin(fresh) is expected


def test_roles_can_open_admin_refuses_anonymous_visitors():
    """An anonymous visitor never sees the admin link."""
    assert can_open_admin(AnonymousUser()) is False
