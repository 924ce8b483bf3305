"""What the policy library's codes are called on paper and on screen.

``renovation.documents`` and ``renovation.fees`` answer in codes (``floor_plan``,
``deposit`` …, spec DECISIONS.md); the wizards, the service pages and the staff screens
all name them with these labels, so a record is called the same everywhere.
"""

from django.utils.translation import gettext_lazy as _

# Drawings and documents handed in with a renovation application (RN-2 … RN-5).
DOCUMENT_LABELS = {
    "floor_plan": _("Floor plan"),
    "ceiling_plan": _("Ceiling plan"),
    "water_electric_plan": _("Water and electricity plan"),
    "wall_plan": _("Wall demolition and construction plan"),
    "facade_rendering": _("Façade rendering"),
    "ac_modification_drawing": _("Air-conditioning modification drawing (stamped by the contractor)"),
    "fire_design_review_receipt": _("Fire-protection design review receipt"),
    "contractor_id": _("ID card of the contractor's responsible person (stamped copy)"),
    "contractor_authorisation": _("Contractor's power of attorney (stamped copy)"),
    "business_licence": _("Contractor's business licence (stamped copy)"),
    "construction_qualification": _("Construction qualification certificate (stamped copy)"),
    "tax_registration": _("Tax registration certificate (stamped copy)"),
    "design_qualification": _("Design qualification certificate"),
    "owner_power_of_attorney": _("Owner's power of attorney"),
    "lease_contract": _("Copy of the lease contract"),
    "tenant_business_licence": _("Tenant company's business licence"),
    "legal_representative_certificate": _("Legal representative certificate"),
    "legal_representative_authorisation": _("Legal representative's authorisation"),
}

# The records the applicant signs (RN-6), by their names on paper.
PLEDGE_LABELS = {
    "application_form": _("Renovation application form"),
    "management_agreement": _("Renovation management agreement"),
    "non_load_bearing_wall_pledge": _("Pledge on removing non-load-bearing walls"),
    "fire_safety_responsibility": _("Construction fire-safety responsibility letter"),
    "fire_facilities_pledge": _("Fire-facilities pledge"),
    "self_renovation_pledge": _("Self-renovation pledge"),
}

# Government approvals obtained before the works (RN-7).
APPROVAL_LABELS = {
    "fire_filing": _("Fire-protection filing"),
    "structural_change": _("Structural change"),
    "gas_change": _("Gas change"),
}

# The published fee standard's items (RN-9).
FEE_LABELS = {
    "deposit": _("Renovation deposit"),
    "debris_removal": _("Debris removal fee"),
    "worker_pass": _("Worker passes"),
    "ac_modification": _("Air-conditioning modification fee"),
    "fire_water_drain": _("Fire water-drain fee"),
    "fire_linkage": _("Fire linkage fee"),
}

# Utility floats paid at move-in (MI-3).
UTILITY_FLOAT_LABELS = {"electricity": _("Electricity float"), "water": _("Water float")}


def label_of(labels: dict, code: str) -> str:
    """The label of ``code``, or the code itself for one this module does not know yet."""
    return str(labels.get(code, code))
