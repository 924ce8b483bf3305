"""A realistic, reproducible mix of valid decisions (for the load tests and the benchmark).

Weights follow a working day at the front desk: requests, complaints, repairs and goods
releases are frequent; move-in and renovation paperwork less so.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
TYPES = ("residential", "business_apartment", "office")

WEIGHTS = {
    "request.deadlines": 14, "complaint.grade": 12, "repair.classify": 12, "release.pass": 10,
    "renovation.approval_due": 6, "inspection.issue_deadlines": 6, "move_in.fees": 5,
    "move_in.handover": 5, "renovation.documents": 5, "renovation.fees": 4, "renovation.refund": 4,
    "occupancy.register": 3, "tenant.move_out": 3, "parking.rental": 3, "archive.access": 3,
    "visits.quota": 2, "survey.window": 1, "survey.rates": 1, "status.census_due": 1,
}


def _day(rng: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=rng.randrange(900))


def _instant(rng: random.Random) -> datetime:
    return datetime(2025, 1, 1, tzinfo=SHANGHAI) + timedelta(minutes=rng.randrange(900 * 24 * 60))


def _money(rng: random.Random, high: int = 500_000) -> Decimal:
    return Decimal(rng.randrange(high)) / 100


def _flag(rng: random.Random, true_share: float = 0.8) -> bool:
    return rng.random() < true_share


def facts_for(procedure: str, rng: random.Random) -> dict:
    """Valid facts for ``procedure``, mostly the common case, sometimes a refusal."""
    if procedure == "move_in.fees":
        return {"property_type": rng.choice(TYPES), "area_m2": _money(rng, 30_000) + 1,
                "fee_per_m2": _money(rng, 800), "notice_move_in_date": _day(rng)}
    if procedure == "move_in.handover":
        facts = {name: _flag(rng, 0.9) for name in ("has_id_document", "has_purchase_contract",
                                                    "has_move_in_notice", "fees_paid", "key_receipt_signed",
                                                    "inspection_accepted")}
        if _flag(rng, 0.9):
            facts["emergency_mobile"] = "13800138000"
        if _flag(rng, 0.9):
            facts["birthday"] = date(1980, 1, 1) + timedelta(days=rng.randrange(9000))
        if not facts["inspection_accepted"]:
            facts["not_accepted_reason"] = "墙面开裂"
        return facts
    if procedure == "renovation.documents":
        return {"property_type": rng.choice(TYPES), "applicant": rng.choice(("owner", "owner_agent", "tenant")),
                "self_renovation": _flag(rng, 0.3), "tenant_is_company": _flag(rng, 0.3),
                "commercial_or_key_site": _flag(rng, 0.2), "fire_filing": _flag(rng, 0.1)}
    if procedure == "renovation.fees":
        return {"property_type": rng.choice(TYPES), "worker_passes": rng.randrange(12),
                "fire_system_modified": _flag(rng, 0.2)}
    if procedure == "renovation.approval_due":
        return {"complete_at": _instant(rng)}
    if procedure == "renovation.refund":
        acceptance = _day(rng)
        return {"property_type": rng.choice(TYPES), "acceptance_date": acceptance,
                "on_date": acceptance + timedelta(days=rng.randrange(150)), "deposit": Decimal("3000.00"),
                "fines": _money(rng, 50_000), "unpaid_fees": _money(rng, 100_000),
                "requested_by": rng.choice(("owner", "owner", "contractor")), "owner_consent": _flag(rng)}
    if procedure == "release.pass":
        facts = {"carrier": rng.choice(("owner", "tenant", "family", "domestic_worker", "renovation_worker",
                                        "company_employee")),
                 "purpose": rng.choice(("move_out", "temporary", "temporary")),
                 "arrears": Decimal(0) if _flag(rng) else _money(rng, 10_000),
                 "owner_signed": _flag(rng, 0.7), "phone_recording": _flag(rng, 0.5),
                 "passes_last_7_days": rng.randrange(6)}
        if _flag(rng, 0.9):
            facts["consent"] = rng.choice(("given", "given", "given", "refused", "unreachable"))
        return facts
    if procedure == "occupancy.register":
        return {"occupant": rng.choice(("owner", "tenant")), "owner_confirmed": _flag(rng),
                "lease_provided": _flag(rng), "pledge_signed": _flag(rng)}
    if procedure == "tenant.move_out":
        return {"arrears": Decimal(0) if _flag(rng) else _money(rng, 10_000), "meters_read": _flag(rng),
                "owner_agrees": _flag(rng), "release_pass_issued": _flag(rng)}
    if procedure == "parking.rental":
        return {"applicant_role": rng.choice(("owner", "owner", "tenant", "non_resident")),
                "household_active_spaces": rng.choice((0, 0, 0, 1)), "free_spaces": rng.randrange(4),
                "has_vehicle_licence": _flag(rng, 0.9), "licence_matches_applicant": _flag(rng, 0.9)}
    if procedure == "complaint.grade":
        facts = {"valid": _flag(rng, 0.9), "received_at": _instant(rng),
                 "same_event_complainants": rng.choice((1, 1, 1, 2, 5, 8)), "unresolved_days": rng.randrange(10),
                 "sudden_outage": _flag(rng, 0.05), "company_fault_loss_or_injury": _flag(rng, 0.05),
                 "contracted_service_failed_repeatedly": _flag(rng, 0.05),
                 "reasonable_need_unmet_seriously": _flag(rng, 0.15), "severe_staff_attitude": _flag(rng, 0.1)}
        if _flag(rng, 0.1):
            facts["deemed"] = rng.choice(("minor", "important", "major"))
        return facts
    if procedure == "request.deadlines":
        received = _instant(rng)
        facts = {"received_at": received}
        if _flag(rng, 0.3):
            facts["promised_by"] = received + timedelta(hours=rng.randrange(72))
        return facts
    if procedure == "repair.classify":
        return {"category": rng.choice(("other", "other", "other", "burst_pipe", "power_outage")),
                "customer_marked_urgent": _flag(rng, 0.1)}
    if procedure == "inspection.issue_deadlines":
        return {"found_at": _instant(rng)}
    if procedure == "survey.window":
        return {"on_date": _day(rng)}
    if procedure == "survey.rates":
        households = rng.randrange(1, 800)
        distributed = rng.randrange(households + 1)
        return {"households": households, "distributed": distributed, "returned": rng.randrange(distributed + 1)}
    if procedure == "visits.quota":
        return {"visits_this_month": rng.randrange(15)}
    if procedure == "archive.access":
        return {"requester_role": rng.choice(("project_manager", "staff", "staff", "outsider")),
                "pm_approved": _flag(rng), "leadership_approved": _flag(rng, 0.2)}
    if procedure == "status.census_due":
        return {"month": f"{rng.randrange(2025, 2028)}-{rng.randrange(1, 13):02d}"}
    raise KeyError(procedure)


def realistic_mix(count: int, seed: int = 20261001) -> list[tuple[str, dict]]:
    """``count`` ``(procedure, facts)`` pairs drawn with :data:`WEIGHTS`."""
    rng = random.Random(seed)
    procedures = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=count)
    return [(procedure, facts_for(procedure, rng)) for procedure in procedures]
