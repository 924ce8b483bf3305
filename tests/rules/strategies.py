"""Hypothesis strategies: valid facts for every procedure, valid parameter overrides, junk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

PROPERTY_TYPES = ("residential", "business_apartment", "office")

# --- building blocks ---------------------------------------------------------------------------

_cents = st.integers(min_value=0, max_value=5_000_000)


@st.composite
def money(draw, minimum_cents: int = 0, maximum_cents: int = 5_000_000):
    """A valid money fact: Decimal, int or decimal string (sometimes with extra decimals)."""
    cents = draw(st.integers(min_value=minimum_cents, max_value=maximum_cents))
    form = draw(st.sampled_from(("decimal", "string", "int", "three_places")))
    if form == "int":
        whole = cents // 100
        return whole if whole > 0 or minimum_cents == 0 else Decimal(cents) / 100
    if form == "string":
        return f"{Decimal(cents) / 100:.2f}"
    if form == "three_places":
        return Decimal(cents * 10 + draw(st.integers(0, 9))) / 1000 if cents else Decimal("0")
    return Decimal(cents) / 100


def days(low: date = date(2000, 1, 1), high: date = date(2100, 12, 31)):
    """A valid date fact: a date or its ISO string."""
    return st.dates(min_value=low, max_value=high).flatmap(
        lambda day: st.sampled_from((day, day.isoformat())))


_ZONES = (timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)),
          timezone(timedelta(hours=9, minutes=30)), ZoneInfo("Asia/Shanghai"),
          ZoneInfo("America/New_York"), ZoneInfo("Europe/London"))


@st.composite
def instants(draw):
    """A valid datetime fact: an aware datetime or an ISO string with offset."""
    local = draw(st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2100, 12, 30),
                              timezones=st.sampled_from(_ZONES)))
    local = local.replace(microsecond=0)
    if draw(st.booleans()):
        return local.isoformat()
    return local


def optional(strategy):
    """An optional fact: a value, None, or omitted (the key is then dropped)."""
    return st.one_of(st.just(OMIT), st.none(), strategy)


OMIT = object()


def facts_of(**fields) -> st.SearchStrategy:
    """A dict strategy dropping keys drawn as OMIT."""
    return st.fixed_dictionaries(fields).map(
        lambda drawn: {name: value for name, value in drawn.items() if value is not OMIT})


small = st.integers(min_value=0, max_value=30)
counts = st.one_of(small, st.integers(min_value=0, max_value=1_000_000))

@st.composite
def handover_facts(draw):
    """move_in.handover facts; a reason is given whenever the inspection was not accepted."""
    facts = {name: draw(st.booleans()) for name in (
        "has_id_document", "has_purchase_contract", "has_move_in_notice", "fees_paid",
        "key_receipt_signed", "inspection_accepted")}
    for name, strategy in (
        ("emergency_mobile", st.sampled_from(("13800138000", "+86 139 0000 0000", " 15012345678 "))),
        ("birthday", days(low=date(1900, 1, 1), high=date(2020, 12, 31))),
        ("not_accepted_reason", st.sampled_from(("墙面开裂", "漏水，待整改"))),
    ):
        value = draw(optional(strategy))
        if value is not OMIT:
            facts[name] = value
    if not facts["inspection_accepted"] and not facts.get("not_accepted_reason"):
        facts["not_accepted_reason"] = "墙面开裂"
    return facts


# --- valid facts per procedure ---------------------------------------------------------------------

VALID_FACTS: dict[str, st.SearchStrategy] = {
    "move_in.fees": facts_of(
        property_type=st.sampled_from(PROPERTY_TYPES),
        area_m2=money(minimum_cents=1, maximum_cents=10_000_000),
        fee_per_m2=money(maximum_cents=100_000),
        notice_move_in_date=days(),
    ),
    "move_in.handover": handover_facts(),
    "renovation.documents": facts_of(
        property_type=st.sampled_from(PROPERTY_TYPES),
        applicant=st.sampled_from(("owner", "owner_agent", "tenant")),
        self_renovation=st.booleans(),
        tenant_is_company=optional(st.booleans()),
        commercial_or_key_site=optional(st.booleans()),
        fire_filing=optional(st.booleans()),
        structural_change=optional(st.booleans()),
        gas_change=optional(st.booleans()),
    ),
    "renovation.fees": facts_of(
        property_type=st.sampled_from(PROPERTY_TYPES),
        worker_passes=counts,
        fire_system_modified=optional(st.booleans()),
    ),
    "renovation.approval_due": facts_of(complete_at=instants()),
    "renovation.refund": facts_of(
        property_type=st.sampled_from(PROPERTY_TYPES),
        acceptance_date=days(high=date(2099, 12, 31)),
        on_date=days(),
        deposit=money(),
        fines=money(),
        unpaid_fees=money(),
        requested_by=st.sampled_from(("owner", "contractor")),
        owner_consent=optional(st.booleans()),
    ),
    "release.pass": facts_of(
        carrier=st.sampled_from(("owner", "tenant", "family", "domestic_worker", "renovation_worker",
                                 "company_employee")),
        purpose=st.sampled_from(("move_out", "temporary")),
        arrears=st.one_of(st.just(0), money()),
        consent=optional(st.sampled_from(("given", "refused", "unreachable"))),
        owner_signed=st.booleans(),
        phone_recording=st.booleans(),
        passes_last_7_days=counts,
    ),
    "occupancy.register": facts_of(
        occupant=st.sampled_from(("owner", "tenant")),
        owner_confirmed=optional(st.booleans()),
        lease_provided=optional(st.booleans()),
        pledge_signed=optional(st.booleans()),
    ),
    "tenant.move_out": facts_of(
        arrears=st.one_of(st.just(0), money()),
        meters_read=st.booleans(),
        owner_agrees=optional(st.booleans()),
        release_pass_issued=st.booleans(),
    ),
    "parking.rental": facts_of(
        applicant_role=st.sampled_from(("owner", "tenant", "non_resident")),
        household_active_spaces=st.integers(0, 3),
        free_spaces=st.integers(0, 3),
        has_vehicle_licence=st.booleans(),
        licence_matches_applicant=st.booleans(),
    ),
    "complaint.grade": facts_of(
        valid=st.booleans(),
        received_at=instants(),
        same_event_complainants=st.one_of(st.integers(1, 10), st.integers(1, 1_000_000)),
        unresolved_days=st.one_of(st.integers(0, 10), counts),
        sudden_outage=st.booleans(),
        company_fault_loss_or_injury=st.booleans(),
        contracted_service_failed_repeatedly=st.booleans(),
        reasonable_need_unmet_seriously=st.booleans(),
        severe_staff_attitude=st.booleans(),
        deemed=optional(st.sampled_from(("minor", "important", "major"))),
    ),
    "request.deadlines": st.builds(
        lambda received, later, with_promise: {
            "received_at": received,
            **({"promised_by": (_as_datetime(received).astimezone(timezone.utc)
                                + timedelta(minutes=later)).isoformat()}
               if with_promise else {}),
        },
        instants(), st.integers(0, 60 * 24 * 30), st.booleans(),
    ),
    "repair.classify": facts_of(
        category=st.sampled_from(("burst_pipe", "appliance_smoking", "water_outage", "power_outage",
                                  "other")),
        customer_marked_urgent=st.booleans(),
    ),
    "inspection.issue_deadlines": facts_of(found_at=instants()),
    "survey.window": facts_of(on_date=days()),
    "survey.rates": st.integers(1, 2000).flatmap(
        lambda households: st.integers(0, households).flatmap(
            lambda distributed: st.integers(0, distributed).map(
                lambda returned: {"households": households, "distributed": distributed,
                                  "returned": returned}))),
    "visits.quota": facts_of(visits_this_month=st.one_of(st.integers(0, 20), counts)),
    "archive.access": facts_of(
        requester_role=st.sampled_from(("project_manager", "staff", "outsider")),
        pm_approved=st.booleans(),
        leadership_approved=st.booleans(),
    ),
    "status.census_due": st.tuples(st.integers(2000, 2100), st.integers(1, 12)).map(
        lambda pair: {"month": f"{pair[0]:04d}-{pair[1]:02d}"}),
}


def _as_datetime(value) -> datetime:
    """The instant of a datetime fact (promises are added in UTC: wall-clock arithmetic
    across a daylight-saving change could land before the request)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# --- valid parameter overrides -----------------------------------------------------------------

