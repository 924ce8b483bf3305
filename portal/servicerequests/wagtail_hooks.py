"""Registers 客户需求与建议 (the entries, the weekly summary) and its dashboard panel with the Wagtail admin."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services
from .panels import add_panels
from .viewsets import ServiceRequestViewSet, admin_urls


@hooks.register("register_admin_viewset")
def register_service_requests():
    return ServiceRequestViewSet()


@hooks.register("register_admin_urls")
def register_weekly_summary():
    return admin_urls()


class WeeklySummaryMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_weekly_summary_menu_item():
    return WeeklySummaryMenuItem(
        _("Weekly summary of requests"), reverse("servicerequests_weekly_current"), icon_name="list-ul", order=126,
        name="servicerequests-weekly",
    )


@hooks.register("construct_homepage_panels")
def add_request_panels(request, panels):
    add_panels(request, panels)
