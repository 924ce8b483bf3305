"""日常巡查 in the admin: the rounds (an assistant's own, or everyone's for those who
oversee), each round's 《楼层巡检表》 page with its checklist, floors and findings and their
steps as POST forms, the weekly coverage grid (IN-1) and the findings' photos, served only
to staff who may see the round.

Rounds are never added, edited or deleted through generic forms: they change only through
:mod:`portal.inspections.services`, which keeps the audit trail.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from portal.audit.models import AuditEvent
from portal.casework.review import staff_name
from portal.casework.viewsets.answers import shanghai
from portal.casework.viewsets.cases import ReadOnlyIndexView
from portal.casework.viewsets.files import attachment_response
from portal.casework.viewsets.queue import forbidden_is_403
from portal.estate.models import Estate
from portal.estate.viewsets.base import RegisterInspectView, RegisterViewSet
from portal.policies.adapter import today

from . import services, stats
from .forms import ChecklistForm, FindingForm, FixForm, ForwardForm, PhotosForm, VerifyForm
from .models import AREA_FIELDS, Area, FindingPhoto, FindingState, Inspection

AUDIT_LABELS = {
    "started": _("Started"),
    "checklist_recorded": _("Checklist recorded"),
    "completed": _("Completed"),
    "recorded": _("Problem recorded"),
    "photos_added": _("Photos added"),
    "fixed": _("Fixed"),
    "forwarded": _("Forwarded"),
    "verified": _("Checked on site: resolved"),
    "recheck_needed": _("Checked on site: not resolved"),
}


def inspector_name(inspection):
    return staff_name(inspection.inspector)


def areas_text(inspection):
    return f"{len(inspection.areas_done())}/{len(Area)}"


def floors_text(inspection):
    floors = list(inspection.floors.all())
    return f"{sum(floor.checked for floor in floors)}/{len(floors)}"


def findings_text(inspection):
    findings = list(inspection.findings.all())
    still_open = sum(finding.state in (FindingState.OPEN, FindingState.FORWARDED) for finding in findings)
    if not findings:
        return "—"
    return gettext("%(total)s (%(open)s open)") % {"total": len(findings), "open": still_open}


def state_text(inspection):
    return gettext("Completed") if inspection.is_completed else gettext("In progress")


class RoundPageMixin(WagtailAdminTemplateMixin):
    """An admin page of 日常巡查: breadcrumbs from the dashboard through the listing to the page."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("inspections_inspection:index"), "label": _("Daily inspections")},
            {"url": "", "label": self.get_page_title()},
        ]


class InspectionIndexView(ReadOnlyIndexView):
    page_title = _("Daily inspections")

    def get_base_queryset(self):
        return super().get_base_queryset().visible_to(self.request.user)

    def get_header_buttons(self):
        buttons = [
            HeaderButton(_("Weekly coverage"), url=reverse("inspections_inspection:coverage"), icon_name="table"),
        ]
        if services.may_record(self.request.user):
            buttons.insert(0, HeaderButton(
                _("Today's inspection"), url=reverse("inspections_inspection:start"), icon_name="plus"
            ))
        return buttons


def history_rows(inspection, findings) -> list[dict]:
    """The round's events and its findings' events, oldest first."""
    events = list(AuditEvent.objects.for_object(inspection).select_related("actor"))
    for finding in findings:
        events += AuditEvent.objects.for_object(finding).select_related("actor")
    events.sort(key=lambda event: (event.at, event.pk))
    return [
        {
            "at": shanghai(event.at),
            "actor": staff_name(event.actor) if event.actor else "",
            "action": str(AUDIT_LABELS.get(event.action, event.action)),
            "from_state": state_label(event.from_state),
            "to_state": state_label(event.to_state),
            "note": event.note,
        }
        for event in events
    ]


def state_label(value: str) -> str:
    try:
        return str(FindingState(value).label)
    except ValueError:
        return value


def finding_steps(user, inspection, finding) -> list[tuple[str, object, str]]:
    """``(step, form, url)`` for each step ``user`` may take on ``finding`` now."""
    if not services.may_work_on(user, inspection):
        return []
    steps = []
    if finding.state == FindingState.OPEN:
        steps += [("forward", ForwardForm(prefix=f"f{finding.pk}")), ("fix", FixForm(prefix=f"f{finding.pk}"))]
    if finding.state == FindingState.FORWARDED:
        steps.append(("verify", VerifyForm(prefix=f"f{finding.pk}")))
    return [
        (step, form, reverse(f"inspections_inspection:{step}", args=(inspection.pk, finding.pk)))
        for step, form in steps
    ]


