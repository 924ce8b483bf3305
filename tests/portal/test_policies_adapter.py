"""The portal asks the policy library with the parameters in force on the day in question."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from rules import PARAMETERS, FactsError, UnknownProcedure

from portal.policies import adapter, services
from portal.policies.forms import first_of_next_month
from portal.policies.values import display

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEPOSIT = "renovation_deposit_residential"
RESIDENTIAL_FEES = {"property_type": "residential", "worker_passes": 2}


def schedule(effective_from, **changes):
    return services.apply(services.plan(effective_from, changes))


def deposit_charged(decision) -> Decimal:
    return next(item["amount"] for item in decision.values["items"] if item["code"] == "deposit")


def test_without_a_schedule_the_library_defaults_are_in_force():
    assert adapter.params_in_force(adapter.today()) == dict(adapter.resolve_params(None))
    assert adapter.parameter_value(DEPOSIT) == PARAMETERS[DEPOSIT].default == Decimal("2000.00")


def test_a_new_deposit_from_the_first_of_next_month_applies_from_that_day_only():
    first = first_of_next_month(adapter.today())
    schedule(first, **{DEPOSIT: "2500.00"})

    before = adapter.decide("renovation.fees", RESIDENTIAL_FEES, on_date=first - timedelta(days=1))
    after = adapter.decide("renovation.fees", RESIDENTIAL_FEES, on_date=first)
    today = adapter.decide("renovation.fees", RESIDENTIAL_FEES)

    assert deposit_charged(before) == deposit_charged(today) == Decimal("2000.00")
    assert deposit_charged(after) == Decimal("2500.00")
    assert before.params_version != after.params_version
    assert adapter.parameter_value(DEPOSIT, first + timedelta(days=45)) == Decimal("2500.00")


def test_a_later_set_takes_over_and_restating_a_default_returns_to_it():
    first = first_of_next_month(adapter.today())
    second = first_of_next_month(first)
    schedule(first, **{DEPOSIT: "2500.00"})
    schedule(second, **{DEPOSIT: "2000.00"})

    assert adapter.parameter_value(DEPOSIT, first) == Decimal("2500.00")
    assert adapter.parameter_value(DEPOSIT, second) == Decimal("2000.00")
    assert adapter.decide("renovation.fees", RESIDENTIAL_FEES, on_date=second).params_version == (
        adapter.decide("renovation.fees", RESIDENTIAL_FEES, on_date=adapter.today()).params_version
    )


def test_a_change_in_force_today_is_seen_at_once():
    assert adapter.format_parameter(DEPOSIT) == "¥2,000.00"

    schedule(adapter.today(), **{DEPOSIT: "12345.5"})

    assert adapter.format_parameter(DEPOSIT) == "¥12,345.50"


def test_a_case_already_decided_keeps_its_stored_snapshot():
    stored = json.loads(json.dumps(adapter.snapshot(adapter.decide("renovation.fees", RESIDENTIAL_FEES))))

    schedule(adapter.today(), **{DEPOSIT: "3000.00"})

    assert stored["values"]["items"][0] == {"code": "deposit", "amount": "2000.00"}
    assert deposit_charged(adapter.decide("renovation.fees", RESIDENTIAL_FEES)) == Decimal("3000.00")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("renovation_deposit_office", "¥10,000.00"),
        ("renovation_worker_pass_unit_price", "¥20.00/证"),
        ("renovation_office_refund_days", "15 天"),
        ("renovation_approval_working_days", "3 个工作日"),
        ("request_forward_minutes", "10 分钟"),
        ("renovation_refund_months", "3 个月"),
        ("survey_distribution_target", "60%"),
        ("survey_summer_start", "7月1日"),
    ],
)
def test_parameters_are_formatted_with_their_unit(name, shown):
    assert adapter.format_parameter(name) == shown


def test_date_lists_are_formatted_as_dates():
    assert display("calendar_extra_closures", [date(2026, 10, 9), date(2026, 10, 10)]) == "2026-10-09、2026-10-10"


def test_an_unknown_parameter_is_a_key_error():
    with pytest.raises(KeyError):
        adapter.format_parameter("renovation_deposit_castle")


def test_parameter_choices_name_every_parameter_with_its_chinese_label():
    choices = adapter.parameter_choices()

    assert [name for name, _ in choices] == list(PARAMETERS)
    assert ("renovation_deposit_office", "写字楼装修押金") in choices


def test_a_snapshot_is_plain_json_and_round_trips():
    received = datetime(2026, 11, 2, 9, 30, tzinfo=SHANGHAI)
    decisions = [
        adapter.decide("renovation.fees", {"property_type": "office", "worker_passes": 3}),
        adapter.decide(
            "move_in.fees",
            {"property_type": "office", "area_m2": "100", "fee_per_m2": "5.50",
             "notice_move_in_date": date(2026, 12, 1)},
        ),
        adapter.decide("request.deadlines", {"received_at": received}),
    ]

    for decision in decisions:
        snapshot = adapter.snapshot(decision)
        assert json.loads(json.dumps(snapshot)) == snapshot
        assert snapshot["outcome"] == decision.outcome
        assert snapshot["params_version"] == decision.params_version
        assert snapshot["reasons"] == [
            {"policy_id": reason.policy_id, "message": reason.message} for reason in decision.reasons
        ]

    fees, move_in, deadlines = (adapter.snapshot(decision) for decision in decisions)
    assert fees["values"]["total"] == "12160.00"
    assert move_in["values"]["prepaid_from"] == "2026-12-01"
    assert deadlines["values"]["forward_by"] == "2026-11-02T09:40:00+08:00"


def test_the_librarys_errors_reach_the_caller():
    with pytest.raises(UnknownProcedure):
        adapter.decide("renovation.castle", {})
    with pytest.raises(FactsError) as error:
        adapter.decide("renovation.fees", {"property_type": "residential", "worker_passes": -1})
    assert "worker_passes" in error.value.errors
