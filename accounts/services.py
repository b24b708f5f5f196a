from django.contrib.auth.models import Group
from django.db import transaction

from .groups import LEARNERS
from .models import User

PROFILE_FIELDS = ("first_name", "last_name", "collectivite", "mandate", "region")


@transaction.atomic
def user_complete_signup(*, user: User, profile: dict) -> User:
    """Store the profile typed at sign-up and put the new person in the learners' group."""
    for field in PROFILE_FIELDS:
        setattr(user, field, (profile.get(field) or "").strip())
    user.save()
    user.groups.add(Group.objects.get(name=LEARNERS))
    return user


def user_update_profile(*, user: User, data: dict) -> User:
    for field, value in data.items():
        setattr(user, field, value.strip() if isinstance(value, str) else value)
    user.save(update_fields=list(data))
    return user
