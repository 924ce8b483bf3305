"""Registers 房屋退租 (the tenants' move-outs) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import MoveOutCaseViewSet


@hooks.register("register_admin_viewset")
def register_move_out_cases():
    return MoveOutCaseViewSet()
