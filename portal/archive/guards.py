"""Owner-file privacy on the register's own admin pages (AR-5).

Mixins for the person and household views of :mod:`portal.estate.viewsets`: opening or
editing a file asks :func:`portal.archive.services.open_file` (which logs the look) and
answers a refusal with a page that explains it and links to the access request form;
an export contains only the files the user may read, each one logged, and is refused
when that is none.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from . import services
from .models import ViewKind


def request_url(owner_file) -> str:
    """The access request form, with ``owner_file`` chosen."""
    field = owner_file._meta.model_name  # "person" or "household"
    return reverse("archive_request:add") + "?" + urlencode({field: owner_file.pk})


def refusal(request, owner_file):
    decision, _approval = services.decide(request.user, owner_file)
    return TemplateResponse(
        request,
        "archive/admin/refused.html",
        {
            "owner_file": owner_file,
            "reasons": decision.reasons,
            "request_url": request_url(owner_file),
            "may_request": services.requester_role(request.user) == "staff",
        },
        status=403,
    )


class OwnerFileInspectMixin:
    """An inspect view of an owner file: every opening is logged, a refusal explained."""

    def get(self, request, *args, **kwargs):
        if not services.open_file(request.user, self.object, kind=ViewKind.INSPECT):
            return refusal(request, self.object)
        return super().get(request, *args, **kwargs)


class OwnerFileEditMixin:
    """An edit view of an owner file: opening the form is logged; nobody saves what they may not read."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not services.open_file(request.user, self.object, kind=ViewKind.EDIT):
            return refusal(request, self.object)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not services.can_view(request.user, self.object):
            services.log_view(request.user, self.object, kind=ViewKind.EDIT, allowed=False)
            return refusal(request, self.object)
        return super().post(request, *args, **kwargs)


class OwnerFileExportMixin:
    """A listing of owner files that lists, and exports as CSV/XLSX, only the files the user
    may read: names and mobiles are owner information too (AR-5)."""

    def get_base_queryset(self):
        return services.viewable(self.request.user, super().get_base_queryset())

    def as_spreadsheet(self, queryset, spreadsheet_format):
        allowed = services.viewable(self.request.user, queryset)
        rows = list(allowed)
        if not rows:
            messages.error(
                self.request,
                gettext(
                    "Owner files are not exported without the project manager's approval (AR-5). "
                    "Open a file to ask for access."
                ),
            )
            return redirect(self.index_url)
        services.log_export(self.request.user, rows)
        return super().as_spreadsheet(allowed, spreadsheet_format)
