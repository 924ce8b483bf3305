"""A plain-Python reference implementation of every procedure, for comparison with the engine.

Written straight from DECISIONS.md and POLICIES.md, without the rules engine, the policy
files or the library's own calculations: the working-day calendar asks ``holidays.China``
directly. Facts must be valid (the reference does not validate); parameters are the
library's defaults overlaid with the given overrides (already valid, in their effective
types).

``REFERENCE[procedure](facts, params)`` returns :class:`Expected`.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

import holidays

from rules.instants import SHANGHAI
from rules.params import DEFAULT_PARAMS

CENT = Decimal("0.01")
BASIS = Decimal("0.0001")


@dataclass(frozen=True)
class Expected:
    outcome: str
    values: dict[str, Any]
    policies: frozenset[str]


def effective(overrides: dict | None) -> dict[str, Any]:
    params = dict(DEFAULT_PARAMS)
    params.update(overrides or {})
    return params


# --- fact readers (facts are valid) ------------------------------------------------------------

def money(value: Any) -> Decimal:
    amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return amount if amount else Decimal("0.00")


def day(value: Any) -> date:
    return date.fromisoformat(value.strip()) if isinstance(value, str) else value


def instant(value: Any) -> datetime:
    moment = datetime.fromisoformat(value.strip()) if isinstance(value, str) else value
    return moment.astimezone(SHANGHAI)


def given(facts: dict, name: str) -> Any:
    """An optional fact: None when omitted, None or blank."""
    value = facts.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def flag(facts: dict, name: str) -> bool:
    return given(facts, name) is True


def q(amount: Decimal) -> Decimal:
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return amount if amount else Decimal("0.00")


def plus_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(start.day, gregorian.monthrange(year, month)[1]))


# --- calendar, straight from holidays.China ---------------------------------------------------

_china = holidays.China(years=range(2000, 2102))


def working_day(when: date, params: dict) -> bool:
    if when in set(params["calendar_extra_working_days"]):
        return True
    if when in set(params["calendar_extra_closures"]):
        return False
    if not 2000 <= when.year <= 2101:
        return when.weekday() < 5
    return _china.is_working_day(when)


def nth_working_day_after(start: date, count: int, params: dict) -> date:
    current = start
    while count:
        current += timedelta(days=1)
        if working_day(current, params):
            count -= 1
    return current


# --- procedures ----------------------------------------------------------------------------

def move_in_fees(facts: dict, params: dict) -> Expected:
    months = params["move_in_prepaid_months"]
    monthly = q(money(facts["area_m2"]) * money(facts["fee_per_m2"]))
    prepaid = q(monthly * months)
    start = day(facts["notice_move_in_date"])
    kind = facts["property_type"]
    float_amount = {
        "office": params["move_in_office_electricity_float"],
        "business_apartment": params["move_in_business_apartment_water_float"],
    }.get(kind, Decimal("0.00"))
    values = {
        "monthly_fee": monthly,
        "prepaid_months": months,
        "prepaid_management_fee": prepaid,
        "prepaid_from": start,
        "prepaid_to": plus_months(start, months) - timedelta(days=1),
        "utility_float": float_amount,
        "utility_float_kind": {"office": "electricity", "business_apartment": "water"}.get(kind),
        "total_due": q(prepaid + float_amount),
    }
    return Expected("info", values, frozenset({"MI-2", "MI-3"}))


def move_in_handover(facts: dict, params: dict) -> Expected:
    missing = []
    if not (facts["has_id_document"] and facts["has_purchase_contract"] and facts["has_move_in_notice"]):
        missing.append("MI-1")
    if not facts["fees_paid"]:
        missing.append("MI-2")
    if given(facts, "emergency_mobile") is None or given(facts, "birthday") is None:
        missing.append("MI-5")
    if not facts["key_receipt_signed"]:
        missing.append("MI-7")
    if not facts["inspection_accepted"]:
        missing.append("MI-9")
    outcome = "deny" if missing else "allow"
    policies = frozenset(missing) if missing else frozenset({"MI-9"})
    return Expected(outcome, {"missing": missing}, policies)


_DOCUMENTS = (
    "floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan", "facade_rendering",
    "ac_modification_drawing", "fire_design_review_receipt", "contractor_id",
    "contractor_authorisation", "business_licence", "construction_qualification",
    "tax_registration", "design_qualification", "owner_power_of_attorney", "lease_contract",
    "tenant_business_licence", "legal_representative_certificate",
    "legal_representative_authorisation",
)


def renovation_documents(facts: dict, params: dict) -> Expected:
    wanted = {"floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan"}
    policies = {"RN-2", "RN-6"}
    if facts["property_type"] == "office":
        wanted |= {"facade_rendering", "ac_modification_drawing", "fire_design_review_receipt"}
    if not facts["self_renovation"]:
        wanted |= {"contractor_id", "contractor_authorisation", "business_licence",
                   "construction_qualification", "tax_registration"}
        policies.add("RN-3")
    if flag(facts, "commercial_or_key_site"):
        wanted.add("design_qualification")
        policies.add("RN-4")
    if facts["applicant"] != "owner":
        wanted.add("owner_power_of_attorney")
        policies.add("RN-5")
    if facts["applicant"] == "tenant":
        wanted.add("lease_contract")
        if flag(facts, "tenant_is_company"):
            wanted |= {"tenant_business_licence", "legal_representative_certificate",
                       "legal_representative_authorisation"}
    pledges = ["application_form", "management_agreement", "non_load_bearing_wall_pledge",
               "fire_safety_responsibility", "fire_facilities_pledge"]
    if facts["self_renovation"]:
        pledges.append("self_renovation_pledge")
    approvals = [code for code in ("fire_filing", "structural_change", "gas_change") if flag(facts, code)]
    if approvals:
        policies.add("RN-7")
    values = {
        "required_documents": [code for code in _DOCUMENTS if code in wanted],
        "required_pledges": pledges,
        "government_approvals": approvals,
    }
    return Expected("info", values, frozenset(policies))


def renovation_fees(facts: dict, params: dict) -> Expected:
    kind, passes = facts["property_type"], facts["worker_passes"]
    items = [
        {"code": "deposit", "amount": params[f"renovation_deposit_{kind}"]},
        {"code": "debris_removal", "amount": params[f"renovation_debris_removal_{kind}"]},
    ]
    if passes:
        items.append({"code": "worker_pass", "amount": q(params["renovation_worker_pass_unit_price"] * passes)})
    if kind == "office":
        items += [
            {"code": "ac_modification", "amount": params["renovation_ac_modification_fee_office"]},
            {"code": "fire_water_drain", "amount": params["renovation_fire_water_drain_fee_office"]},
            {"code": "fire_linkage", "amount": params["renovation_fire_linkage_fee_office"]},
        ]
    elif kind == "business_apartment" and flag(facts, "fire_system_modified"):
        items.append({"code": "fire_water_drain",
                      "amount": params["renovation_fire_water_drain_fee_business_apartment"]})
    total = q(sum((item["amount"] for item in items), Decimal(0)))
    return Expected("info", {"items": items, "total": total}, frozenset({"RN-9"}))


def renovation_approval_due(facts: dict, params: dict) -> Expected:
    complete = instant(facts["complete_at"]).date()
    due = nth_working_day_after(complete, params["renovation_approval_working_days"], params)
    return Expected("info", {"due": due}, frozenset({"RN-10"}))


def renovation_refund(facts: dict, params: dict) -> Expected:
    accepted, today = day(facts["acceptance_date"]), day(facts["on_date"])
    if facts["property_type"] == "office":
        first = accepted + timedelta(days=params["renovation_office_refund_days"])
    else:
        first = plus_months(accepted, params["renovation_refund_months"])
    deposit = money(facts["deposit"])
    deductions = money(facts["fines"]) + money(facts["unpaid_fees"])
    refund = q(max(Decimal(0), deposit - deductions))
    owed = q(max(Decimal(0), deductions - deposit))
    denied = set()
    if today < first:
        denied.add("RN-17")
    contractor = facts["requested_by"] == "contractor"
    if contractor and not flag(facts, "owner_consent"):
        denied.add("RN-19")
    policies = set(denied) | {"RN-20"}
    if today >= first:
        policies.add("RN-17")
    if contractor and flag(facts, "owner_consent"):
        policies.add("RN-19")
    values = {"refundable_from": first, "refund_amount": refund, "amount_owed": owed}
    return Expected("deny" if denied else "allow", values, frozenset(policies))


_CONSENT_FROM = {"owner": None, "tenant": "owner", "family": "owner", "domestic_worker": "owner",
                 "company_employee": "company", "renovation_worker": "renovation_lead"}


def release_pass(facts: dict, params: dict) -> Expected:
    denied = set()
    if facts["purpose"] == "move_out" and money(facts["arrears"]) > 0:
        denied.add("GR-4")
    consent_from = _CONSENT_FROM[facts["carrier"]]
    if consent_from is not None and given(facts, "consent") != "given":
        denied.add("GR-5")
    if not facts["owner_signed"] and not facts["phone_recording"]:
        denied.add("GR-6")
    flagged = (facts["purpose"] == "temporary"
               and facts["passes_last_7_days"] >= params["release_flag_threshold"])
    policies = denied | ({"GR-3"} if flagged else set())
    values = {"consent_from": consent_from, "flagged": flagged}
    return Expected("deny" if denied else "allow", values, frozenset(policies))


def occupancy_register(facts: dict, params: dict) -> Expected:
    if facts["occupant"] == "owner":
        return Expected("allow", {"missing": []}, frozenset({"OC-1"}))
    missing = []
    if not (flag(facts, "owner_confirmed") and flag(facts, "lease_provided")):
        missing.append("OC-1")
    if not flag(facts, "pledge_signed"):
        missing.append("OC-6")
    if missing:
        return Expected("deny", {"missing": missing}, frozenset(missing))
    return Expected("allow", {"missing": []}, frozenset({"OC-6"}))


def tenant_move_out(facts: dict, params: dict) -> Expected:
    missing = []
    if money(facts["arrears"]) > 0 or not facts["meters_read"]:
        missing.append("MO-2")
    if not flag(facts, "owner_agrees"):
        missing.append("MO-3")
    if not facts["release_pass_issued"]:
        missing.append("MO-1")
    return Expected("deny" if missing else "allow", {"missing": missing}, frozenset(missing))


def parking_rental(facts: dict, params: dict) -> Expected:
    denied = set()
    if facts["applicant_role"] == "non_resident":
        denied.add("PK-1")
    if facts["household_active_spaces"] >= params["parking_spaces_per_household"]:
        denied |= {"PK-1", "CS-2"}
    if facts["free_spaces"] == 0:
        denied.add("CS-2")
    if not facts["has_vehicle_licence"] or not facts["licence_matches_applicant"]:
        denied.add("PK-2")
    return Expected("deny" if denied else "allow", {}, frozenset(denied))


def complaint_grade(facts: dict, params: dict) -> Expected:
    received = instant(facts["received_at"])
    forward_by = received + timedelta(minutes=params["complaint_forward_minutes"])
    if not facts["valid"]:
        values = {"grade": "invalid", "report_immediately": False, "forward_by": forward_by,
                  "reply_by": None, "resolve_by": None, "follow_up_within_hours": None}
        return Expected("info", values, frozenset({"CP-1", "CP-5"}))
    deemed = given(facts, "deemed")
    major = (facts["same_event_complainants"] >= params["complaint_major_complainants"]
             or facts["unresolved_days"] >= params["complaint_major_unresolved_days"]
             or facts["sudden_outage"] or facts["company_fault_loss_or_injury"]
             or facts["contracted_service_failed_repeatedly"] or deemed == "major")
    important = (facts["reasonable_need_unmet_seriously"] or facts["severe_staff_attitude"]
                 or deemed == "important")
    policies = {"CP-5", "CP-6", "CP-8"}
    if major:
        grade = "major"
        reply_by = received + timedelta(hours=params["complaint_major_reply_hours"])
        resolve_by = received + timedelta(days=params["complaint_major_resolve_days"])
        policies.add("CP-2")
    elif important:
        grade = "important"
        reply_by = resolve_by = received + timedelta(hours=params["complaint_important_hours"])
    else:
        grade = "minor"
        reply_by = resolve_by = received + timedelta(hours=params["complaint_minor_hours"])
        policies.add("CP-4")
    if important:
        policies.add("CP-3")
    values = {"grade": grade, "report_immediately": grade in ("major", "important"),
              "forward_by": forward_by, "reply_by": reply_by, "resolve_by": resolve_by,
              "follow_up_within_hours": params["complaint_follow_up_hours"]}
    return Expected("info", values, frozenset(policies))


def request_deadlines(facts: dict, params: dict) -> Expected:
    received = instant(facts["received_at"])
    promised = given(facts, "promised_by")
    values = {
        "forward_by": received + timedelta(minutes=params["request_forward_minutes"]),
        "reply_by": instant(promised) if promised is not None
        else received + timedelta(days=params["request_reply_days"]),
    }
    return Expected("info", values, frozenset({"RQ-1", "RQ-3"}))


def repair_classify(facts: dict, params: dict) -> Expected:
    emergency = facts["category"] != "other" or facts["customer_marked_urgent"]
    return Expected("info", {"priority": "emergency" if emergency else "general"}, frozenset({"RP-3"}))


def inspection_issue_deadlines(facts: dict, params: dict) -> Expected:
    found = instant(facts["found_at"])
    values = {"forward_by": found + timedelta(minutes=params["inspection_forward_minutes"]),
              "verify_by": found.date() + timedelta(days=params["inspection_verify_days"])}
    return Expected("info", values, frozenset({"IN-3"}))


def survey_window(facts: dict, params: dict) -> Expected:
    today = day(facts["on_date"])

    def at(year: int, month_day: str) -> date:
        month, dom = month_day.split("-")
        return date(year, int(month), int(dom))

    candidates = []
    for year in (today.year, today.year + 1):
        for season in ("summer", "winter"):
            candidates.append((at(year, params[f"survey_{season}_start"]),
                               at(year, params[f"survey_{season}_end"])))
    start, end = min(window for window in candidates if window[1] >= today)
    values = {"in_window": start <= today <= end, "window_start": start, "window_end": end}
    return Expected("info", values, frozenset({"SV-1"}))


def survey_rates(facts: dict, params: dict) -> Expected:
    households, distributed, returned = facts["households"], facts["distributed"], facts["returned"]
    distribution = (Decimal(distributed) / Decimal(households)).quantize(BASIS, rounding=ROUND_HALF_UP)
    back = (Decimal(returned) / Decimal(distributed)).quantize(BASIS, rounding=ROUND_HALF_UP) \
        if distributed else Decimal("0.0000")
    meets_distribution = distribution >= params["survey_distribution_target"]
    meets_return = back >= params["survey_return_target"]
    values = {"distribution_rate": distribution, "return_rate": back,
              "meets_distribution": meets_distribution, "meets_return": meets_return}
    return Expected("allow" if meets_distribution and meets_return else "deny", values,
                    frozenset({"SV-2"}))


def visits_quota(facts: dict, params: dict) -> Expected:
    visits, quota = facts["visits_this_month"], params["visits_monthly_quota"]
    values = {"meets": visits >= quota, "shortfall": max(0, quota - visits)}
    return Expected("allow" if visits >= quota else "deny", values, frozenset({"VS-2"}))


def archive_access(facts: dict, params: dict) -> Expected:
    role = facts["requester_role"]
    allowed = (role == "project_manager" or (role == "staff" and facts["pm_approved"])
               or (role == "outsider" and facts["leadership_approved"]))
    return Expected("allow" if allowed else "deny", {}, frozenset({"AR-5"}))


def status_census_due(facts: dict, params: dict) -> Expected:
    year, month = (int(part) for part in facts["month"].strip().split("-"))
    last = gregorian.monthrange(year, month)[1]
    following = date(year, month, 28) + timedelta(days=4)
    values = {
        "census_due": date(year, month, min(params["status_census_day"], last)),
        "report_due": date(following.year, following.month, params["status_report_day"]),
    }
    return Expected("info", values, frozenset({"ST-2"}))


REFERENCE: dict[str, Callable[[dict, dict], Expected]] = {
    "move_in.fees": move_in_fees,
    "move_in.handover": move_in_handover,
    "renovation.documents": renovation_documents,
    "renovation.fees": renovation_fees,
    "renovation.approval_due": renovation_approval_due,
    "renovation.refund": renovation_refund,
    "release.pass": release_pass,
    "occupancy.register": occupancy_register,
    "tenant.move_out": tenant_move_out,
    "parking.rental": parking_rental,
    "complaint.grade": complaint_grade,
    "request.deadlines": request_deadlines,
    "repair.classify": repair_classify,
    "inspection.issue_deadlines": inspection_issue_deadlines,
    "survey.window": survey_window,
    "survey.rates": survey_rates,
    "visits.quota": visits_quota,
    "archive.access": archive_access,
    "status.census_due": status_census_due,
}


def reference(procedure: str, facts: dict, overrides: dict | None = None) -> Expected:
    """The expected decision of ``procedure`` for valid ``facts`` and effective ``overrides``."""
    return REFERENCE[procedure](facts, effective(overrides))
