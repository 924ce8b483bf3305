"""survey.rates: distribution and return rates against their targets (SV-2)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rules.params import ParameterSet
from rules.procedures.base import Facts, Prepared


_BASIS = Decimal("0.0001")
_ZERO_RATE = Decimal("0.0000")


def rate(part: int, whole: int) -> Decimal:
    """``part / whole`` rounded to 0.0001 (ROUND_HALF_UP); 0 when ``whole`` is 0."""
    if not whole:
        return _ZERO_RATE
    return (Decimal(part) / Decimal(whole)).quantize(_BASIS, rounding=ROUND_HALF_UP)


def basis_points(fraction: Decimal) -> int:
    """A fraction kept to 0.0001 as an exact int (0.6 -> 6000)."""
    return int(fraction.scaleb(4))


def check(facts: Facts) -> dict[str, str]:
    """distributed <= households and returned <= distributed (``facts``: the good facts)."""
    errors = {}
    households, distributed, returned = (facts.get(name) for name in ("households", "distributed",
                                                                       "returned"))
    if households is not None and distributed is not None and distributed > households:
        errors["distributed"] = "发放份数不能多于户数"
    if distributed is not None and returned is not None and returned > distributed:
        errors["returned"] = "回收份数不能多于发放份数"
    return errors


def prepare(facts: Facts, params: ParameterSet) -> Prepared:
    distribution_rate = rate(facts["distributed"], facts["households"])
    return_rate = rate(facts["returned"], facts["distributed"])
    message = {
        "distribution_bp": basis_points(distribution_rate),
        "return_bp": basis_points(return_rate),
        "distribution_target_bp": basis_points(params["survey_distribution_target"]),
        "return_target_bp": basis_points(params["survey_return_target"]),
    }
    values = {
        "distribution_rate": distribution_rate,
        "return_rate": return_rate,
        "meets_distribution": False,
        "meets_return": False,
    }
    return Prepared(message, values)
