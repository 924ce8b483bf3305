"""Table-driven tests: one row per policy behaviour, named by its policy ID."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from rules import decide
from rules.instants import SHANGHAI

D = Decimal
CST = timezone(timedelta(hours=8))


def at(text: str) -> datetime:
    """An instant in Asia/Shanghai from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


HANDOVER_OK = {
    "has_id_document": True, "has_purchase_contract": True, "has_move_in_notice": True,
    "fees_paid": True, "key_receipt_signed": True, "inspection_accepted": True,
    "emergency_mobile": "13800138000", "birthday": date(1978, 5, 4),
}
REFUND = {
    "property_type": "residential", "acceptance_date": "2026-01-31", "on_date": "2026-04-30",
    "deposit": "2000", "fines": "150.50", "unpaid_fees": D("49.5"), "requested_by": "owner",
}
RELEASE = {
    "carrier": "owner", "purpose": "temporary", "arrears": 0, "owner_signed": True,
    "phone_recording": False, "passes_last_7_days": 0,
}
COMPLAINT = {
    "valid": True, "received_at": "2026-10-01T09:00:00+08:00", "same_event_complainants": 1,
    "unresolved_days": 0, "sudden_outage": False, "company_fault_loss_or_injury": False,
    "contracted_service_failed_repeatedly": False, "reasonable_need_unmet_seriously": False,
    "severe_staff_attitude": False,
}
PARKING = {
    "applicant_role": "owner", "household_active_spaces": 0, "free_spaces": 3,
    "has_vehicle_licence": True, "licence_matches_applicant": True,
}

