"""Registers 装修管理 (the renovation cases) and the project manager's panel with the Wagtail admin."""

from wagtail import hooks

from .dashboard import add_panels
from .viewsets import RenovationCaseViewSet


@hooks.register("register_admin_viewset")
def register_renovation_cases():
    return RenovationCaseViewSet()


@hooks.register("construct_homepage_panels")
def add_renovation_panels(request, panels):
    add_panels(request, panels)
