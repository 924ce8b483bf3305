"""Registers 车位办理 (parking applications) with the Wagtail admin."""

from wagtail import hooks

from .views import ParkingCaseViewSet


@hooks.register("register_admin_viewset")
def register_parking_cases():
    return ParkingCaseViewSet()
