"""Registers the estate register with the Wagtail admin."""

from wagtail import hooks

from .viewsets import EstateRegisterGroup


@hooks.register("register_admin_viewset")
def register_estate_register():
    return EstateRegisterGroup()
