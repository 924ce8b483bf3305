"""Bad input: every bad fact reported at once; nothing crashes or hangs."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import PROCEDURES, Decision, FactsError, UnknownProcedure, decide
from rules.policies import COMPILED
from tests.rules.strategies import JUNK, ODD_VALUES, RULES_SETTINGS, VALID_FACTS

REFUND = {
    "property_type": "residential", "acceptance_date": "2026-01-31", "on_date": "2026-04-30",
    "deposit": "2000", "fines": "0", "unpaid_fees": "0", "requested_by": "owner",
}


def errors_of(procedure: str, facts) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        decide(procedure, facts)
    assert isinstance(caught.value, ValueError)
    return caught.value.errors


def test_unknown_procedure_is_a_lookup_error():
    with pytest.raises(UnknownProcedure) as caught:
        decide("move_in.nothing", {})
    assert isinstance(caught.value, LookupError)
    with pytest.raises(UnknownProcedure):
        decide(["not", "hashable"], {})


@pytest.mark.parametrize("facts", [None, [], "facts", 3, ("a", 1)], ids=repr)
def test_facts_that_are_not_a_mapping(facts):
    assert errors_of("visits.quota", facts) == {"facts": errors_of("visits.quota", facts)["facts"]}


def test_every_bad_fact_is_reported_at_once():
    errors = errors_of("renovation.refund", {
        "property_type": "villa",                 # not a listed choice
        "acceptance_date": datetime(2026, 1, 1),  # a datetime for a date
        "on_date": "1999-12-31",                  # year outside 2000-2100
        "deposit": 2000.0,                        # float money
        "fines": "-1",                            # negative money
        "unpaid_fees": "  ",                      # blank counts as missing
        "owner_consent": "yes",                   # not a bool
        "colour": "red",                          # unknown fact
    })
    assert set(errors) == {"property_type", "acceptance_date", "on_date", "deposit", "fines",
                           "unpaid_fees", "requested_by", "owner_consent", "colour"}
    assert "浮点数" in errors["deposit"]
    assert "负数" in errors["fines"]
    assert errors["unpaid_fees"] == errors["requested_by"] == "缺少必填项"
    assert errors["colour"] == "未知的事实名称"
    assert "datetime" in errors["acceptance_date"]
    assert "2000" in errors["on_date"]


@pytest.mark.parametrize("value, fragment", [
    (True, "布尔"), ("3", "整数"), (3.0, "整数"), (Decimal(3), "整数"), (-1, "范围"), (1_000_001, "范围"),
], ids=repr)
def test_int_facts(value, fragment):
    assert fragment in errors_of("visits.quota", {"visits_this_month": value})["visits_this_month"]


def test_int_minimum_from_the_table():
    assert "范围" in errors_of("survey.rates", {"households": 0, "distributed": 0, "returned": 0})["households"]


@pytest.mark.parametrize("value", [
    datetime(2026, 10, 1, 9, 0), "2026-10-01T09:00:00", "2026-10-01", date(2026, 10, 1), 1759280400,
    "1999-12-31T23:00:00+08:00", "2101-01-01T00:00:00+08:00",
], ids=repr)
def test_datetime_facts_must_be_aware_and_in_range(value):
    assert "found_at" in errors_of("inspection.issue_deadlines", {"found_at": value})


def test_money_is_quantised_on_input_and_area_must_be_positive():
    errors = errors_of("move_in.fees", {"property_type": "office", "area_m2": "0.004", "fee_per_m2": "1",
                                        "notice_move_in_date": "2026-01-01"})
    assert set(errors) == {"area_m2"}
    decision = decide("move_in.fees", {"property_type": "office", "area_m2": "0.005", "fee_per_m2": "1",
                                       "notice_move_in_date": "2026-01-01"})
    assert decision.values["monthly_fee"] == Decimal("0.01")


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), "1e3", "12,50", "1000000000",
                                   Decimal("-0.01")], ids=repr)
def test_money_refusals(value):
    assert "deposit" in errors_of("renovation.refund", {**REFUND, "deposit": value})


def test_money_accepts_decimal_int_and_decimal_string():
    for deposit in (Decimal("2000"), 2000, "2000.00", " 2000 "):
        assert decide("renovation.refund", {**REFUND, "deposit": deposit}).values["refund_amount"] == Decimal("2000.00")


def test_choice_is_exact():
    errors = errors_of("repair.classify", {"category": "Burst_pipe", "customer_marked_urgent": False})
    assert set(errors) == {"category"}


def test_cross_fact_errors_are_reported_with_the_others():
    errors = errors_of("survey.rates", {"households": 10, "distributed": 11, "returned": 12})
    assert set(errors) == {"distributed", "returned"}
    errors = errors_of("move_in.handover", {
        "has_id_document": "yes", "has_purchase_contract": True, "has_move_in_notice": True,
        "fees_paid": True, "key_receipt_signed": True, "inspection_accepted": False})
    assert set(errors) == {"has_id_document", "not_accepted_reason"}
    errors = errors_of("request.deadlines", {"received_at": "2026-10-01T09:00:00+08:00",
                                             "promised_by": "2026-10-01T08:59:00+08:00"})
    assert set(errors) == {"promised_by"}


def test_promise_equal_to_receipt_is_accepted():
    decision = decide("request.deadlines", {"received_at": "2026-10-01T09:00:00+08:00",
                                            "promised_by": "2026-10-01T01:00:00+00:00"})
    assert decision.values["reply_by"] == datetime(2026, 10, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def test_birthday_may_be_before_2000():
    decision = decide("move_in.handover", {
        "has_id_document": True, "has_purchase_contract": True, "has_move_in_notice": True,
        "fees_paid": True, "key_receipt_signed": True, "inspection_accepted": True,
        "emergency_mobile": "13800138000", "birthday": "1962-03-08"})
    assert decision.outcome == "allow"


@pytest.mark.parametrize("procedure", PROCEDURES)
@RULES_SETTINGS
@given(data=st.data())
def test_junk_gives_facts_error_or_decision(procedure, data):
    """Random junk in place of each fact, unknown names, dropped names: never another exception."""
    facts = dict(data.draw(VALID_FACTS[procedure], label="valid"))
    for name in list(facts):
        choice = data.draw(st.sampled_from(("keep", "keep", "junk", "drop")), label=name)
        if choice == "junk":
            facts[name] = data.draw(JUNK, label=f"{name} junk")
        elif choice == "drop":
            del facts[name]
    if data.draw(st.booleans(), label="extra"):
        facts[data.draw(st.one_of(st.text(max_size=5), st.integers()), label="extra name")] = \
            data.draw(JUNK, label="extra value")
    try:
        decision = decide(procedure, facts)
    except FactsError as error:
        assert error.errors and all(isinstance(key, str) and message for key, message in error.errors.items())
    else:
        assert isinstance(decision, Decision)


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("odd", ODD_VALUES, ids=("raising object", "broken time zone"))
def test_odd_objects_are_bad_facts(procedure, odd):
    """Objects that raise on comparison, truth test, text or offset are reported, not raised."""
    names = list(COMPILED[procedure].facts)
    with pytest.raises(FactsError) as caught:
        decide(procedure, {name: odd for name in names})
    assert set(caught.value.errors) == set(names)
