"""The admin forms of a round: its checklist, a finding with photos, and the steps of a finding."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.uploads import PhotoField

from .models import AREA_FIELDS, CHECK_FIELDS, Area, CheckItem

MAX_PHOTOS = 6


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(PhotoField):
    """Up to :data:`MAX_PHOTOS` JPEG or PNG photos, each checked by content and size."""

    widget = MultiplePhotoInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("JPEG or PNG photos, at most 10 MB each."))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [file for file in files if file]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(count)s photos per problem."), params={"count": MAX_PHOTOS})
        return [super(PhotosField, self).clean(file, initial) for file in files]


class ChecklistForm(forms.Form):
    """The areas covered, the IN-2 items checked and the floors walked."""

    areas = forms.MultipleChoiceField(
        label=_("Areas covered"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    checks = forms.MultipleChoiceField(
        label=_("Checked"), choices=CheckItem.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    floors = forms.MultipleChoiceField(label=_("Floors walked"), required=False, widget=forms.CheckboxSelectMultiple)
    occupancy_note = forms.CharField(
        label=_("Occupancy changes seen"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Move-ins, renovations, vacant homes noticed on the round (IN-2)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, inspection, **kwargs):
        floors = list(inspection.floors.select_related("building"))
        kwargs.setdefault("initial", {
            "areas": [area.value for area, field in AREA_FIELDS.items() if getattr(inspection, field)],
            "checks": [item.value for item, field in CHECK_FIELDS.items() if getattr(inspection, field)],
            "floors": [str(floor.pk) for floor in floors if floor.checked],
            "occupancy_note": inspection.occupancy_note,
            "note": inspection.note,
        })
        super().__init__(*args, **kwargs)
        self.fields["floors"].choices = [(str(floor.pk), str(floor)) for floor in floors]


class FindingForm(forms.Form):
    location = forms.CharField(label=_("Where"), max_length=200)
    item = forms.ChoiceField(label=_("Checklist item"), choices=CheckItem.choices)
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos"))
    fixed_on_spot = forms.BooleanField(label=_("Fixed on the spot"), required=False)
    fix_note = forms.CharField(
        label=_("How it was fixed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ForwardForm(forms.Form):
    to = forms.CharField(label=_("Forwarded to"), max_length=100, help_text=_("The person or department responsible."))


class FixForm(forms.Form):
    note = forms.CharField(label=_("How it was fixed"), widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Result of the check"), coerce=lambda value: value == "yes",
        choices=[("yes", _("Resolved")), ("no", _("Not resolved: check again tomorrow"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("What the check found"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhotosForm(forms.Form):
    photos = PhotosField(label=_("Photos"), required=True)
