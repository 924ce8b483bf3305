"""客户访问 in the admin: the visits (an assistant's own, or everyone's for those who
oversee), a visit's page with the step that records where its opinion went (VS-3) and
a link to that case for staff who may open it, the form of a new 《访问客户记录表》 and the
monthly quota page (VS-2).

Visits are recorded only through :mod:`portal.visits.services`, which keeps the audit trail.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.cases import ReadOnlyIndexView
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.viewsets.base import RegisterInspectView, RegisterViewSet
from portal.followups.links import case_link
from portal.policies.adapter import today

from . import raised, services, stats
from .forms import RaisedForm, VisitForm
from .models import Visit


def visitor_name(visit):
    return staff_name(visit.visitor)


def visited_at_text(visit):
    return shanghai(visit.visited_at)


def raised_text(visit):
    if not visit.raised_as:
        return ""
    return f"{visit.get_raised_as_display()} {visit.raised_reference}".strip()


class VisitPageMixin(WagtailAdminTemplateMixin):
    """An admin page of 客户访问: breadcrumbs from the dashboard through the listing to the page."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("visits_visit:index"), "label": _("Customer visits")},
            {"url": "", "label": self.get_page_title()},
        ]


class VisitIndexView(ReadOnlyIndexView):
    page_title = _("Customer visits")

    def get_base_queryset(self):
        return super().get_base_queryset().visible_to(self.request.user)

    def get_header_buttons(self):
        buttons = [HeaderButton(_("Monthly quota"), url=reverse("visits_visit:quota"), icon_name="table")]
        if services.may_record(self.request.user):
            buttons.insert(0, HeaderButton(_("Record a visit"), url=reverse("visits_visit:record"), icon_name="plus"))
        return buttons


class VisitInspectView(RegisterInspectView):
    template_name = "visits/admin/visit_inspect.html"

    def get_object(self, queryset=None):
        queryset = Visit.objects.visible_to(self.request.user).select_related("visitor", "unit__building")
        return get_object_or_404(queryset, pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_visitor_display_value(self):
        return staff_name(self.object.visitor)

    def get_raised_reference_display_value(self):
        """The case the opinion was raised as, linked to its page for those who may open it."""
        visit = self.object
        if not visit.raised_reference:
            return "—"
        case = raised.case_of(visit)
        if case is None:
            return visit.raised_reference
        return case_link(self.request.user, case)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.object
        may_raise = services.may_change(self.request.user, visit) and bool(visit.opinions)
        context.update(
            raised_form=RaisedForm(initial={"raised_as": visit.raised_as, "reference": visit.raised_reference})
            if may_raise else None,
            raised_url=reverse("visits_visit:raise", args=(visit.pk,)),
        )
        return context


class RecordVisitView(VisitPageMixin, FormView):
    """A new 《访问客户记录表》 entry by the signed-in assistant."""

    template_name = "visits/admin/record.html"
    form_class = VisitForm
    page_title = _("Record a visit")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not services.may_record(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                by=self.request.user, unit=data["unit"], visited_at=data["visited_at"], way=data["way"],
                contact_name=data["contact_name"], contact_phone=data["contact_phone"], opinions=data["opinions"],
                satisfaction=data["satisfaction"], raised_as=data["raised_as"],
                raised_reference=data["raised_reference"], note=data["note"],
            )
        except services.VisitError as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Visit to %(unit)s recorded.") % {"unit": visit.unit})
        return redirect(reverse("visits_visit:index"))


class RaiseView(View):
    """Record where the visit's opinion went (VS-3)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        visit = get_object_or_404(Visit.objects.visible_to(request.user), pk=pk)
        if not services.may_change(request.user, visit):
            raise PermissionDenied
        form = RaisedForm(request.POST)
        if form.is_valid():
            try:
                services.record_raised(visit, by=request.user, raised_as=form.cleaned_data["raised_as"],
                                       reference=form.cleaned_data["reference"])
            except services.VisitError as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, gettext("Saved."))
        else:
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
        return redirect(reverse("visits_visit:inspect", args=(visit.pk,)))


def month_of(value: str | None) -> tuple[int, int]:
    """``(year, month)`` from ``YYYY-MM``; this month when missing or malformed."""
    try:
        day = date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        day = today()
    return day.year, day.month


class QuotaView(VisitPageMixin, TemplateView):
    """Each assistant's households visited in a month against the VS-2 quota."""

    template_name = "visits/admin/quota.html"
    page_title = _("Customer visits: monthly quota")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("visits.view_visit"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = month_of(self.request.GET.get("month"))
        user = self.request.user
        rows = stats.quota_table(year, month)
        if not user.has_perm(services.OVERSEE_PERMISSION):
            rows = [row for row in rows if row.user.pk == user.pk]
        previous = (year - 1, 12) if month == 1 else (year, month - 1)
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        this_month = today()
        context.update(
            month=date(year, month, 1),
            rows=[(row, staff_name(row.user)) for row in rows],
            previous=f"{previous[0]}-{previous[1]:02d}",
            next=f"{following[0]}-{following[1]:02d}"
            if following <= (this_month.year, this_month.month) else "",
        )
        return context


class VisitViewSet(RegisterViewSet):
    """客户访问: ``visits.view_visit`` lists one's own visits (everyone's with
    ``visits.oversee_visit``); recording needs ``visits.record_visit``."""

    model = Visit
    icon = "user"
    add_to_admin_menu = True
    menu_label = _("Customer visits")
    menu_order = 131
    index_view_class = VisitIndexView
    inspect_view_class = VisitInspectView
    ordering = ["-visited_at"]
    search_fields = ["unit__number", "unit__building__name", "contact_name", "opinions", "raised_reference"]
    list_select_related = ("visitor", "unit__building")
    list_filter = ["way", "satisfaction", "raised_as"]
    list_display = [
        TitleColumn("visited_at", label=_("Visited at"), accessor=visited_at_text, sort_key="visited_at",
                    get_url=lambda visit: reverse("visits_visit:inspect", args=(visit.pk,))),
        Column("unit", label=_("Unit")),
        Column("contact_name", label=_("Customer visited")),
        Column("way", label=_("Way of visiting"), accessor="get_way_display"),
        Column("satisfaction", label=_("Satisfaction"), accessor="get_satisfaction_display"),
        Column("raised", label=_("Raised as"), accessor=raised_text),
        Column("visitor", label=_("Visited by"), accessor=visitor_name),
    ]
    inspect_view_fields = [
        "visited_at", "visitor", "unit", "household", "contact_name", "contact_phone", "way", "opinions",
        "satisfaction", "raised_as", "raised_reference", "note",
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
            path("inspect/<int:pk>/raise/", forbidden_is_403(RaiseView.as_view()), name="raise"),
            path("record/", forbidden_is_403(RecordVisitView.as_view()), name="record"),
            path("quota/", forbidden_is_403(QuotaView.as_view()), name="quota"),
        ]