_OVERRIDES = {
    "move_in_prepaid_months": st.integers(1, 24),
    "move_in_office_electricity_float": _cents.map(lambda cents: Decimal(cents) / 100),
    "renovation_deposit_office": _cents.map(lambda cents: Decimal(cents) / 100),
    "renovation_worker_pass_unit_price": st.integers(0, 10_000).map(lambda cents: Decimal(cents) / 100),
    "renovation_approval_working_days": st.integers(1, 30),
    "renovation_refund_months": st.integers(1, 24),
    "renovation_office_refund_days": st.integers(1, 365),
    "release_flag_threshold": st.integers(1, 100),
    "complaint_major_complainants": st.integers(2, 20),
    "complaint_major_unresolved_days": st.integers(1, 30),
    "complaint_minor_hours": st.integers(1, 720),
    "survey_distribution_target": st.integers(0, 10_000).map(lambda basis: Decimal(basis) / 10_000),
    "survey_return_target": st.integers(0, 10_000).map(lambda basis: Decimal(basis) / 10_000),
    "visits_monthly_quota": st.integers(1, 50),
    "parking_spaces_per_household": st.integers(1, 3),
    "status_census_day": st.integers(1, 31),
    "calendar_extra_closures": st.lists(st.dates(date(2000, 1, 1), date(2100, 12, 31)), max_size=5)
    .map(lambda days: tuple(sorted(set(days)))),
    "survey_summer_start": st.just("06-20"),
}


