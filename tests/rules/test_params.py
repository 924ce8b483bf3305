"""Parameters: descriptions, overrides, refusals, params_version and ruleset reuse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import DEFAULT_PARAMS, PARAMETERS, ParamsError, decide, engine, resolve_params
from rules.params import validate_params
from tests.rules.strategies import JUNK, RULES_SETTINGS

FEES = {"property_type": "office", "area_m2": "100", "fee_per_m2": "2", "notice_move_in_date": "2026-01-01"}


def test_every_parameter_is_described_for_a_form():
    assert set(PARAMETERS) == set(DEFAULT_PARAMS)
    for name, parameter in PARAMETERS.items():
        assert parameter.name == name
        assert parameter.label and any("\u4e00" <= char <= "\u9fff" for char in parameter.label)
        assert parameter.unit
        assert parameter.kind in ("money", "int", "fraction", "month_day", "date_list")
        assert parameter.policy_id
        if parameter.kind == "money":
            assert isinstance(parameter.default, Decimal) and parameter.default == parameter.default.quantize(
                Decimal("0.01"))
        if parameter.kind == "int":
            assert type(parameter.default) is int and parameter.minimum >= 1


@pytest.mark.parametrize("name, value", [
    ("move_in_prepaid_months", 3), ("move_in_office_electricity_float", Decimal("1000")),
    ("move_in_business_apartment_water_float", Decimal("200")), ("renovation_approval_working_days", 3),
    ("renovation_refund_months", 3), ("renovation_office_refund_days", 15), ("release_flag_threshold", 3),
    ("release_flag_window_days", 7), ("complaint_major_complainants", 5),
    ("complaint_major_unresolved_days", 7), ("complaint_forward_minutes", 10), ("complaint_minor_hours", 12),
    ("complaint_important_hours", 24), ("complaint_major_reply_hours", 48), ("complaint_major_resolve_days", 15),
    ("complaint_follow_up_hours", 24), ("request_forward_minutes", 10), ("request_reply_days", 1),
    ("inspection_forward_minutes", 30), ("visits_monthly_quota", 10), ("survey_distribution_target",
                                                                       Decimal("0.60")),
    ("survey_return_target", Decimal("0.50")), ("survey_summer_start", "07-01"), ("survey_summer_end", "07-15"),
    ("survey_winter_start", "01-15"), ("survey_winter_end", "01-30"), ("status_census_day", 30),
    ("status_report_day", 3),
], ids=lambda value: str(value))
def test_defaults_are_the_numbers_of_the_procedures(name, value):
    assert DEFAULT_PARAMS[name] == value


def test_office_deposit_is_higher():
    assert DEFAULT_PARAMS["renovation_deposit_office"] > DEFAULT_PARAMS["renovation_deposit_residential"]


def test_override_changes_the_decision_and_the_version():
    default = decide("move_in.fees", FEES)
    changed = decide("move_in.fees", FEES, params={"move_in_prepaid_months": 6,
                                                   "move_in_office_electricity_float": "1500"})
    assert default.values["prepaid_management_fee"] == Decimal("600.00")
    assert changed.values["prepaid_management_fee"] == Decimal("1200.00")
    assert changed.values["utility_float"] == Decimal("1500.00")
    assert "6个月" in changed.reasons[0].message
    assert default.params_version != changed.params_version


def test_params_version_is_stable_for_equal_sets():
    default = decide("visits.quota", {"visits_this_month": 3})
    assert decide("visits.quota", {"visits_this_month": 3}, params={}).params_version == default.params_version
    assert decide("visits.quota", {"visits_this_month": 3},
                  params={"visits_monthly_quota": 10}).params_version == default.params_version
    money_forms = [{"renovation_deposit_office": form} for form in (5000, "5000", Decimal("5000.00"), "5000.001")]
    assert len({resolve_params(params).version for params in money_forms}) == 1
    closures = [{"calendar_extra_closures": days} for days in
                (["2026-03-02", "2026-03-03"], ("2026-03-03", date(2026, 3, 2), "2026-03-02"))]
    assert len({resolve_params(params).version for params in closures}) == 1
    assert len(default.params_version) == 12


def test_threshold_parameters_travel_in_the_message():
    facts = {"carrier": "owner", "purpose": "temporary", "arrears": 0, "owner_signed": True,
             "phone_recording": False, "passes_last_7_days": 1}
    assert decide("release.pass", facts).values["flagged"] is False
    assert decide("release.pass", facts, params={"release_flag_threshold": 1}).values["flagged"] is True


def test_unknown_wrong_type_and_out_of_range_are_all_reported():
    with pytest.raises(ParamsError) as caught:
        decide("visits.quota", {"visits_this_month": 3}, params={
            "visits_quota": 10,                          # unknown
            "visits_monthly_quota": "10",                # wrong type
            "renovation_refund_months": 0,               # a window of 0
            "renovation_deposit_office": "-1",           # negative money
            "move_in_office_electricity_float": 1000.0,  # float money
            "release_flag_threshold": True,              # bool for an int
            "survey_return_target": "1.5",               # fraction above 1
            "survey_summer_start": "02-29",              # not every year
            "calendar_extra_closures": ["2026-10-01T00:00:00"],
        })
    assert isinstance(caught.value, ValueError)
    assert set(caught.value.errors) == {
        "visits_quota", "visits_monthly_quota", "renovation_refund_months", "renovation_deposit_office",
        "move_in_office_electricity_float", "release_flag_threshold", "survey_return_target",
        "survey_summer_start", "calendar_extra_closures"}


@pytest.mark.parametrize("params, bad", [
    ({"survey_summer_start": "07-20", "survey_summer_end": "07-10"}, "survey_summer_end"),
    ({"survey_winter_start": "06-01", "survey_winter_end": "07-05"}, "survey_winter_start"),
    ({"calendar_extra_closures": ["2026-03-02"], "calendar_extra_working_days": ["2026-03-02"]},
     "calendar_extra_working_days"),
], ids=["window ends before it starts", "windows overlap", "closed and open on the same day"])
def test_inconsistent_parameters(params, bad):
    with pytest.raises(ParamsError) as caught:
        validate_params(params)
    assert bad in caught.value.errors


@pytest.mark.parametrize("params", [[("visits_monthly_quota", 3)], "x", 3], ids=repr)
def test_params_that_are_not_a_mapping(params):
    with pytest.raises(ParamsError) as caught:
        decide("visits.quota", {"visits_this_month": 3}, params=params)
    assert "params" in caught.value.errors


def test_unhashable_or_odd_keys_are_refused_without_crashing():
    with pytest.raises(ParamsError) as caught:
        decide("visits.quota", {"visits_this_month": 3}, params={1: 2, "visits_monthly_quota": [1]})
    assert set(caught.value.errors) == {"1", "visits_monthly_quota"}  # repr of the key 1


def test_calendar_parameters_move_deadlines():
    facts = {"complete_at": "2026-03-02T10:00:00+08:00"}  # Monday
    assert decide("renovation.approval_due", facts).values["due"] == date(2026, 3, 5)
    closed = decide("renovation.approval_due", facts, params={"calendar_extra_closures": ["2026-03-04"]})
    assert closed.values["due"] == date(2026, 3, 6)
    opened = decide("renovation.approval_due", {"complete_at": "2026-03-06T10:00:00+08:00"},
                    params={"calendar_extra_working_days": ["2026-03-07"]})
    assert opened.values["due"] == date(2026, 3, 10)


def test_rulesets_are_built_once_and_reused_across_calls_and_parameter_sets():
    decide("visits.quota", {"visits_this_month": 3})  # the host exists from here on
    builds = engine.host_builds()
    for quota in range(1, 60):
        for _ in range(20):
            decide("visits.quota", {"visits_this_month": 3}, params={"visits_monthly_quota": quota})
    assert engine.host_builds() == builds


def test_validated_parameter_sets_are_reused():
    overrides = {"visits_monthly_quota": 12, "calendar_extra_closures": ["2026-03-02"]}
    assert resolve_params(overrides) is resolve_params(dict(overrides))


@RULES_SETTINGS
@given(st.dictionaries(st.one_of(st.sampled_from(sorted(PARAMETERS)), st.text(max_size=8)), JUNK, max_size=4))
def test_junk_parameters_give_params_error_or_decision(overrides):
    try:
        decision = decide("renovation.approval_due", {"complete_at": "2026-09-30T10:00:00+08:00"},
                          params=overrides)
    except ParamsError as error:
        assert error.errors and all(isinstance(name, str) for name in error.errors)
    else:
        assert decision.values["due"].year == 2026
