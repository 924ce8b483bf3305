"""Registers 客户入住 (the occupancy registrations) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import OccupancyCaseViewSet


@hooks.register("register_admin_viewset")
def register_occupancy_cases():
    return OccupancyCaseViewSet()