# (procedure, facts, expected outcome, expected values (subset), expected policy IDs in order)
CASES = [
    # --- move_in.fees -----------------------------------------------------------------------
    pytest.param("move_in.fees", {"property_type": "office", "area_m2": "120.5", "fee_per_m2": D("3.80"),
                                  "notice_move_in_date": "2026-01-31"}, "info",
                 {"monthly_fee": D("457.90"), "prepaid_months": 3, "prepaid_management_fee": D("1373.70"),
                  "prepaid_from": date(2026, 1, 31), "prepaid_to": date(2026, 4, 29),
                  "utility_float": D("1000.00"), "utility_float_kind": "electricity",
                  "total_due": D("2373.70")},
                 ["MI-2", "MI-3"], id="MI-2 MI-3 office three months from notice date, 1000 electricity"),
    pytest.param("move_in.fees", {"property_type": "business_apartment", "area_m2": 45, "fee_per_m2": "2.555",
                                  "notice_move_in_date": date(2026, 11, 30)}, "info",
                 {"monthly_fee": D("115.20"), "prepaid_management_fee": D("345.60"),
                  "prepaid_to": date(2027, 2, 27), "utility_float": D("200.00"), "utility_float_kind": "water",
                  "total_due": D("545.60")},
                 ["MI-2", "MI-3"], id="MI-2 MI-3 business apartment 200 water, fee quantised on input"),
    pytest.param("move_in.fees", {"property_type": "residential", "area_m2": "89.00", "fee_per_m2": "1.50",
                                  "notice_move_in_date": "2026-03-01"}, "info",
                 {"monthly_fee": D("133.50"), "prepaid_to": date(2026, 5, 31), "utility_float": D("0.00"),
                  "utility_float_kind": None, "total_due": D("400.50")},
                 ["MI-2", "MI-3"], id="MI-3 residential no float"),
    # --- move_in.handover -------------------------------------------------------------------
    pytest.param("move_in.handover", HANDOVER_OK, "allow", {"missing": []}, ["MI-9"],
                 id="MI-9 everything in order is registered"),
    pytest.param("move_in.handover", {**HANDOVER_OK, "has_purchase_contract": False}, "deny",
                 {"missing": ["MI-1"]}, ["MI-1"], id="MI-1 purchase contract missing"),
    pytest.param("move_in.handover", {**HANDOVER_OK, "has_move_in_notice": False}, "deny",
                 {"missing": ["MI-1"]}, ["MI-1"], id="MI-1 move-in notice missing"),
    pytest.param("move_in.handover", {**HANDOVER_OK, "fees_paid": False}, "deny",
                 {"missing": ["MI-2"]}, ["MI-2"], id="MI-2 fees not paid"),
    pytest.param("move_in.handover", {**HANDOVER_OK, "emergency_mobile": "  "}, "deny",
                 {"missing": ["MI-5"]}, ["MI-5"], id="MI-5 blank emergency mobile counts as missing"),
    pytest.param("move_in.handover", {k: v for k, v in HANDOVER_OK.items() if k != "birthday"}, "deny",
                 {"missing": ["MI-5"]}, ["MI-5"], id="MI-5 birthday missing"),
    pytest.param("move_in.handover", {**HANDOVER_OK, "key_receipt_signed": False}, "deny",
                 {"missing": ["MI-7"]}, ["MI-7"], id="MI-7 key receipt not signed"),
    pytest.param("move_in.handover", {**HANDOVER_OK, "inspection_accepted": False,
                                      "not_accepted_reason": "卫生间渗水"}, "deny",
                 {"missing": ["MI-9"]}, ["MI-9"], id="MI-9 not accepted, registered with its reason"),
    pytest.param("move_in.handover", {"has_id_document": False, "has_purchase_contract": False,
                                      "has_move_in_notice": True, "fees_paid": False,
                                      "key_receipt_signed": False, "inspection_accepted": True}, "deny",
                 {"missing": ["MI-1", "MI-2", "MI-5", "MI-7"]},
                 ["MI-1", "MI-1", "MI-2", "MI-5", "MI-5", "MI-7"], id="MI-1 MI-2 MI-5 MI-7 all reported"),
    # --- renovation.documents ---------------------------------------------------------------
    pytest.param("renovation.documents", {"property_type": "residential", "applicant": "owner",
                                          "self_renovation": False}, "info",
                 {"required_documents": ["floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan",
                                         "contractor_id", "contractor_authorisation", "business_licence",
                                         "construction_qualification", "tax_registration"],
                  "required_pledges": ["application_form", "management_agreement",
                                       "non_load_bearing_wall_pledge", "fire_safety_responsibility",
                                       "fire_facilities_pledge"],
                  "government_approvals": []},
                 ["RN-2", "RN-3", "RN-6"], id="RN-2 RN-3 RN-6 owner with a contractor"),
    pytest.param("renovation.documents", {"property_type": "office", "applicant": "tenant",
                                          "self_renovation": True, "tenant_is_company": True,
                                          "commercial_or_key_site": True, "gas_change": True,
                                          "fire_filing": True}, "info",
                 {"required_documents": ["floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan",
                                         "facade_rendering", "ac_modification_drawing",
                                         "fire_design_review_receipt", "design_qualification",
                                         "owner_power_of_attorney", "lease_contract",
                                         "tenant_business_licence", "legal_representative_certificate",
                                         "legal_representative_authorisation"],
                  "required_pledges": ["application_form", "management_agreement",
                                       "non_load_bearing_wall_pledge", "fire_safety_responsibility",
                                       "fire_facilities_pledge", "self_renovation_pledge"],
                  "government_approvals": ["fire_filing", "gas_change"]},
                 ["RN-2", "RN-2", "RN-4", "RN-5", "RN-5", "RN-6", "RN-6", "RN-7", "RN-7"],
                 id="RN-2 RN-4 RN-5 RN-6 RN-7 office company tenant self-renovating"),
    pytest.param("renovation.documents", {"property_type": "business_apartment", "applicant": "owner_agent",
                                          "self_renovation": True, "tenant_is_company": True,
                                          "structural_change": True}, "info",
                 {"required_documents": ["floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan",
                                         "owner_power_of_attorney"],
                  "government_approvals": ["structural_change"]},
                 ["RN-2", "RN-5", "RN-6", "RN-6", "RN-7"],
                 id="RN-5 agent power of attorney, tenant_is_company ignored unless tenant"),
    # --- renovation.fees --------------------------------------------------------------------
    pytest.param("renovation.fees", {"property_type": "office", "worker_passes": 4}, "info",
                 {"items": [{"code": "deposit", "amount": D("10000.00")},
                            {"code": "debris_removal", "amount": D("800.00")},
                            {"code": "worker_pass", "amount": D("80.00")},
                            {"code": "ac_modification", "amount": D("500.00")},
                            {"code": "fire_water_drain", "amount": D("300.00")},
                            {"code": "fire_linkage", "amount": D("500.00")}],
                  "total": D("12180.00")},
                 ["RN-9", "RN-9", "RN-9"], id="RN-9 office adds three fees"),
    pytest.param("renovation.fees", {"property_type": "business_apartment", "worker_passes": 0,
                                     "fire_system_modified": True}, "info",
                 {"items": [{"code": "deposit", "amount": D("3000.00")},
                            {"code": "debris_removal", "amount": D("400.00")},
                            {"code": "fire_water_drain", "amount": D("200.00")}],
                  "total": D("3600.00")},
                 ["RN-9", "RN-9"], id="RN-9 business apartment fire water drain only if modified, no passes"),
    pytest.param("renovation.fees", {"property_type": "business_apartment", "worker_passes": 2}, "info",
                 {"items": [{"code": "deposit", "amount": D("3000.00")},
                            {"code": "debris_removal", "amount": D("400.00")},
                            {"code": "worker_pass", "amount": D("40.00")}],
                  "total": D("3440.00")},
                 ["RN-9", "RN-9"], id="RN-9 business apartment fire system untouched"),
    # --- renovation.approval_due ------------------------------------------------------------
    pytest.param("renovation.approval_due", {"complete_at": at("2026-09-30 17:00")}, "info",
                 {"due": date(2026, 10, 10)}, ["RN-10"],
                 id="RN-10 National Day 2026, make-up Saturday 10 October counts"),
    pytest.param("renovation.approval_due", {"complete_at": "2026-01-03T17:00:00+00:00"}, "info",
                 {"due": date(2026, 1, 7)}, ["RN-10"],
                 id="RN-10 the day is taken in Shanghai (4 January), not in UTC (3 January)"),
    pytest.param("renovation.approval_due", {"complete_at": "2025-12-31T09:00:00+08:00"}, "info",
                 {"due": date(2026, 1, 6)}, ["RN-10"], id="RN-10 year boundary 2025 to 2026"),
    pytest.param("renovation.approval_due", {"complete_at": at("2026-02-12 10:00")}, "info",
                 {"due": date(2026, 2, 24)}, ["RN-10"],
                 id="RN-10 Spring Festival 2026, make-up Saturday 14 February counts"),
    # --- renovation.refund ------------------------------------------------------------------
    pytest.param("renovation.refund", REFUND, "allow",
                 {"refundable_from": date(2026, 4, 30), "refund_amount": D("1800.00"), "amount_owed": D("0.00")},
                 ["RN-17", "RN-20"], id="RN-17 RN-20 residential three months, clamped to month end"),
    pytest.param("renovation.refund", {**REFUND, "on_date": "2026-04-29"}, "deny",
                 {"refundable_from": date(2026, 4, 30)}, ["RN-17", "RN-20"],
                 id="RN-17 one day before the window ends"),
    pytest.param("renovation.refund", {**REFUND, "property_type": "office", "on_date": "2026-02-15"}, "allow",
                 {"refundable_from": date(2026, 2, 15)}, ["RN-17", "RN-20"], id="RN-17 office 15 days"),
    pytest.param("renovation.refund", {**REFUND, "property_type": "office", "on_date": "2026-02-14"}, "deny",
                 {"refundable_from": date(2026, 2, 15)}, ["RN-17", "RN-20"], id="RN-17 office day 14 refused"),
    pytest.param("renovation.refund", {**REFUND, "requested_by": "contractor"}, "deny", {},
                 ["RN-19", "RN-17", "RN-20"], id="RN-19 contractor without owner consent"),
    pytest.param("renovation.refund", {**REFUND, "requested_by": "contractor", "owner_consent": True}, "allow",
                 {}, ["RN-17", "RN-19", "RN-20"], id="RN-19 contractor with owner consent"),
    pytest.param("renovation.refund", {**REFUND, "fines": "1500", "unpaid_fees": "700.01"}, "allow",
                 {"refund_amount": D("0.00"), "amount_owed": D("200.01")}, ["RN-17", "RN-20", "RN-20"],
                 id="RN-20 shortfall becomes an amount owed, never negative"),
    # --- release.pass -----------------------------------------------------------------------
    pytest.param("release.pass", RELEASE, "allow", {"consent_from": None, "flagged": False}, [],
                 id="GR-5 owner needs no consent"),
    pytest.param("release.pass", {**RELEASE, "purpose": "move_out", "arrears": "0.01"}, "deny", {},
                 ["GR-4"], id="GR-4 moving out with arrears"),
    pytest.param("release.pass", {**RELEASE, "carrier": "tenant", "consent": "unreachable"}, "deny",
                 {"consent_from": "owner"}, ["GR-5"], id="GR-5 owner unreachable, no release"),
    pytest.param("release.pass", {**RELEASE, "carrier": "domestic_worker", "consent": "given"}, "allow",
                 {"consent_from": "owner"}, [], id="GR-5 domestic worker with owner consent"),
    pytest.param("release.pass", {**RELEASE, "carrier": "company_employee", "consent": "refused"}, "deny",
                 {"consent_from": "company"}, ["GR-5"], id="GR-5 company refused"),
    pytest.param("release.pass", {**RELEASE, "carrier": "renovation_worker"}, "deny",
                 {"consent_from": "renovation_lead"}, ["GR-5"], id="GR-5 renovation lead not asked"),
    pytest.param("release.pass", {**RELEASE, "owner_signed": False}, "deny", {}, ["GR-6"],
                 id="GR-6 no owner signature and no recording"),
    pytest.param("release.pass", {**RELEASE, "owner_signed": False, "phone_recording": True}, "allow", {},
                 [], id="GR-6 phone recording replaces the signature"),
    pytest.param("release.pass", {**RELEASE, "passes_last_7_days": 3}, "allow", {"flagged": True},
                 ["GR-3"], id="GR-3 fourth temporary pass in 7 days is flagged, not denied"),
    pytest.param("release.pass", {**RELEASE, "passes_last_7_days": 2}, "allow", {"flagged": False}, [],
                 id="GR-3 third pass is not flagged"),
    pytest.param("release.pass", {**RELEASE, "purpose": "move_out", "passes_last_7_days": 9}, "allow",
                 {"flagged": False}, [], id="GR-3 moving out is never flagged"),
    # --- occupancy.register ------------------------------------------------------------------
    pytest.param("occupancy.register", {"occupant": "owner"}, "allow", {"missing": []}, ["OC-1"],
                 id="OC-1 owner moves in"),
    pytest.param("occupancy.register", {"occupant": "tenant", "owner_confirmed": True, "lease_provided": True},
                 "deny", {"missing": ["OC-6"]}, ["OC-6"], id="OC-6 tenant pledge missing"),
    pytest.param("occupancy.register", {"occupant": "tenant"}, "deny", {"missing": ["OC-1", "OC-6"]},
                 ["OC-1", "OC-1", "OC-6"], id="OC-1 OC-6 tenant with nothing"),
    pytest.param("occupancy.register", {"occupant": "tenant", "owner_confirmed": True, "lease_provided": True,
                                        "pledge_signed": True}, "allow", {"missing": []}, ["OC-6"],
                 id="OC-1 OC-6 tenant complete"),
    # --- tenant.move_out ------------------------------------------------------------------
    pytest.param("tenant.move_out", {"arrears": 0, "meters_read": True, "owner_agrees": True,
                                     "release_pass_issued": True}, "allow", {"missing": []}, [],
                 id="MO-1 MO-2 MO-3 all satisfied"),
    pytest.param("tenant.move_out", {"arrears": "12.30", "meters_read": True, "owner_agrees": True,
                                     "release_pass_issued": True}, "deny", {"missing": ["MO-2"]}, ["MO-2"],
                 id="MO-2 arrears"),
    pytest.param("tenant.move_out", {"arrears": 0, "meters_read": True, "release_pass_issued": True}, "deny",
                 {"missing": ["MO-3"]}, ["MO-3"], id="MO-3 owner has not agreed"),
    pytest.param("tenant.move_out", {"arrears": 0, "meters_read": False, "owner_agrees": True,
                                     "release_pass_issued": False}, "deny", {"missing": ["MO-2", "MO-1"]},
                 ["MO-2", "MO-1"], id="MO-1 MO-2 meters and release pass"),
    # --- parking.rental ---------------------------------------------------------------------
    pytest.param("parking.rental", PARKING, "allow", {}, [], id="PK-1 PK-2 CS-2 owner with licence"),
    pytest.param("parking.rental", {**PARKING, "applicant_role": "non_resident"}, "deny", {}, ["PK-1"],
                 id="PK-1 non-resident"),
    pytest.param("parking.rental", {**PARKING, "household_active_spaces": 1}, "deny", {},
                 ["PK-1", "CS-2"], id="PK-1 CS-2 one space per household"),
    pytest.param("parking.rental", {**PARKING, "free_spaces": 0}, "deny", {}, ["CS-2"], id="CS-2 full"),
    pytest.param("parking.rental", {**PARKING, "has_vehicle_licence": False}, "deny", {}, ["PK-2"],
                 id="PK-2 no licence"),
    pytest.param("parking.rental", {**PARKING, "licence_matches_applicant": False}, "deny", {}, ["PK-2"],
                 id="PK-2 licence of someone else"),
    # --- complaint.grade --------------------------------------------------------------------
    pytest.param("complaint.grade", {**COMPLAINT, "valid": False}, "info",
                 {"grade": "invalid", "report_immediately": False, "forward_by": at("2026-10-01 09:10"),
                  "reply_by": None, "resolve_by": None, "follow_up_within_hours": None},
                 ["CP-1", "CP-5"], id="CP-1 invalid complaint still forwarded and recorded"),
    pytest.param("complaint.grade", COMPLAINT, "info",
                 {"grade": "minor", "report_immediately": False, "forward_by": at("2026-10-01 09:10"),
                  "reply_by": at("2026-10-01 21:00"), "resolve_by": at("2026-10-01 21:00"),
                  "follow_up_within_hours": 24},
                 ["CP-4", "CP-6", "CP-5", "CP-8"], id="CP-4 CP-6 minor half a day"),
    pytest.param("complaint.grade", {**COMPLAINT, "severe_staff_attitude": True}, "info",
                 {"grade": "important", "report_immediately": True, "reply_by": at("2026-10-02 09:00"),
                  "resolve_by": at("2026-10-02 09:00")},
                 ["CP-3", "CP-6", "CP-5", "CP-8"], id="CP-3 CP-5 CP-6 important one day"),
    pytest.param("complaint.grade", {**COMPLAINT, "same_event_complainants": 5}, "info",
                 {"grade": "major", "report_immediately": True, "reply_by": at("2026-10-03 09:00"),
                  "resolve_by": at("2026-10-16 09:00")},
                 ["CP-2", "CP-6", "CP-5", "CP-8"], id="CP-2 five complainants major"),
    pytest.param("complaint.grade", {**COMPLAINT, "same_event_complainants": 4}, "info", {"grade": "minor"},
                 ["CP-4", "CP-6", "CP-5", "CP-8"], id="CP-2 four complainants not major"),
    pytest.param("complaint.grade", {**COMPLAINT, "unresolved_days": 7, "reasonable_need_unmet_seriously": True},
                 "info", {"grade": "major"}, ["CP-2", "CP-3", "CP-6", "CP-5", "CP-8"],
                 id="CP-2 CP-4 one week unresolved beats important"),
    pytest.param("complaint.grade", {**COMPLAINT, "sudden_outage": True}, "info", {"grade": "major"},
                 ["CP-2", "CP-6", "CP-5", "CP-8"], id="CP-2 sudden outage"),
    pytest.param("complaint.grade", {**COMPLAINT, "deemed": "important"}, "info", {"grade": "important"},
                 ["CP-3", "CP-6", "CP-5", "CP-8"], id="CP-3 deemed important"),
    pytest.param("complaint.grade", {**COMPLAINT, "deemed": "minor", "company_fault_loss_or_injury": True},
                 "info", {"grade": "major"}, ["CP-2", "CP-6", "CP-5", "CP-8"],
                 id="CP-2 CP-4 deemed minor but company fault is major"),
    pytest.param("complaint.grade", {**COMPLAINT, "deemed": "major", "contracted_service_failed_repeatedly": True},
                 "info", {"grade": "major"}, ["CP-2", "CP-2", "CP-6", "CP-5", "CP-8"],
                 id="CP-2 deemed major and contracted service failed"),
    # --- request.deadlines ------------------------------------------------------------------
    pytest.param("request.deadlines", {"received_at": "2026-10-01T09:00:00+08:00"}, "info",
                 {"forward_by": at("2026-10-01 09:10"), "reply_by": at("2026-10-02 09:00")},
                 ["RQ-1", "RQ-3"], id="RQ-1 RQ-3 ten minutes and one day"),
    pytest.param("request.deadlines", {"received_at": "2026-10-01T01:00:00+00:00",
                                       "promised_by": "2026-10-05T12:00:00+08:00"}, "info",
                 {"forward_by": at("2026-10-01 09:10"), "reply_by": at("2026-10-05 12:00")},
                 ["RQ-1", "RQ-3"], id="RQ-3 promised time, returned in Shanghai"),
    # --- repair.classify ----------------------------------------------------------------------
    pytest.param("repair.classify", {"category": "burst_pipe", "customer_marked_urgent": False}, "info",
                 {"priority": "emergency"}, ["RP-3"], id="RP-3 burst pipe emergency"),
    pytest.param("repair.classify", {"category": "other", "customer_marked_urgent": True}, "info",
                 {"priority": "emergency"}, ["RP-3"], id="RP-3 customer says especially urgent"),
    pytest.param("repair.classify", {"category": "other", "customer_marked_urgent": False}, "info",
                 {"priority": "general"}, ["RP-3"], id="RP-3 general"),
    # --- inspection.issue_deadlines ---------------------------------------------------------
    pytest.param("inspection.issue_deadlines", {"found_at": "2026-10-01T16:10:00+00:00"}, "info",
                 {"forward_by": at("2026-10-02 00:40"), "verify_by": date(2026, 10, 3)}, ["IN-3", "IN-3"],
                 id="IN-3 thirty minutes, next day in Shanghai"),
    # --- survey.window ------------------------------------------------------------------------
    pytest.param("survey.window", {"on_date": "2026-07-15"}, "info",
                 {"in_window": True, "window_start": date(2026, 7, 1), "window_end": date(2026, 7, 15)},
                 ["SV-1"], id="SV-1 15 July inclusive"),
    pytest.param("survey.window", {"on_date": "2026-01-14"}, "info",
                 {"in_window": False, "window_start": date(2026, 1, 15), "window_end": date(2026, 1, 30)},
                 ["SV-1"], id="SV-1 day before the January window"),
    pytest.param("survey.window", {"on_date": "2026-12-31"}, "info",
                 {"in_window": False, "window_start": date(2027, 1, 15), "window_end": date(2027, 1, 30)},
                 ["SV-1"], id="SV-1 next window is next year"),
    pytest.param("survey.window", {"on_date": "2026-01-30"}, "info",
                 {"in_window": True, "window_start": date(2026, 1, 15), "window_end": date(2026, 1, 30)},
                 ["SV-1"], id="SV-1 30 January inclusive"),
    # --- survey.rates --------------------------------------------------------------------------
    pytest.param("survey.rates", {"households": 200, "distributed": 120, "returned": 60}, "allow",
                 {"distribution_rate": D("0.6000"), "return_rate": D("0.5000"), "meets_distribution": True,
                  "meets_return": True}, ["SV-2", "SV-2"], id="SV-2 exactly 60 and 50 percent"),
    pytest.param("survey.rates", {"households": 200, "distributed": 119, "returned": 119}, "deny",
                 {"distribution_rate": D("0.5950"), "meets_distribution": False, "meets_return": True},
                 ["SV-2", "SV-2"], id="SV-2 distribution below 60 percent"),
    pytest.param("survey.rates", {"households": 7, "distributed": 0, "returned": 0}, "deny",
                 {"distribution_rate": D("0.0000"), "return_rate": D("0.0000"), "meets_distribution": False,
                  "meets_return": False}, ["SV-2", "SV-2"], id="SV-2 nothing distributed, return rate 0"),
    # --- visits.quota --------------------------------------------------------------------------
    pytest.param("visits.quota", {"visits_this_month": 10}, "allow", {"meets": True, "shortfall": 0},
                 ["VS-2"], id="VS-2 ten households"),
    pytest.param("visits.quota", {"visits_this_month": 7}, "deny", {"meets": False, "shortfall": 3},
                 ["VS-2"], id="VS-2 three short"),
    # --- archive.access ------------------------------------------------------------------------
    pytest.param("archive.access", {"requester_role": "project_manager", "pm_approved": False,
                                    "leadership_approved": False}, "allow", {}, ["AR-5"],
                 id="AR-5 project manager"),
    pytest.param("archive.access", {"requester_role": "staff", "pm_approved": False,
                                    "leadership_approved": True}, "deny", {}, ["AR-5"],
                 id="AR-5 staff without project manager approval"),
    pytest.param("archive.access", {"requester_role": "staff", "pm_approved": True,
                                    "leadership_approved": False}, "allow", {}, ["AR-5"],
                 id="AR-5 staff with approval"),
    pytest.param("archive.access", {"requester_role": "outsider", "pm_approved": True,
                                    "leadership_approved": False}, "deny", {}, ["AR-5"],
                 id="AR-5 outsider without leadership approval"),
    pytest.param("archive.access", {"requester_role": "outsider", "pm_approved": False,
                                    "leadership_approved": True}, "allow", {}, ["AR-5"],
                 id="AR-5 outsider with leadership approval"),
    # --- status.census_due ---------------------------------------------------------------------
    pytest.param("status.census_due", {"month": "2026-02"}, "info",
                 {"census_due": date(2026, 2, 28), "report_due": date(2026, 3, 3)}, ["ST-2", "ST-2"],
                 id="ST-2 February census on the last day"),
    pytest.param("status.census_due", {"month": "2026-12"}, "info",
                 {"census_due": date(2026, 12, 30), "report_due": date(2027, 1, 3)}, ["ST-2", "ST-2"],
                 id="ST-2 December report in January"),
]


