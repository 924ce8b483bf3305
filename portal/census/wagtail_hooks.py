"""Registers 房屋动态 (the monthly status census) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import CensusViewSet


@hooks.register("register_admin_viewset")
def register_census():
    return CensusViewSet()
