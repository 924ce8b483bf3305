"""How values read inside the Chinese reasons."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def display(value: Any) -> str:
    """``2026-10-01 09:10`` for an instant, ``2026-10-01`` for a day, ``是``/``否``, ``无``, else ``str``."""
    kind = type(value)
    if kind is str:
        return value
    if isinstance(value, datetime):  # wall-clock fields only: no time-zone lookup
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return value.isoformat()
    if kind is bool:
        return "是" if value else "否"
    if value is None:
        return "无"
    return str(value)
