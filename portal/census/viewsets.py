"""房屋动态 in the admin: the monthly censuses, "take this month's census", the project
manager's signature, and the 《月度物业动态信息表》 as PDF and XLSX.

Census records change only through :mod:`portal.census.services`. Security and the
cashier see signed reports only (their copy, ST-2).
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, StatusTagColumn

from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterIndexView, RegisterInspectView, RegisterViewSet

from . import report, services
from .models import MonthlyCensus


def parse_month(value: str) -> date | None:
    """``"2026-11"`` → ``date(2026, 11, 1)``; empty → None (this month)."""
    if not value:
        return None
    year, number = value.split("-")
    return date(int(year), int(number), 1)


def month_text(census):
    return f"{census.month:%Y-%m}"


def state_text(census):
    if census.is_signed:
        return gettext("Signed")
    if census.is_taken:
        return gettext("Taken, awaiting signature")
    return gettext("Not taken yet")


class CensusIndexView(RegisterIndexView):
    page_title = _("Property status")
    template_name = "census/admin/index.html"

    def get(self, request, *args, **kwargs):
        # This month's record, with its deadlines on the clocks, exists from the first look.
        services.open_month()
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return services.visible_to(self.request.user)

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_take"] = services.may_take(self.request.user)
        context["take_url"] = reverse("census:take")
        return context


class CensusInspectView(RegisterInspectView):
    template_name = "census/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(services.visible_to(self.request.user), pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_month_display_value(self):
        return month_text(self.object)

    def get_taken_at_display_value(self):
        return shanghai(self.object.taken_at) or "—"

    def get_signed_at_display_value(self):
        return shanghai(self.object.signed_at) or "—"

    def get_taken_by_display_value(self):
        return staff_name(self.object.taken_by) or "—"

    def get_signed_by_display_value(self):
        return staff_name(self.object.signed_by) or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        census = self.object
        user = self.request.user
        context.update(report.context(census))
        context.update(
            may_take=services.may_take(user) and not census.is_signed,
            may_sign=services.may_sign(user) and census.is_taken and not census.is_signed,
            take_url=reverse("census:take") + f"?month={census.month:%Y-%m}",
            sign_url=reverse("census:sign", args=(census.pk,)),
            pdf_url=reverse("census:pdf", args=(census.pk,)),
            xlsx_url=reverse("census:xlsx", args=(census.pk,)),
        )
        return context


class TakeCensusView(View):
    """POST: take the census of the month given (``?month=YYYY-MM``, default this month)."""

    http_method_names = ["post"]

    def post(self, request):
        if not services.may_take(request.user):
            raise PermissionDenied
        try:
            month = parse_month(request.GET.get("month", ""))
        except ValueError:
            raise Http404 from None
        try:
            census = services.take_census(month, by=request.user)
        except services.CensusError as refusal:
            messages.error(request, str(refusal))
            return redirect(reverse("census:index"))
        messages.success(
            request,
            gettext("The census of %(month)s is taken: %(units)s units counted.")
            % {"month": month_text(census), "units": census.units_counted},
        )
        return redirect(reverse("census:inspect", args=(census.pk,)))


class SignView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not services.may_sign(request.user):
            raise PermissionDenied
        census = get_object_or_404(MonthlyCensus, pk=pk)
        try:
            services.sign(census, by=request.user)
        except services.CensusError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, gettext("The report is signed and copied to security and the cashier."))
        return redirect(reverse("census:inspect", args=(pk,)))


class DownloadView(View):
    """The report as ``pdf`` or ``xlsx``, to whoever may read the census."""

    kind = "pdf"
    content_types = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    def get(self, request, pk):
        census = get_object_or_404(services.visible_to(request.user), pk=pk)
        if not census.is_taken:
            messages.error(request, gettext("Take the census first."))
            return redirect(reverse("census:inspect", args=(pk,)))
        body = report.pdf(census) if self.kind == "pdf" else report.xlsx(census)
        response = HttpResponse(body, content_type=self.content_types[self.kind])
        response["Content-Disposition"] = f'attachment; filename="property-status-{census.month:%Y-%m}.{self.kind}"'
        return response


class CensusViewSet(RegisterViewSet):
    """房屋动态: ``census.view_monthlycensus`` opens the list; taking and signing have their own permissions."""

    model = MonthlyCensus
    name = "census"
    url_prefix = "census"
    icon = "table"
    add_to_admin_menu = True
    menu_label = _("Property status")
    menu_order = 205
    index_view_class = CensusIndexView
    inspect_view_class = CensusInspectView
    ordering = "-month"
    list_display = [
        Column("month", label=_("Month"), accessor=month_text, sort_key="month"),
        "census_due",
        "report_due",
        Column("units_counted", label=_("Units counted")),
        StatusTagColumn("state", label=_("State"), accessor=state_text, primary=lambda c: not c.is_signed),
    ]
    inspect_view_fields = ["month", "census_due", "report_due", "taken_at", "taken_by", "signed_at", "signed_by"]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("take/", forbidden_is_403(TakeCensusView.as_view()), name="take"),
            path("<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
            path("<int:pk>/sign/", forbidden_is_403(SignView.as_view()), name="sign"),
            path("<int:pk>/report.pdf", forbidden_is_403(DownloadView.as_view(kind="pdf")), name="pdf"),
            path("<int:pk>/report.xlsx", forbidden_is_403(DownloadView.as_view(kind="xlsx")), name="xlsx"),
        ]
