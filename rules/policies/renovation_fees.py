"""renovation.fees — 装修管理：按公开收费标准收取的装修费用 (§2: RN-9)."""

from rules.policies.common import CATCH_ALL_PRIORITY, PROPERTY_TYPES

PROCEDURE = "renovation.fees"
OUTCOME = "info"

FACTS = {
    "property_type": {"kind": "choice", "choices": PROPERTY_TYPES},
    "worker_passes": {"kind": "int"},
    "fire_system_modified": {"kind": "bool", "optional": True},
}

# Items are returned in this order.
FEE_CODES = ("deposit", "debris_removal", "worker_pass", "ac_modification", "fire_water_drain",
             "fire_linkage")

# The published fee standard: fee code -> property type -> parameter holding the amount.
FEE_PARAMETERS = {
    "deposit": {
        "residential": "renovation_deposit_residential",
        "business_apartment": "renovation_deposit_business_apartment",
        "office": "renovation_deposit_office",
    },
    "debris_removal": {
        "residential": "renovation_debris_removal_residential",
        "business_apartment": "renovation_debris_removal_business_apartment",
        "office": "renovation_debris_removal_office",
    },
    "ac_modification": {"office": "renovation_ac_modification_fee_office"},
    "fire_water_drain": {
        "business_apartment": "renovation_fire_water_drain_fee_business_apartment",
        "office": "renovation_fire_water_drain_fee_office",
    },
    "fire_linkage": {"office": "renovation_fire_linkage_fee_office"},
}

# Worker passes are charged per pass.
PER_PASS_PARAMETER = "renovation_worker_pass_unit_price"

RULES = {
    # RN-9: deposit and debris removal for every renovation.
    "standard_fees": {
        "policy": "RN-9",
        "reason": "按公开收费标准收取装修押金{deposit_amount}元、清运费{debris_removal_amount}元",
        "add": {"items": ["deposit", "debris_removal"]},
        "all": [{"m": {"procedure": "renovation.fees"}}],
        "pri": 50,
        "run": "note",
    },
    # RN-9: worker passes (none when no pass is requested).
    "worker_pass_fee": {
        "policy": "RN-9",
        "reason": "施工人员出入证{worker_passes}张 × {renovation_worker_pass_unit_price}元 = {worker_pass_amount}元",
        "add": {"items": ["worker_pass"]},
        "all": [{"m": {"$gte": {"worker_passes": 1}}}],
        "pri": 51,
        "run": "note",
    },
    # RN-9: an office adds three fees.
    "office_fees": {
        "policy": "RN-9",
        "reason": "写字楼另收空调改动费{ac_modification_amount}元、消防放水费{fire_water_drain_amount}元、"
                  "消防联动费{fire_linkage_amount}元",
        "add": {"items": ["ac_modification", "fire_water_drain", "fire_linkage"]},
        "all": [{"m": {"property_type": "office"}}],
        "pri": 52,
        "run": "note",
    },
    # RN-9: a business apartment pays the fire water-drain fee only if the fire system is modified.
    "business_apartment_fire_change": {
        "policy": "RN-9",
        "reason": "商务公寓改动消防的，只需另收消防放水费{fire_water_drain_amount}元",
        "add": {"items": ["fire_water_drain"]},
        "all": [{"m": {"$and": [{"property_type": "business_apartment"}, {"fire_system_modified": True}]}}],
        "pri": 53,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "renovation.fees"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
