"""move_in.fees — 办理入伙：预收物业管理费和流转金 (POLICIES.md §1: MI-2, MI-3)."""

from rules.policies.common import CATCH_ALL_PRIORITY, PROPERTY_TYPES

PROCEDURE = "move_in.fees"
OUTCOME = "info"

FACTS = {
    "property_type": {"kind": "choice", "choices": PROPERTY_TYPES},
    "area_m2": {"kind": "money", "positive": True},
    "fee_per_m2": {"kind": "money"},
    "notice_move_in_date": {"kind": "date"},
}

RULES = {
    # MI-2: three months, counted from the move-in date stated in the notice.
    "prepaid_management_fee": {
        "policy": "MI-2",
        "reason": "从入伙通知书约定的入伙时间（{prepaid_from}）开始计算，预收{prepaid_months}个月物业管理费："
                  "月费{monthly_fee}元（{fee_per_m2}元/㎡ × {area_m2}㎡）× {prepaid_months} = "
                  "{prepaid_management_fee}元，预收至{prepaid_to}",
        "all": [{"m": {"$gte": {"prepaid_months": 1}}}],
        "pri": 50,
        "run": "note",
    },
    # MI-3: office -> electricity float.
    "office_electricity_float": {
        "policy": "MI-3",
        "reason": "写字楼收取{utility_float}元电费流转金",
        "set": {"utility_float_kind": "electricity",
                "utility_float": {"$param": "move_in_office_electricity_float"}},
        "all": [{"m": {"property_type": "office"}}],
        "pri": 51,
        "run": "note",
    },
    # MI-3: business apartment -> water float.
    "business_apartment_water_float": {
        "policy": "MI-3",
        "reason": "商务公寓收取{utility_float}元水费流转金",
        "set": {"utility_float_kind": "water",
                "utility_float": {"$param": "move_in_business_apartment_water_float"}},
        "all": [{"m": {"property_type": "business_apartment"}}],
        "pri": 52,
        "run": "note",
    },
    # MI-3, Decision: residential -> no float.
    "residential_no_float": {
        "policy": "MI-3",
        "reason": "住宅不收取流转金（程序只规定写字楼和商务公寓的流转金，本项目据此认定住宅不收）",
        "set": {"utility_float_kind": None},
        "all": [{"m": {"property_type": "residential"}}],
        "pri": 53,
        "run": "note",
    },
    "catch_all": {
        "all": [{"m": {"procedure": "move_in.fees"}}],
        "pri": CATCH_ALL_PRIORITY,
        "run": "catch_all",
    },
}
