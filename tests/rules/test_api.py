"""The public surface of the policy library."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import rules
from rules import Decision, FactsError, ParamsError, Reason, UnknownProcedure, decide

ROOT = Path(__file__).resolve().parents[2]


def test_public_names():
    for name in ("decide", "Decision", "Reason", "FactsError", "ParamsError", "UnknownProcedure",
                 "DEFAULT_PARAMS", "PARAMETERS", "PROCEDURES", "WorkingCalendar", "is_working_day",
                 "add_working_days", "working_calendar"):
        assert hasattr(rules, name), name
    assert issubclass(FactsError, ValueError) and issubclass(ParamsError, ValueError)
    assert issubclass(UnknownProcedure, LookupError)


def test_decision_is_an_immutable_dataclass():
    decision = decide("visits.quota", {"visits_this_month": 3})
    assert dataclasses.is_dataclass(decision)
    assert [field.name for field in dataclasses.fields(Decision)] == [
        "procedure", "outcome", "values", "reasons", "params_version"]
    assert [field.name for field in dataclasses.fields(Reason)] == ["policy_id", "message"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.outcome = "allow"
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.reasons[0].message = "x"
    assert isinstance(decision.reasons, tuple)


def test_same_input_same_decision_and_values_are_never_shared():
    facts = {"property_type": "office", "worker_passes": 2}
    first, second = decide("renovation.fees", facts), decide("renovation.fees", facts)
    assert first == second
    first.values["items"].clear()
    assert decide("renovation.fees", facts).values["items"]


def test_money_is_decimal_quantised():
    values = decide("move_in.fees", {"property_type": "office", "area_m2": "33.333", "fee_per_m2": "2.005",
                                     "notice_move_in_date": "2026-05-31"}).values
    for key in ("monthly_fee", "prepaid_management_fee", "utility_float", "total_due"):
        assert type(values[key]) is Decimal and values[key].as_tuple().exponent == -2
    assert values["monthly_fee"] == Decimal("66.99")  # 33.333 -> 33.33 and 2.005 -> 2.01 on input


def test_the_library_imports_nothing_from_the_project_or_django():
    code = ("import sys, rules; rules.decide('visits.quota', {'visits_this_month': 1}); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'wagtail', 'portal', 'cms', 'forms')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