@pytest.mark.parametrize("procedure, facts, outcome, values, policies", CASES)
def test_procedure(procedure, facts, outcome, values, policies):
    decision = decide(procedure, facts)
    assert decision.procedure == procedure
    assert decision.outcome == outcome
    for key, value in values.items():
        assert decision.values[key] == value, key
    assert [reason.policy_id for reason in decision.reasons] == policies
    for reason in decision.reasons:
        assert reason.message.endswith(f"（{reason.policy_id}）")


def test_deny_reasons_come_first():
    decision = decide("renovation.refund", {**REFUND, "requested_by": "contractor", "on_date": "2026-02-01"})
    assert decision.outcome == "deny"
    assert [reason.policy_id for reason in decision.reasons] == ["RN-17", "RN-19", "RN-20"]
    assert "3个月以后" in decision.reasons[0].message
    assert decision.reasons[-1].policy_id == "RN-20"


def test_instants_are_returned_in_shanghai():
    decision = decide("complaint.grade", {**COMPLAINT, "received_at": "2026-10-01T01:00:00+00:00"})
    for key in ("forward_by", "reply_by", "resolve_by"):
        assert decision.values[key].utcoffset() == timedelta(hours=8)
        assert decision.values[key].tzinfo is SHANGHAI


def test_grade_deadlines_read_the_grade():
    reasons = decide("complaint.grade", {**COMPLAINT, "sudden_outage": True}).reasons
    deadlines = next(reason.message for reason in reasons if reason.policy_id == "CP-6")
    assert deadlines.startswith("本投诉属重大投诉：立即向上级报告") and "2026-10-03 09:00" in deadlines
    assert "2026-10-16 09:00" in deadlines


def test_messages_are_chinese_and_name_their_values():
    decision = decide("renovation.refund", {**REFUND, "property_type": "office", "on_date": "2026-02-01"})
    first = decision.reasons[0]
    assert first.policy_id == "RN-17"
    assert "写字楼" in first.message and "15日" in first.message and "2026-02-15" in first.message


def test_every_policy_rule_fires_in_some_case():
    from rules.policies import COMPILED
    from rules.engine import fire
    from rules.api import _PROCEDURES
    from rules.facts import validate
    from rules.params import default_params

    fired = set()
    for case in CASES:
        procedure, facts = case.values[0], case.values[1]
        entry = _PROCEDURES[procedure]
        clean, _ = validate(entry.policy.facts, facts)
        prepared = entry.module.prepare(clean, default_params())
        prepared.message["procedure"] = procedure
        fired |= {(procedure, name) for name in fire(entry.policy.ruleset_name, prepared.message)}
    every = {(procedure, name) for procedure, policy in COMPILED.items() for name in policy.rules}
    assert every - fired == set()
