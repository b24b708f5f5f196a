from django import template

from ..selectors import user_can_open_admin

register = template.Library()


@register.filter
def can_open_admin(user) -> bool:
    return user_can_open_admin(user=user)
