from django import template

from accounts import roles

from ..selectors import module_source_update
from ..wagtail_hooks import source_update_message

register = template.Library()


@register.inclusion_tag("trainers/includes/module_staff_tools.html", takes_context=True)
def module_staff_tools(context, module):
    """For staff only: links to the printable handouts and the « source updated » notice of an adapted module."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not roles.can_open_admin(user):
        return {"show": False}
    update = module_source_update(module=module)
    return {
        "show": True,
        "module": module,
        "update": update,
        "message": source_update_message(module=module, update=update) if update else "",
        "can_edit": module.permissions_for_user(user).can_edit(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
