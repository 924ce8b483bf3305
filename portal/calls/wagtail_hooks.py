"""Registers 来访来电接待 (《客户来电来访记录表》) with the Wagtail admin."""

from wagtail import hooks

from .viewsets import CallViewSet


@hooks.register("register_admin_viewset")
def register_calls():
    return CallViewSet()
