"""Registers 客户回访 (follow-up calls) and its dashboard panel with the Wagtail admin."""

from wagtail import hooks

from .panels import add_panels
from .viewsets import FollowUpViewSet


@hooks.register("register_admin_viewset")
def register_followups():
    return FollowUpViewSet()


@hooks.register("construct_homepage_panels")
def add_followup_panels(request, panels):
    add_panels(request, panels)
