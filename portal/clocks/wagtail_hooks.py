"""我的提醒 on the Wagtail dashboard, and the recipient's alert URLs."""

from django.urls import include, path
from wagtail import hooks

from . import views
from .panels import add_panels


@hooks.register("register_admin_urls")
def register_alert_urls():
    urls = [
        path("alerts/<int:receipt_id>/", views.open_alert, name="open_alert"),
        path("alerts/read/", views.mark_all_read, name="mark_all_read"),
    ]
    return [path("clocks/", include((urls, "clocks")))]


@hooks.register("construct_homepage_panels")
def add_alert_panel(request, panels):
    add_panels(request, panels)
