"""Registers 日常巡查 (the daily inspection rounds) and its dashboard panel with the Wagtail admin."""

from wagtail import hooks

from .panels import add_panels
from .viewsets import InspectionViewSet


@hooks.register("register_admin_viewset")
def register_inspections():
    return InspectionViewSet()


@hooks.register("construct_homepage_panels")
def add_inspection_panel(request, panels):
    add_panels(request, panels)
