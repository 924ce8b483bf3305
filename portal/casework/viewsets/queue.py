"""The review queue (案件审核): every submission, newest first, for the staff who review them.

The listing filters by procedure, status, building, unit, overdue and assignee
(including "me"), searches reference, applicant name and unit number, exports CSV and
XLSX, and takes the same number of queries whatever the number of cases. Engineering
and security staff see only their procedures (:func:`portal.casework.review.visible_to_staff`).

Cases are never added, edited or deleted here: they come from the application forms
and change only through the review actions (:mod:`.actions`), which keep the audit trail.
"""

import re
from functools import cached_property, wraps

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permissions import policy_registry

from portal.estate.models import Building
from portal.estate.viewsets.base import RegisterIndexView, RegisterViewSet

from .. import review
from ..models import OPEN_STATUSES, Submission, SubmissionStatus
from ..procedures import Procedure
from .actions import ReviewActionView
from .answers import shanghai
from .files import SubmissionFileDownloadView
from .inspect import SubmissionInspectView
from .queue_columns import ChoiceColumn, DueTimeColumn, LocalTimeColumn, ReferenceColumn, StatusColumn, TextColumn

ENTER_PERMISSION = "casework.enter_submission"
# A whole reference number as portal.casework.references hands them out.
REFERENCE = re.compile(r"[A-Za-z]{2,5}-\d{4}-\d{6}")
ME = "me"
NOBODY = "nobody"


def forbidden_is_403(view):
    """Answer a refused request with 403 Forbidden (the admin's default is a redirect
    to the dashboard, which hides from scripts and logs that access was refused)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied:
            response = TemplateResponse(request, "casework/admin/forbidden.html", status=403)
        return response

    return wrapped


class SubmissionFilterSet(WagtailFilterSet):
    procedure = django_filters.ChoiceFilter(
        label=_("Procedure"), choices=Procedure.choices, widget=forms.Select, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SubmissionStatus.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), field_name="unit__building", queryset=Building.objects.all()
    )
    unit = django_filters.CharFilter(label=_("Unit number"), field_name="unit__number", lookup_expr="iexact")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue", widget=BooleanRadioSelect)
    assigned_to = django_filters.ChoiceFilter(
        label=_("Assigned to"), method="filter_assigned_to", widget=forms.Select, empty_label=_("Anyone")
    )

    class Meta:
        model = Submission
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = timezone.now()
        user = self.request.user if self.request else None
        self.filters["assigned_to"].extra["choices"] = [
            (ME, gettext("Me")),
            (NOBODY, gettext("Nobody")),
            *((str(user.pk), review.staff_name(user)) for user in review.reviewers()),
        ]
        procedures = review.visible_procedures(user) if user is not None else None
        if procedures is not None:
            self.filters["procedure"].extra["choices"] = [
                (value, label) for value, label in Procedure.choices if value in procedures
            ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = review.overdue_condition(self.now)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_assigned_to(self, queryset, name, value):
        if value == ME:
            return queryset.filter(assigned_to=self.request.user)
        if value == NOBODY:
            return queryset.filter(assigned_to__isnull=True)
        if value:
            return queryset.filter(assigned_to_id=value)
        return queryset


class ShanghaiTimeColumn(Column):
    """An instant as ``Y-m-d H:i`` in Asia/Shanghai, sortable by its field, printed with a
    cell template (which subclasses may replace); the queue itself prints its times with
    :class:`.queue_columns.LocalTimeColumn`."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return shanghai(super().get_value(instance))


def unit_number(submission):
    return submission.unit.number if submission.unit_id else ""


def building_name(submission):
    return submission.unit.building.name if submission.unit_id else ""


def assignee_name(submission):
    return review.staff_name(submission.assigned_to)


def overdue_text(submission):
    return gettext("Yes") if review.is_overdue(submission) else ""


PROCEDURE_LABELS = dict(Procedure.choices)


def case_title(submission):
    """``str(submission)`` (reference and procedure) without ``get_procedure_display()``'s
    dictionary of every label."""
    return f"{submission.reference} {PROCEDURE_LABELS.get(submission.procedure, submission.procedure)}"


