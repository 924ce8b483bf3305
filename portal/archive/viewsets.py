"""档案查阅申请 and 档案查阅记录 in the admin (AR-5).

Staff outside the desk ask to read an owner file from the page that refused it; the
project manager approves (until a time) or refuses here. A requester sees their own
requests; ``archive.decide_accessrequest`` sees and decides all. The log of every look
at an owner file is read by the project manager and the archivist.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, StatusFlagColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterIndexView, RegisterInspectView, RegisterViewSet

from . import services
from .forms import DECISION_FORMS, RequestForm
from .models import AccessRequest, FileView, RequestState

ADD_PERMISSION = "archive.add_accessrequest"


def visible_requests(user):
    queryset = AccessRequest.objects.select_related("requester", "decided_by", "person", "household__unit__building")
    return queryset if services.may_decide(user) else queryset.filter(requester=user)


def owner_file_text(row):
    return row.owner_file_label


def requester_text(row):
    return staff_name(row.requester)


def viewer_text(row):
    return staff_name(row.viewer)


def expires_text(row):
    return shanghai(row.expires_at) if row.expires_at else ""


class AccessRequestIndexView(RegisterIndexView):
    page_title = _("Owner file access requests")

    def get_base_queryset(self):
        return visible_requests(self.request.user)

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


class AccessRequestInspectView(RegisterInspectView):
    template_name = "archive/admin/request_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(visible_requests(self.request.user), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_person_display_value(self):
        return str(self.object.person) if self.object.person_id else "—"

    def get_household_display_value(self):
        return str(self.object.household) if self.object.household_id else "—"

    def get_requester_display_value(self):
        return staff_name(self.object.requester)

    def get_decided_by_display_value(self):
        return staff_name(self.object.decided_by) if self.object.decided_by_id else "—"

    def get_requested_at_display_value(self):
        return shanghai(self.object.requested_at)

    def get_decided_at_display_value(self):
        return shanghai(self.object.decided_at) or "—"

    def get_expires_at_display_value(self):
        return shanghai(self.object.expires_at) or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = self.object.state == RequestState.PENDING
        context["decision_forms"] = [
            (name, form_class(), reverse(f"archive_request:{name}", args=(self.object.pk,)))
            for name, form_class in DECISION_FORMS.items()
        ] if pending and services.may_decide(self.request.user) else []
        context["in_force"] = self.object.is_in_force()
        return context


class RequestCreateView(View):
    """Ask for one owner file, named in the query string (``?person=`` or ``?household=``)."""

    template_name = "archive/admin/request_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ADD_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = RequestForm(initial={"person": request.GET.get("person"), "household": request.GET.get("household")})
        owner_file = self._named_file(request.GET)
        return self.render(request, form, owner_file)

    def post(self, request):
        form = RequestForm(request.POST)
        if form.is_valid():
            try:
                access_request = services.request_access(request.user, form.owner_file, reason=form.cleaned_data["reason"])
            except services.ArchiveError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, gettext("Your request has been sent to the project manager."))
                return redirect(reverse("archive_request:inspect", args=(access_request.pk,)))
        return self.render(request, form, self._named_file(request.POST))

    def _named_file(self, data):
        from portal.estate.models import Household, Person

        for name, model in (("person", Person), ("household", Household)):
            value = data.get(name)
            if value and str(value).isdigit():
                return model.objects.filter(pk=value).first()
        return None

    def render(self, request, form, owner_file):
        return TemplateResponse(request, self.template_name, {"form": form, "owner_file": owner_file})


class DecisionView(View):
    """POST the project manager's decision on one request, then return to it."""

    http_method_names = ["post"]
    decision: str = ""

    def post(self, request, pk):
        if not services.may_decide(request.user):
            raise PermissionDenied
        access_request = get_object_or_404(AccessRequest, pk=pk)
        form = DECISION_FORMS[self.decision](request.POST)
        if not form.is_valid():
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
        else:
            try:
                form.perform(access_request, request.user)
            except services.ArchiveError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, gettext("The decision has been recorded."))
        return redirect(reverse("archive_request:inspect", args=(pk,)))


class AccessRequestViewSet(RegisterViewSet):
    """档案查阅申请: requests to read an owner file and the project manager's decisions."""

    model = AccessRequest
    name = "archive_request"
    url_prefix = "archive/requests"
    icon = "lock-open"
    menu_label = _("Owner file access requests")
    index_view_class = AccessRequestIndexView
    inspect_view_class = AccessRequestInspectView
    ordering = "-requested_at"
    list_filter = ["state"]
    search_fields = ["person__name", "household__unit__number", "requester__last_name", "reason"]
    list_display = [
        Column("owner_file", label=_("Owner file"), accessor=owner_file_text),
        Column("requester", label=_("Requested by"), accessor=requester_text),
        "requested_at",
        StatusTagColumn(
            "state", label=_("State"), accessor="get_state_display", sort_key="state",
            primary=lambda row: row.state == RequestState.PENDING,
        ),
        Column("expires_at", label=_("Access until"), accessor=expires_text, sort_key="expires_at"),
    ]
    inspect_view_fields = [
        "person", "household", "requester", "reason", "requested_at", "state",
        "decided_by", "decided_at", "expires_at", "decision_note",
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        urlpatterns = [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("new/", forbidden_is_403(RequestCreateView.as_view()), name="add"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
        ]
        for decision in DECISION_FORMS:
            view = DecisionView.as_view(decision=decision)
            urlpatterns.append(path(f"inspect/<int:pk>/{decision}/", forbidden_is_403(view), name=decision))
        return urlpatterns


class FileViewIndexView(RegisterIndexView):
    page_title = _("Owner file views")

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


class FileViewViewSet(RegisterViewSet):
    """档案查阅记录: every look at an owner file, allowed or refused (AR-5)."""

    model = FileView
    name = "archive_views"
    url_prefix = "archive/views"
    icon = "history"
    menu_label = _("Owner file views")
    index_view_class = FileViewIndexView
    inspect_view_enabled = False
    ordering = "-viewed_at"
    list_filter = ["allowed", "kind"]
    search_fields = ["person__name", "household__unit__number", "viewer__username", "viewer__last_name"]
    list_select_related = ("viewer", "person", "household__unit__building")
    list_display = [
        "viewed_at",
        Column("viewer", label=_("Viewed by"), accessor=viewer_text),
        Column("owner_file", label=_("Owner file"), accessor=owner_file_text),
        "kind",
        StatusFlagColumn("allowed", label=_("Allowed"), true_label=_("Allowed"), false_label=_("Refused")),
    ]
    list_export = ["viewed_at", "viewer", "owner_file_label", "get_kind_display", "allowed"]
    export_headings = {"owner_file_label": _("Owner file"), "get_kind_display": _("How")}
    export_filename = "owner-file-views"

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage", "inspect"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
        ]


class OwnerFilesGroup(ModelViewSetGroup):
    menu_label = _("Owner files")
    menu_icon = "folder-open-inverse"
    menu_order = 210
    items = (AccessRequestViewSet, FileViewViewSet)