STEP_LABELS = {
    "forward": _("Record the forwarding"),
    "fix": _("Record it fixed"),
    "verify": _("Record the check on site"),
}


class InspectionInspectView(RegisterInspectView):
    template_name = "inspections/admin/inspection_inspect.html"

    def get_object(self, queryset=None):
        queryset = Inspection.objects.visible_to(self.request.user).select_related("inspector", "estate")
        return get_object_or_404(queryset, pk=self.pk)

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_inspector_display_value(self):
        return staff_name(self.object.inspector)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.object
        user = self.request.user
        may_work = services.may_work_on(user, inspection)
        findings = list(inspection.findings.prefetch_related("photos").select_related("verified_by"))
        context.update(
            inspection=inspection,
            may_work=may_work,
            editable=may_work and not inspection.is_completed,
            checklist_form=ChecklistForm(inspection=inspection),
            finding_form=FindingForm(),
            floors=list(inspection.floors.select_related("building")),
            areas=[(area.label, getattr(inspection, field)) for area, field in AREA_FIELDS.items()],
            findings=[
                {
                    "finding": finding,
                    "found_at": shanghai(finding.found_at),
                    "forward_by": shanghai(finding.forward_by),
                    "forwarded_at": shanghai(finding.forwarded_at),
                    "verify_on": finding.verify_on,
                    "verified_at": shanghai(finding.verified_at),
                    "steps": [(STEP_LABELS[step], step, form, url) for step, form, url in
                              finding_steps(user, inspection, finding)],
                    "photos": [
                        (photo, reverse("inspections_inspection:photo", args=(photo.pk,)))
                        for photo in finding.photos.all()
                    ],
                }
                for finding in findings
            ],
            missing=services.missing_for_completion(inspection) if not inspection.is_completed else [],
            history=history_rows(inspection, findings),
        )
        return context


class RoundActionView(View):
    """A POST on one round, back to its page; a refusal staff can act on comes back as a message."""

    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
        if not services.may_work_on(request.user, inspection):
            raise PermissionDenied
        try:
            self.perform(request, inspection, **kwargs)
        except services.InspectionError as refusal:
            messages.error(request, str(refusal))
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        return redirect(reverse("inspections_inspection:inspect", args=(inspection.pk,)))

    def perform(self, request, inspection, **kwargs):
        raise NotImplementedError

    def form_errors(self, request, form):
        for name, errors in form.errors.items():
            for error in errors:
                label = form.fields[name].label if name in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)


class ChecklistView(RoundActionView):
    def perform(self, request, inspection):
        form = ChecklistForm(request.POST, inspection=inspection)
        if not form.is_valid():
            return self.form_errors(request, form)
        data = form.cleaned_data
        services.record_checklist(
            inspection, by=request.user, areas=data["areas"], checks=data["checks"], floors_walked=data["floors"],
            occupancy_note=data["occupancy_note"], note=data["note"],
        )
        messages.success(request, gettext("Checklist saved."))


class CompleteView(RoundActionView):
    def perform(self, request, inspection):
        services.complete(inspection, by=request.user)
        messages.success(request, gettext("Inspection completed."))


class AddFindingView(RoundActionView):
    def perform(self, request, inspection):
        if inspection.is_completed:
            raise services.InspectionError(gettext("This inspection is completed; record the problem on today's."))
        form = FindingForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.form_errors(request, form)
        data = form.cleaned_data
        services.record_finding(
            inspection, by=request.user, location=data["location"], item=data["item"],
            description=data["description"], photos=data["photos"], fixed_on_spot=data["fixed_on_spot"],
            fix_note=data["fix_note"],
        )
        messages.success(request, gettext("Problem recorded."))


class FindingStepView(RoundActionView):
    step = ""
    forms = {"forward": ForwardForm, "fix": FixForm, "verify": VerifyForm}

    def perform(self, request, inspection, finding_pk):
        finding = get_object_or_404(inspection.findings, pk=finding_pk)
        form = self.forms[self.step](request.POST, prefix=f"f{finding.pk}")
        if not form.is_valid():
            return self.form_errors(request, form)
        data = form.cleaned_data
        if self.step == "forward":
            services.forward(finding, by=request.user, to=data["to"])
        elif self.step == "fix":
            services.mark_fixed(finding, by=request.user, note=data["note"])
        else:
            services.verify(finding, by=request.user, resolved=data["resolved"], note=data["note"])
        messages.success(request, gettext("Saved."))


class AddPhotosView(RoundActionView):
    def perform(self, request, inspection, finding_pk):
        finding = get_object_or_404(inspection.findings, pk=finding_pk)
        form = PhotosForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.form_errors(request, form)
        services.add_photos(finding, form.cleaned_data["photos"], by=request.user)
        messages.success(request, gettext("Photos added."))