class SubmissionIndexView(RegisterIndexView):
    """The queue: what the user may see, newest first."""

    page_title = _("Review queue")

    export_accessors = {
        "applicant": lambda submission: submission.applicant.name,
        "building": building_name,
        "unit": unit_number,
        "assigned_to": assignee_name,
        "overdue": overdue_text,
    }

    def get_base_queryset(self):
        return review.visible_to_staff(self.request.user, super().get_base_queryset())

    def paginate_queryset(self, queryset, page_size):
        """Page through the cases' ids alone, then read the page's rows with their
        applicant, unit and assignee: the database sorts narrow rows rather than joining
        every case a filter matches (thousands, for "overdue", in a large queue)."""
        paginator, page, ids, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        ids = list(ids)
        rows = queryset.order_by().in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]
        return paginator, page, page.object_list, is_paginated

    def search_queryset(self, queryset):
        """A whole reference number (``ZX-2026-000123``) is looked up by its unique index;
        anything else is searched word by word (reference, applicant, unit number)."""
        if self.is_searching and REFERENCE.fullmatch(self.search_query.strip()):
            return queryset.filter(reference=self.search_query.strip().upper())
        return super().search_queryset(queryset)

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def _get_title_column(self, field_name, column_class=ReferenceColumn, **kwargs):
        """The first column, which Wagtail builds here with the rows' links: the reference,
        linked to the case page, with the row's menu (:class:`.queue_columns.ReferenceColumn`)."""
        return super()._get_title_column(field_name, column_class, title=case_title, **kwargs)

    def get_edit_url(self, instance):
        return None

    @cached_property
    def inspect_url_prefix(self) -> str | None:
        """The case pages' URL up to the case's id, reversed once per page rather than
        twice per row (the row's link and its menu)."""
        if not self.inspect_url_name or not self.user_has_any_permission({"add", "change", "delete", "view"}):
            return None
        return reverse(self.inspect_url_name, args=(0,)).removesuffix("0/")

    def get_inspect_url(self, instance):
        prefix = self.inspect_url_prefix
        return f"{prefix}{instance.pk}/" if prefix else None

    def get_delete_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None

    def get_add_url(self):
        return None

    @cached_property
    def header_buttons(self):
        """柜台代办: opening a case for an owner at the desk (:mod:`forms.desk`), for staff who may."""
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(ENTER_PERMISSION):
            try:
                buttons.append(HeaderButton(_("Open a case at the desk"), url=reverse("casework_desk:start"),
                                            icon_name="user"))
            except NoReverseMatch:  # the owner forms are not installed
                pass
        return buttons


class SubmissionURLFinder(ModelAdminURLFinder):
    """Links to a case lead to its review page, for whoever may see the queue."""

    edit_url_name = "casework_submission:inspect"

    def get_edit_url(self, instance):
        policy = policy_registry.get(instance)
        if self.user and policy and not policy.user_has_any_permission(self.user, ["view", "change"]):
            return None
        return self.construct_edit_url(instance)


class SubmissionViewSet(RegisterViewSet):
    """案件审核: the queue, each case's review page, its files and the review actions.

    Permissions (see :mod:`portal.organisation.groups`): ``view_submission`` opens the
    queue; each action has its own (:data:`portal.casework.review.ACTION_PERMISSIONS`).
    """

    model = Submission
    icon = "tasks"
    add_to_admin_menu = True
    menu_label = _("Review queue")
    menu_order = 100
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    filterset_class = SubmissionFilterSet
    # Twenty cases a page, as Wagtail lists: each row costs more to print than to query.
    list_per_page = 20
    ordering = "-submitted_at"
    search_fields = ["reference", "applicant__name", "unit__number"]
    list_select_related = ("applicant", "unit__building", "assigned_to")
    # The columns print their cells without a template each (see .queue_columns).
    list_display = [
        "reference",
        ChoiceColumn(
            "procedure", Procedure.choices, label=capfirst(Submission._meta.get_field("procedure").verbose_name)
        ),
        TextColumn("applicant", label=_("Applicant"), accessor="applicant.name"),
        TextColumn("unit", label=_("Unit")),
        StatusColumn(
            "status",
            SubmissionStatus.choices,
            label=_("Status"),
            primary=lambda submission: submission.status in OPEN_STATUSES,
        ),
        LocalTimeColumn("submitted_at", label=_("Submitted at")),
        DueTimeColumn("due_at", label=_("Due by")),
        TextColumn("assigned_to", label=_("Assigned to"), accessor=assignee_name),
    ]
    list_export = [
        "reference",
        "get_procedure_display",
        "applicant",
        "building",
        "unit",
        "get_status_display",
        "submitted_at",
        "due_at",
        "overdue",
        "assigned_to",
        "status_note",
    ]
    export_headings = {
        "reference": _("Reference"),
        "get_procedure_display": _("Procedure"),
        "applicant": _("Applicant"),
        "building": _("Building"),
        "unit": _("Unit number"),
        "get_status_display": _("Status"),
        "submitted_at": _("Submitted at"),
        "due_at": _("Due by"),
        "overdue": _("Overdue"),
        "assigned_to": _("Assigned to"),
        "status_note": _("Note to the applicant"),
    }
    export_filename = "review-queue"
    # The record; answers, files, decision and history follow in their own sections.
    inspect_view_fields = [
        "reference",
        "procedure",
        "status",
        "applicant",
        "unit",
        "submitted_at",
        "due_at",
        "assigned_to",
        "author",
        "status_note",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, copy, delete, history or usage pages: cases change only through review actions.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "copy", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        urlpatterns = [
            path("", forbidden_is_403(self.index_view), name="index"),
            path("results/", forbidden_is_403(self.index_results_view), name="index_results"),
            path("inspect/<int:pk>/", forbidden_is_403(self.inspect_view), name="inspect"),
            path(
                "inspect/<int:pk>/files/<int:file_pk>/",
                forbidden_is_403(SubmissionFileDownloadView.as_view()),
                name="file",
            ),
        ]
        for action in review.Action:
            view = ReviewActionView.as_view(action=action.value, inspect_url_name=self.get_url_name("inspect"))
            urlpatterns.append(path(f"inspect/<int:pk>/{action.value}/", forbidden_is_403(view), name=action.value))
        return urlpatterns

    @property
    def url_finder_class(self):
        return SubmissionURLFinder
