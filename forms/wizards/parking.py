"""车位租用 — rent a parking space (POLICIES §14 and §17).

The applicant rents for the household of one of their units, for one of the vehicles
registered to them or their household, or for a vehicle the register does not know
yet (its plate, and a copy of its licence 行驶证, PK-2). The confirmation step previews
``parking.rental`` with what the register knows: whether the applicant is an owner or
tenant of the household (PK-1), the household's active rentals (PK-1: one space per
household) and the free spaces of the estate (CS-2), and whether the licence is in
the applicant's name (PK-2).

``allow_denied`` is False: a household that holds a space already, or a full car park,
gets no rental by review.
"""

import calendar
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.casework.procedures import Procedure
from portal.estate.models import Vehicle
from portal.policies import facts

from ..fields import NearDateField, PlateField, UnitField, VehicleField
from ..registry import register
from ..steps import OwnerStep
from ..uploads import UploadField
from ..wizard import OwnerWizard

MINE, SOMEONE_ELSE = "applicant", "someone_else"
LICENCE_HOLDERS = [(MINE, _("Me")), (SOMEONE_ELSE, _("Someone else (a relative, a company …)"))]
PERIODS = [(1, _("1 month")), (3, _("3 months")), (6, _("6 months")), (12, _("12 months"))]


def rental_end(start, months: int):
    """The last day of a rental of ``months`` calendar months from ``start``."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day) - timedelta(days=1)


class VehicleStep(OwnerStep):
    title = _("Vehicle")

    unit = UnitField(help_text=_("The space is rented for the household of this unit."))
    vehicle = VehicleField(
        label=_("Your vehicle"),
        required=False,
        empty_label=_("A vehicle not registered with us yet"),
    )
    plate = PlateField(
        label=_("Plate of the vehicle not registered yet"), required=False, help_text=_("E.g. 粤B12345.")
    )
    car_model = forms.CharField(label=_("Car model"), max_length=50, required=False)
    licence_holder = forms.ChoiceField(
        label=_("Whose name is on its vehicle licence (行驶证)?"),
        choices=LICENCE_HOLDERS,
        required=False,
        widget=forms.RadioSelect,
    )
    licence = UploadField(
        label=_("Vehicle licence (行驶证)"),
        required=False,
        help_text=_("Both pages. Needed for a vehicle not registered yet. PDF, JPEG or PNG, at most 10 MB."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vehicle") is not None or "vehicle" in self.errors:
            return cleaned
        required = _("Needed for a vehicle not registered yet.")
        for name in ("plate", "licence_holder", "licence"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, ValidationError(required, code="required"))
        plate = cleaned.get("plate")
        if plate:
            registered = Vehicle.objects.filter(plate=plate).first()
            if registered is not None and self.applicant.vehicles.filter(pk=registered.pk).exists():
                self.add_error("plate", ValidationError(
                    _("%(plate)s is registered with us already: choose it under “Your vehicle”."),
                    code="registered", params={"plate": plate},
                ))
            elif registered is not None:
                self.add_error("plate", ValidationError(
                    _("%(plate)s is registered to another household. Please call the service centre."),
                    code="registered_elsewhere", params={"plate": plate},
                ))
        return cleaned


class PeriodStep(OwnerStep):
    title = _("Rental period")

    start = NearDateField(label=_("Start of the rental"), earliest=0, latest=60)
    months = forms.TypedChoiceField(label=_("For how long?"), choices=PERIODS, coerce=int, widget=forms.RadioSelect)


@register(Procedure.PARKING)
class ParkingWizard(OwnerWizard):
    procedure = Procedure.PARKING
    form_list = [("vehicle", VehicleStep), ("period", PeriodStep)]
    policy = "parking.rental"
    allow_denied = False
    denied_help = _(
        "Each household rents one space at most, and only while one is free. If your household's rental has "
        "ended, or you think this is wrong, call %(hotline)s."
    )
    notes = (
        _("Bring your ID card and the vehicle licence to the service centre to sign the parking agreement "
          "(《车位使用协议》). Once the rent is paid in full, your owner card opens the car park."),
    )

    def shown_vehicle(self, data) -> Vehicle:
        """The vehicle chosen, or the one not registered yet as the applicant describes it (unsaved)."""
        if data.get("vehicle") is not None:
            return data["vehicle"]
        holder = self.applicant.person if data["licence_holder"] == MINE else None
        return Vehicle(plate=data["plate"], model=data.get("car_model", ""), owner_id=getattr(holder, "pk", None))

    def get_facts(self, data, received_at):
        return facts.parking_rental_facts(
            self.applicant.household_of(data["unit"]),
            applicant=self.applicant.person,
            vehicle=self.shown_vehicle(data),
            licence_uploaded=bool(data.get("licence")),
        )

    def get_preview(self, decision):
        data = self.answered_data()
        end = rental_end(data["start"], data["months"])
        return [
            (_("Vehicle"), self.shown_vehicle(data).plate),
            (_("Rental"), _("%(start)s to %(end)s") % {"start": data["start"].isoformat(), "end": end.isoformat()}),
        ]
