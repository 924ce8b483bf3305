"""Strict conversions shared by facts and parameters.

Each function returns the converted value or raises :class:`BadValue` with a Chinese
message. None of them accepts ``float`` money, ``bool`` for an int, a ``datetime`` for a
date, or a naive ``datetime``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from rules.instants import SHANGHAI
from rules.money import MAX_AMOUNT, quantise

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_INT = 1_000_000
MAX_TEXT_LENGTH = 500

_DECIMAL_TEXT = re.compile(r"[+-]?(?:\d{1,15}(?:\.\d{0,12})?|\.\d{1,12})")
_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_TEXT = re.compile(r"(\d{4})-(\d{2})")
_MONTH_DAY_TEXT = re.compile(r"(\d{2})-(\d{2})")
_MAX_INSTANT_TEXT = 64


class BadValue(ValueError):
    """A value that cannot be accepted; ``str(error)`` is the Chinese message."""


def is_blank(value: object) -> bool:
    """A string made only of white space (it counts as missing)."""
    return type(value) is str and not value.strip()


def to_decimal(value: object, *, what: str = "金额") -> Decimal:
    """A finite, non-negative ``Decimal`` from ``Decimal``, ``int`` or a decimal string.

    Not quantised; not bounded (see :func:`to_money`).
    """
    if isinstance(value, bool):
        raise BadValue(f"{what}应为 Decimal、整数或小数字符串，不接受布尔值")
    if isinstance(value, float):
        raise BadValue(f"{what}不接受浮点数，请使用 Decimal、整数或小数字符串（如 \"12.50\"）")
    if isinstance(value, Decimal):
        amount = value
        if not amount.is_finite():
            raise BadValue(f"{what}必须是有限的数值")
    elif isinstance(value, int):
        if abs(value) > 10**15:
            raise BadValue(f"{what}超出范围")
        amount = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_TEXT.fullmatch(text):
            raise BadValue(f"{what}应为小数字符串，如 \"12.50\"")
        amount = Decimal(text)
    else:
        raise BadValue(f"{what}应为 Decimal、整数或小数字符串")
    if amount < 0:
        raise BadValue(f"{what}不能为负数")
    return amount


def to_money(value: object, *, what: str = "金额", positive: bool = False) -> Decimal:
    """A money amount (or area) quantised to 0.01 on input, 0 <= amount <= MAX_AMOUNT.

    ``positive`` also refuses an amount that is 0.00 after quantising.
    """
    amount = to_decimal(value, what=what)
    if amount > MAX_AMOUNT:
        raise BadValue(f"{what}超出范围（不超过 {MAX_AMOUNT}）")
    try:
        amount = quantise(amount)
    except InvalidOperation as error:  # pragma: no cover - bounded above
        raise BadValue(f"{what}无法识别") from error
    if positive and not amount:
        raise BadValue(f"{what}必须大于 0")
    return amount


def to_int(value: object, minimum: int = 0, maximum: int = MAX_INT) -> int:
    """An ``int`` (not ``bool``, not a string) with ``minimum <= value <= maximum``."""
    if type(value) is not int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadValue("应为整数（不接受布尔值、字符串或小数）")
        value = int(value)
    if not minimum <= value <= maximum:
        raise BadValue(f"超出范围（{minimum}–{maximum}）")
    return value


def to_bool(value: object) -> bool:
    """A ``bool`` only."""
    if type(value) is not bool:
        raise BadValue("应为布尔值 True 或 False")
    return value


def _check_year(year: int, minimum: int = MIN_YEAR, maximum: int = MAX_YEAR) -> None:
    if not minimum <= year <= maximum:
        raise BadValue(f"年份须在 {minimum}–{maximum} 之间")


def to_date(value: object, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR) -> date:
    """A ``date`` from a ``date`` or an ISO ``YYYY-MM-DD`` string; a ``datetime`` is refused."""
    if isinstance(value, datetime):
        raise BadValue("应为日期（date），不接受带时间的 datetime")
    if isinstance(value, date):
        day = value if type(value) is date else date(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if not _DATE_TEXT.fullmatch(text):
            raise BadValue("日期格式应为 YYYY-MM-DD")
        try:
            day = date.fromisoformat(text)
        except ValueError as error:
            raise BadValue("不存在的日期") from error
    else:
        raise BadValue("应为日期（date）或 YYYY-MM-DD 字符串")
    _check_year(day.year, min_year, max_year)
    return day


def to_instant(value: object) -> datetime:
    """An aware ``datetime`` in Asia/Shanghai from an aware ``datetime`` or ISO string with offset.

    A naive value is refused; the year (in Asia/Shanghai) must be 2000–2100.
    """
    if isinstance(value, datetime):
        instant = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_INSTANT_TEXT:
            raise BadValue("时间格式应为带时区的 ISO 格式，如 2026-10-01T09:00:00+08:00")
        try:
            instant = datetime.fromisoformat(text)
        except ValueError as error:
            raise BadValue("时间格式应为带时区的 ISO 格式，如 2026-10-01T09:00:00+08:00") from error
    elif isinstance(value, date):
        raise BadValue("应为带时区的时间（datetime），不接受只有日期的 date")
    else:
        raise BadValue("应为带时区的时间（datetime）或带时区的 ISO 字符串")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise BadValue("时间必须带时区（不接受无时区的 naive datetime）")
    _check_year(instant.year)
    local = instant.astimezone(SHANGHAI)
    _check_year(local.year)
    return local


def to_choice(value: object, choices: tuple[str, ...]) -> str:
    """One of ``choices`` exactly."""
    if type(value) is not str:
        raise BadValue("应为字符串，可选值：" + "、".join(choices))
    if value not in choices:
        raise BadValue("不是可选值之一：" + "、".join(choices))
    return value


def to_text(value: object) -> str:
    """A non-blank string of at most MAX_TEXT_LENGTH characters, surrounding blanks removed."""
    if not isinstance(value, str):
        raise BadValue("应为字符串")
    text = value.strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise BadValue(f"过长（不超过 {MAX_TEXT_LENGTH} 个字符）")
    return text


def to_month(value: object) -> tuple[int, int]:
    """``(year, month)`` from a ``YYYY-MM`` string."""
    if not isinstance(value, str):
        raise BadValue("月份应为 YYYY-MM 字符串")
    match = _MONTH_TEXT.fullmatch(value.strip())
    if not match:
        raise BadValue("月份格式应为 YYYY-MM")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise BadValue("不存在的月份")
    _check_year(year)
    return year, month


def to_month_day(value: object) -> str:
    """A ``MM-DD`` string naming a day that exists in every year (29 February is refused)."""
    if not isinstance(value, str):
        raise BadValue("应为 MM-DD 字符串")
    text = value.strip()
    match = _MONTH_DAY_TEXT.fullmatch(text)
    if not match:
        raise BadValue("格式应为 MM-DD")
    try:
        date(2001, int(match.group(1)), int(match.group(2)))
    except ValueError as error:
        raise BadValue("不存在的日期（不接受 02-29）") from error
    return text
