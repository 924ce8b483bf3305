"""``{% owner_file_access household as access %}``: may the user read this owner file here?"""

from django import template

from .. import guards, services

register = template.Library()


@register.simple_tag(takes_context=True)
def owner_file_access(context, owner_file):
    """``{"allowed": bool, "request_url": str, "may_request": bool}`` for the current user (AR-5)."""
    user = context["request"].user
    return {
        "allowed": services.can_view(user, owner_file),
        "request_url": guards.request_url(owner_file),
        "may_request": services.requester_role(user) == "staff",
    }
