"""Registers 报修服务 (the repair orders, the 17:00 list) and its dashboard panels with the Wagtail admin."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services
from .panels import add_panels
from .viewsets import RepairOrderViewSet, admin_urls


@hooks.register("register_admin_viewset")
def register_repair_orders():
    return RepairOrderViewSet()


@hooks.register("register_admin_urls")
def register_daily_list():
    return admin_urls()


class DailyListMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_daily_list_menu_item():
    return DailyListMenuItem(
        _("Repairs open at 17:00"), reverse("repairs_daily_list_today"), icon_name="list-ul", order=121,
        name="repairs-daily-list",
    )


@hooks.register("construct_homepage_panels")
def add_repair_panels(request, panels):
    add_panels(request, panels)
