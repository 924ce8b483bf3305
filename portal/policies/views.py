"""The parameter schedule in the Wagtail admin (project manager only).

The listing shows every dated set and, below it, every parameter's default and the
value in force today. A set that is in force, or was, is history: its edit and
delete pages send the user to its read-only page instead.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic

from . import services
from . import values as parameter_values
from .adapter import params_in_force, today
from .forms import ParameterSetForm
from .models import ParameterSet


def parameter_rows(values_by_name):
    """Rows of a parameter table: label, policy, the value shown, the default, and whether they differ."""
    rows = []
    for name, parameter in parameter_values.PARAMETERS.items():
        value = values_by_name[name]
        rows.append(
            {
                "name": name,
                "label": parameter.label,
                "policy_id": parameter.policy_id,
                "value": parameter_values.display(name, value),
                "default": parameter_values.display(name, parameter.default),
                "differs": value != parameter.default,
            }
        )
    return rows


class HistoryIsFrozenMixin:
    """Edit and delete pages of a set already in force redirect to its read-only page."""

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        parameter_set = self.get_object()
        if not parameter_set.is_scheduled(today()):
            messages.warning(
                request, _("This parameter set is already in force: it is history and cannot be changed.")
            )
            return redirect(reverse(f"{ParameterSetViewSet.name}:inspect", args=(parameter_set.pk,)))
        return super().dispatch(request, *args, **kwargs)


class ParameterSetIndexView(generic.IndexView):
    template_name = "policies/parameterset_index.html"

    @cached_property
    def today(self):
        return today()

    @cached_property
    def in_force_pk(self):
        parameter_set = ParameterSet.objects.in_force_on(self.today)
        return parameter_set.pk if parameter_set is not None else None

    def status(self, parameter_set):
        if parameter_set.is_scheduled(self.today):
            return _("Scheduled")
        if parameter_set.pk == self.in_force_pk:
            return _("In force")
        return _("Superseded")

    @cached_property
    def columns(self):
        columns = super().columns
        columns.insert(1, Column("status", label=_("Status"), accessor=self.status))
        columns.insert(2, Column("changes", label=_("Values set"), accessor=lambda obj: len(obj.values)))
        return columns

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if instance.is_scheduled(self.today) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if instance.is_scheduled(self.today) else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_force_rows"] = parameter_rows(params_in_force(self.today))
        context["today"] = self.today
        return context


class ParameterSetCreateView(generic.CreateView):
    template_name = "policies/parameterset_form.html"

    def save_instance(self):
        return self.form.save()


class ParameterSetEditView(HistoryIsFrozenMixin, generic.EditView):
    template_name = "policies/parameterset_form.html"

    def save_instance(self):
        return self.form.save()


class ParameterSetDeleteView(HistoryIsFrozenMixin, generic.DeleteView):
    success_message = _("The parameter set from %(date)s was withdrawn.")

    def get_success_message(self):
        return self.success_message % {"date": self.object.effective_from.isoformat()}

    def delete_action(self):
        try:
            services.withdraw(self.object, by=self.request.user)
        except ValidationError as error:  # it took effect while the page was open
            raise PermissionDenied(error.messages[0]) from error


class ParameterSetInspectView(generic.InspectView):
    template_name = "policies/parameterset_inspect.html"

    def get_edit_url(self):
        return super().get_edit_url() if self.object.is_scheduled(today()) else None

    def get_delete_url(self):
        return super().get_delete_url() if self.object.is_scheduled(today()) else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["parameter_rows"] = parameter_rows(services.effective_values(self.object))
        return context


class ParameterSetViewSet(ModelViewSet):
    """Policy parameters in force from a date; add, change, delete and view permissions
    are the project manager's (see ``portal.organisation.groups``)."""

    model = ParameterSet
    icon = "sliders"
    add_to_admin_menu = True
    menu_label = _("Policy parameters")
    menu_order = 850
    name = "policy_parameters"
    url_prefix = "policy-parameters"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["__str__", "note", "created_by", "created_at"]
    index_view_class = ParameterSetIndexView
    add_view_class = ParameterSetCreateView
    edit_view_class = ParameterSetEditView
    delete_view_class = ParameterSetDeleteView
    inspect_view_class = ParameterSetInspectView

    def get_form_class(self, for_update=False):
        return ParameterSetForm
