"""Registers the review queue and its dashboard panels with the Wagtail admin."""

from wagtail import hooks

from .viewsets.dashboard import add_panels
from .viewsets.queue import SubmissionViewSet


@hooks.register("register_admin_viewset")
def register_review_queue():
    return SubmissionViewSet()


@hooks.register("construct_homepage_panels")
def add_review_panels(request, panels):
    add_panels(request, panels)
