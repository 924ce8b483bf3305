"""The estate register in the Wagtail admin: one menu group, one viewset per record.

Access follows the model permissions of the staff groups
(:mod:`portal.organisation.groups`): a group without any permission on a record
sees neither its menu item nor its pages.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .ledger import LedgerEntryViewSet
from .parking import ParkingRentalViewSet, ParkingSpaceViewSet, VehicleViewSet
from .people import HouseholdViewSet, PersonViewSet
from .property import BuildingViewSet, EstateViewSet, UnitViewSet


class EstateRegisterGroup(ModelViewSetGroup):
    menu_label = _("Estate register")
    menu_icon = "table"
    menu_order = 200
    items = (
        UnitViewSet,
        HouseholdViewSet,
        PersonViewSet,
        VehicleViewSet,
        ParkingSpaceViewSet,
        ParkingRentalViewSet,
        LedgerEntryViewSet,
        BuildingViewSet,
        EstateViewSet,
    )


__all__ = ["EstateRegisterGroup"]
