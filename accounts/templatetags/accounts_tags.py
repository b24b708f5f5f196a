from django import template

from .. import roles

register = template.Library()


@register.filter
def can_open_admin(user) -> bool:
    return roles.can_open_admin(user)
