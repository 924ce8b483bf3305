"""Registers 投诉受理 (complaints) and the supervisors' complaints panel with the Wagtail admin."""

from wagtail import hooks

from .panels import add_panel
from .viewsets import ComplaintViewSet


@hooks.register("register_admin_viewset")
def register_complaints():
    return ComplaintViewSet()


@hooks.register("construct_homepage_panels")
def add_complaints_panel(request, panels):
    add_panel(request, panels)
