"""Registers 物品放行 (the goods release cases) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import ReleaseCaseViewSet


@hooks.register("register_admin_viewset")
def register_release_cases():
    return ReleaseCaseViewSet()
