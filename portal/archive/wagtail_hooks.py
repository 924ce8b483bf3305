"""Registers 档案查阅申请 and 档案查阅记录 with the Wagtail admin."""

from wagtail import hooks

from .viewsets import OwnerFilesGroup


@hooks.register("register_admin_viewset")
def register_owner_files():
    return OwnerFilesGroup()