class StartView(RoundPageMixin, TemplateView):
    """Today's round: GET opens it if started, else offers to start it; POST starts it."""

    template_name = "inspections/admin/start.html"
    page_title = _("Today's inspection")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not services.may_record(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        existing = services.todays_inspection(request.user)
        if existing is not None:
            return redirect(reverse("inspections_inspection:inspect", args=(existing.pk,)))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            inspection = services.start_inspection(inspector=request.user)
        except services.InspectionError as refusal:
            messages.error(request, str(refusal))
            return redirect(reverse("inspections_inspection:index"))
        return redirect(reverse("inspections_inspection:inspect", args=(inspection.pk,)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(day=today(), floors_per_round=services.FLOORS_PER_ROUND)
        return context


class CoverageView(RoundPageMixin, TemplateView):
    """Walks per floor and day of a week, every floor of every building (IN-1: twice a week)."""

    template_name = "inspections/admin/coverage.html"
    page_title = _("Weekly inspection coverage")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("inspections.view_inspection"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def week(self) -> date:
        try:
            return services.week_start(date.fromisoformat(self.request.GET.get("week", "")))
        except ValueError:
            return services.week_start(today())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start = self.week()
        estate = Estate.objects.order_by("pk").first()
        grid = stats.coverage_grid(estate, start) if estate else []
        context.update(
            start=start,
            end=start + timedelta(days=6),
            days=stats.week_days(start),
            grid=grid,
            covered=sum(building.floors_covered for building in grid),
            total=sum(len(building.rows) for building in grid),
            passes=services.WEEKLY_PASSES,
            previous=(start - timedelta(days=7)).isoformat(),
            next=(start + timedelta(days=7)).isoformat() if start + timedelta(days=7) <= today() else "",
        )
        return context


class PhotoView(View):
    """A finding's photo, for staff who may see its round; never cached, never sniffed."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        photo = get_object_or_404(FindingPhoto.objects.select_related("finding__inspection"), pk=pk)
        if not Inspection.objects.visible_to(request.user).filter(pk=photo.finding.inspection_id).exists():
            raise PermissionDenied
        return attachment_response(photo)


class InspectionViewSet(RegisterViewSet):
    """日常巡查: ``inspections.view_inspection`` lists one's own rounds (everyone's with
    ``inspections.oversee_inspection``); recording needs ``inspections.record_inspection``."""

    model = Inspection
    icon = "tasks"
    add_to_admin_menu = True
    menu_label = _("Daily inspections")
    menu_order = 130
    index_view_class = InspectionIndexView
    inspect_view_class = InspectionInspectView
    ordering = ["-day", "inspector__username"]
    search_fields = ["inspector__username", "inspector__last_name", "inspector__first_name"]
    list_select_related = ("inspector",)
    list_prefetch_related = ("floors", "findings")
    list_filter = ["day"]
    list_display = [
        TitleColumn("day", label=_("Day"), sort_key="day",
                    get_url=lambda inspection: reverse("inspections_inspection:inspect", args=(inspection.pk,))),
        Column("inspector", label=_("Inspected by"), accessor=inspector_name),
        Column("areas", label=_("Areas"), accessor=areas_text),
        Column("floors", label=_("Floors walked"), accessor=floors_text),
        Column("findings", label=_("Problems"), accessor=findings_text),
        StatusTagColumn("state", label=_("State"), accessor=state_text,
                        primary=lambda inspection: not inspection.is_completed),
    ]
    inspect_view_fields = ["day", "inspector", "started_at", "completed_at", "occupancy_note", "note"]

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
            path("today/", forbidden_is_403(StartView.as_view()), name="start"),
            path("coverage/", forbidden_is_403(CoverageView.as_view()), name="coverage"),
            path("photo/<int:pk>/", forbidden_is_403(PhotoView.as_view()), name="photo"),
            path("inspect/<int:pk>/checklist/", forbidden_is_403(ChecklistView.as_view()), name="checklist"),
            path("inspect/<int:pk>/complete/", forbidden_is_403(CompleteView.as_view()), name="complete"),
            path("inspect/<int:pk>/finding/", forbidden_is_403(AddFindingView.as_view()), name="add_finding"),
            path("inspect/<int:pk>/finding/<int:finding_pk>/photos/", forbidden_is_403(AddPhotosView.as_view()),
                 name="add_photos"),
        ] + [
            path(f"inspect/<int:pk>/finding/<int:finding_pk>/{step}/",
                 forbidden_is_403(FindingStepView.as_view(step=step)), name=step)
            for step in FindingStepView.forms
        ]
