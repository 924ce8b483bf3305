"""报表 in the Wagtail admin: a menu of the reports, for holders of ``reports.view_reports``."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import registry, urls
from .views import may_view


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


class ReportsSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return may_view(request.user)


def _report_items(request):
    return [
        ReportMenuItem(str(report.title), reverse("reports:report", args=(report.slug,)), name=report.slug,
                       icon_name="table", order=order)
        for order, report in enumerate(registry.all_reports())
    ]


class ReportsMenu(Menu):
    def menu_items_for_request(self, request):
        items = [ReportMenuItem(_("All reports"), reverse("reports:index"), name="all-reports",
                                icon_name="list-ul", order=-1)]
        items.extend(_report_items(request))
        return [item for item in items if item.is_shown(request)]


@hooks.register("register_admin_urls")
def register_reports_urls():
    return [path("reports/", include(urls, namespace="reports"))]


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    return ReportsSubmenu(_("Reports"), ReportsMenu(register_hook_name=None), name="reports", icon_name="table",
                          order=900)