def param_overrides() -> st.SearchStrategy:
    """A few valid overrides (in their effective types), or None for the defaults."""
    return st.one_of(st.none(), st.fixed_dictionaries({}, optional=_OVERRIDES))


RULES_SETTINGS = settings(max_examples=200, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
"""Hypothesis settings of the policy-library tests (no example database in the work tree)."""


# --- junk ------------------------------------------------------------------------------------

class Odd:
    """An object that refuses to be compared, tested for truth or turned into text."""

    def __eq__(self, other):
        raise RuntimeError("no comparison")

    __hash__ = object.__hash__

    def __bool__(self):
        raise RuntimeError("no truth value")

    def __str__(self):
        raise RuntimeError("no text")

    def __repr__(self):
        return "Odd()"


class BrokenZone(tzinfo):
    def utcoffset(self, moment):
        raise RuntimeError("broken zone")

    def dst(self, moment):
        return None

    def tzname(self, moment):
        return "broken"


ODD_VALUES = (Odd(), datetime(2026, 1, 1, tzinfo=BrokenZone()))
"""Values that raise when compared, tested or turned into text (checked without hypothesis)."""

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(("", "   ", "NaN", "-1", "1e400", "Infinity", "2026-02-30", "2026-13-01",
                     "1999-12-31", "2101-01-01", "2026-10-01T09:00", "2026-10-01T09:00+25:00",
                     "office ", "OFFICE", "12.345.6", "٣", "0x10", "1_000", "12,50", "--1",
                     "9" * 5000, "2026-02", "2026-00", "99999-01")),
    st.binary(max_size=10),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=Decimal("-1e30"), max_value=Decimal("1e30")),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from(_ZONES)),
    st.just(datetime.max.replace(tzinfo=timezone.utc)),
    st.just(datetime.min.replace(tzinfo=timezone(timedelta(hours=-12)))),
    st.times(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.builds(object),
    st.just(time(9, 0)),
    st.sampled_from((Decimal("sNaN"), Decimal("-0"), Decimal("1E+999999"), Decimal("0.001"))),
)
