"""The procedures an owner or a member of staff can open a case for, by slug.

The slug is also the URL of the service page that hosts the procedure's wizard
(``/services/<slug>/``) and the prefix rules of the reference number.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Procedure(models.TextChoices):
    MOVE_IN = "move-in", _("Move-in handover appointment")
    RENOVATION = "renovation", _("Renovation application")
    OCCUPANCY = "occupancy", _("Occupancy registration")
    RELEASE_PASS = "release-pass", _("Goods release pass")
    PARKING = "parking", _("Parking space rental")
    COMPLAINT = "complaint", _("Complaint")
    REPAIR = "repair", _("Repair request")
    REQUEST = "request", _("Request or suggestion")
    RENOVATION_ACCEPTANCE = "renovation-acceptance", _("Renovation completion acceptance")
    DEPOSIT_REFUND = "deposit-refund", _("Renovation deposit refund")
    MOVE_OUT = "move-out", _("Tenant move-out")
