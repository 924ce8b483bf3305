"""The policy library's parameters as the portal stores and shows them.

Stored values are JSON, in the forms the library accepts as overrides: money and
fractions as decimal strings (``"3000.00"``), counts as ``int``, month-days as
``"MM-DD"``, date lists as lists of ISO dates. Shown values carry their unit in
Chinese, as the library's labels do: ``¥3,000.00``, ``15 天``, ``3 个工作日``.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from rules import PARAMETERS, Parameter

__all__ = ["PARAMETERS", "describe", "display", "to_json"]


def describe(name: str) -> Parameter:
    """The library's description of parameter ``name`` (``KeyError`` if there is none)."""
    return PARAMETERS[name]


def to_json(name: str, value: Any) -> Any:
    """``value`` (as the library returns it) in its stored JSON form."""
    kind = PARAMETERS[name].kind
    if kind in ("money", "fraction"):
        return str(value)
    if kind == "date_list":
        return [day.isoformat() for day in value]
    return value


def display(name: str, value: Any) -> str:
    """``value`` of parameter ``name`` with its unit, for people to read."""
    parameter = PARAMETERS[name]
    kind, unit = parameter.kind, parameter.unit
    if kind == "money":
        per = unit.removeprefix("元")
        return f"¥{Decimal(value):,.2f}{per}"
    if kind == "fraction":
        percent = (Decimal(value) * 100).normalize()
        return f"{percent:f}%"
    if kind == "month_day":
        month, day = str(value).split("-")
        return f"{int(month)}月{int(day)}日"
    if kind == "date_list":
        days = [day if isinstance(day, str) else day.isoformat() for day in value]
        return "、".join(days) if days else _("none")
    return f"{value} {unit}"
