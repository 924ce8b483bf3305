"""Registers 入伙办理 (the move-in handovers) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import MoveInCaseViewSet


@hooks.register("register_admin_viewset")
def register_move_in_cases():
    return MoveInCaseViewSet()
