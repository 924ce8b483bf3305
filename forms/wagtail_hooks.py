"""The desk's way in (柜台代办): its admin pages and its menu item beside the review queue."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.casework.viewsets.queue import forbidden_is_403

from . import desk

desk_urls = [
    path("", forbidden_is_403(desk.start), name="start"),
    path("<slug:procedure>/<int:person_id>/", forbidden_is_403(desk.wizard), name="wizard"),
]


@hooks.register("register_admin_urls")
def register_desk_urls():
    return [path("desk/", include((desk_urls, "casework_desk"), namespace="casework_desk"))]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return desk.may_enter(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem(_("Open a case at the desk"), reverse("casework_desk:start"), icon_name="user", order=101)
