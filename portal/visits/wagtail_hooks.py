"""Registers 客户访问 (the customer visits) and its dashboard panel with the Wagtail admin."""

from wagtail import hooks

from .panels import add_panels
from .viewsets import VisitViewSet


@hooks.register("register_admin_viewset")
def register_visits():
    return VisitViewSet()


@hooks.register("construct_homepage_panels")
def add_visit_panel(request, panels):
    add_panels(request, panels)
