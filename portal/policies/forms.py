"""The admin form of a parameter set: one field per library parameter.

Fields are generated from the library's descriptions (label, unit, kind, policy ID),
so a parameter added to the library appears here without a code change. Values are
checked by the library itself; its messages are shown on the fields they concern.
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rules import ParamsError, resolve_params
from wagtail.admin.forms import WagtailAdminModelForm

from . import services
from . import values as parameter_values
from .adapter import params_in_force, today
from .models import ParameterSet

_DATE_SEPARATORS = re.compile(r"[\s,，、;；]+")


class DateListField(forms.CharField):
    """Dates typed one per line (or separated by commas); the library checks each one."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "2026-10-08"})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(day.isoformat() if isinstance(day, date) else str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [part for part in _DATE_SEPARATORS.split(text) if part]


def parameter_field(parameter, *, default: str, in_force: str) -> forms.Field:
    """A form field for one library parameter, its help text naming the default and today's value."""
    facts = [
        parameter.policy_id,
        str(_("unit: %(unit)s") % {"unit": parameter.unit}),
        str(_("default: %(value)s") % {"value": default}),
        str(_("in force today: %(value)s") % {"value": in_force}),
    ]
    if parameter.note:
        facts.append(parameter.note)
    options = {"label": parameter.label, "help_text": " · ".join(facts)}
    if parameter.kind == "money":
        return forms.DecimalField(max_digits=12, decimal_places=2, **options)
    if parameter.kind == "fraction":
        return forms.DecimalField(max_digits=5, decimal_places=4, **options)
    if parameter.kind == "int":
        return forms.IntegerField(**options)
    if parameter.kind == "month_day":
        return forms.CharField(max_length=5, widget=forms.TextInput(attrs={"placeholder": "MM-DD"}), **options)
    if parameter.kind == "date_list":
        return DateListField(required=False, **options)
    raise ValueError(f"No form field for parameters of kind {parameter.kind!r}")


def first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class ParameterSetForm(WagtailAdminModelForm):
    """Schedule the parameters in force from a date, or revise a set not yet in force."""

    class Meta:
        model = ParameterSet
        fields = ["effective_from", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = None
        now = today()
        in_force_today = params_in_force(now)
        if self.instance.pk:
            starting = services.effective_values(self.instance)
        else:
            # Start from the latest set, so that a change already scheduled is kept.
            starting = services.effective_values(ParameterSet.objects.order_by("-effective_from").first())
            self.fields["effective_from"].initial = first_of_next_month(now)
        self.fields["effective_from"].help_text = _(
            "Today or later: decisions for earlier days keep the values in force then. "
            "A set that has taken effect can no longer be changed."
        )
        for name, parameter in parameter_values.PARAMETERS.items():
            self.fields[name] = parameter_field(
                parameter,
                default=parameter_values.display(name, parameter.default),
                in_force=parameter_values.display(name, in_force_today[name]),
            )
            self.initial.setdefault(name, starting[name])

    @property
    def parameter_names(self):
        return list(parameter_values.PARAMETERS)

    def clean(self):
        cleaned = super().clean()
        changes = {name: cleaned[name] for name in self.parameter_names if name in cleaned}
        try:
            resolve_params(changes)  # the values on their own: every problem at once, whatever the date
        except ParamsError as error:
            for name, message in error.errors.items():
                self.add_error(name if name in self.fields else None, message)
        effective_from = cleaned.get("effective_from")
        if effective_from is None:
            return cleaned
        try:
            self.plan = services.plan(
                effective_from, changes, revising=self.instance if self.instance.pk else None
            )
        except ParamsError:
            pass  # shown on the fields above
        except ValidationError as error:
            # "Nothing changes" means little while a value could not even be read.
            if not (self.errors and getattr(error, "code", None) == "no_change"):
                self.add_error(None, error)
        return cleaned

    def save(self, commit=True):
        """Apply the plan with its audit trail (always saved: the audit needs the record)."""
        if self.plan is None:
            raise ValueError("The form has no valid plan to save.")
        self.instance = services.apply(self.plan, by=self.for_user, note=self.cleaned_data.get("note", ""))
        return self.instance
