"""报修 — report a fault for repair (POLICIES §13).

RP-1: unit, fault, appointment time and phone are all required (the time reported is
the submission's; the receiver is the member of staff who takes the case).
RP-3: emergency or general, as ``repair.classify`` decides. RP-2: the owner is told
before submitting that paid work is explained and priced first.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.casework.procedures import Procedure

from ..fields import FutureDateTimeField, PhoneField, UnitField
from ..registry import register
from ..steps import OwnerStep
from ..uploads import PhotoField
from ..wizard import OwnerWizard

CATEGORIES = [
    ("burst_pipe", _("Burst or leaking pipe")),
    ("appliance_smoking", _("Appliance or wiring smoking")),
    ("water_outage", _("Water supply cut off")),
    ("power_outage", _("Power supply cut off")),
    ("other", _("Other fault")),
]


class PlaceStep(OwnerStep):
    title = _("Where and how to reach you")

    unit = UnitField()
    phone = PhoneField()


class FaultStep(OwnerStep):
    title = _("The fault")

    category = forms.ChoiceField(label=_("What is wrong?"), choices=CATEGORIES, widget=forms.RadioSelect)
    description = forms.CharField(
        label=_("Describe the fault"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where it is and what you see, e.g. “water dripping from the kitchen ceiling”."),
    )
    urgent = forms.BooleanField(label=_("This is especially urgent"), required=False)


class PhotosStep(OwnerStep):
    title = _("Photos")

    photo_1 = PhotoField(label=_("Photo 1"), required=False)
    photo_2 = PhotoField(label=_("Photo 2"), required=False)
    photo_3 = PhotoField(label=_("Photo 3"), required=False)


class AppointmentStep(OwnerStep):
    title = _("Appointment")

    appointment_at = FutureDateTimeField(
        label=_("When can the engineer come?"),
        help_text=_("Someone must be at home to let the engineer in."),
    )


@register(Procedure.REPAIR)
class RepairWizard(OwnerWizard):
    procedure = Procedure.REPAIR
    form_list = [
        ("place", PlaceStep),
        ("fault", FaultStep),
        ("photos", PhotosStep),
        ("appointment", AppointmentStep),
    ]
    policy = "repair.classify"
    notes = (
        # RP-2
        _("If the repair is chargeable, or needs materials you pay for, the engineer explains the price "
          "standard and the reason before starting work, and works only with your agreement."),
    )

    def get_facts(self, data, received_at):
        return {"category": data["category"], "customer_marked_urgent": bool(data.get("urgent"))}

    def get_preview(self, decision):
        if decision.values.get("priority") == "emergency":
            priority = _("Emergency repair: the engineering department is told at once.")
        else:
            priority = _("General repair: the engineering department comes at your appointment time.")
        return [(_("Priority"), priority)]
