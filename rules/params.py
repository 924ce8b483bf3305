"""Policy parameters: every number the procedures state or an office would set.

Each :class:`Parameter` has a name (the library's own, used in ``decide(..., params=...)``),
a Chinese label, a unit, a kind, a default, an allowed range and the policy ID it serves,
so that the portal can build an editing form from :data:`PARAMETERS`.

Kinds and accepted override values:

``money``      ``Decimal``, ``int`` or a decimal string; never float, never negative (元)
``int``        ``int`` only (not ``bool``), within ``minimum..maximum``
``fraction``   ``Decimal``, ``int`` or a decimal string within 0..1, kept to 0.0001
``month_day``  ``"MM-DD"`` (29 February refused)
``date_list``  list/tuple/set of ``date`` or ``"YYYY-MM-DD"`` (no ``datetime``), years 2000–2100

Bad overrides (unknown name, wrong type, out of range, inconsistent windows or calendar
days) raise :class:`rules.ParamsError` listing every bad name at once.

The renovation fee amounts (RN-9) are not stated by the procedures: the defaults below are
sensible sample figures in the style of a published fee standard (公开收费标准), to be replaced
by each project's own standard. They differ by property type (an office deposit is higher).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

from rules import coerce
from rules.errors import ParamsError
from rules.money import MAX_AMOUNT
from rules.workdays import WorkingCalendar

MAX_CALENDAR_DAYS = 1000
_BASIS = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Parameter:
    """Description of one policy parameter (enough to build a form field)."""

    name: str
    label: str
    unit: str
    kind: str
    default: Any
    policy_id: str
    minimum: Any = None
    maximum: Any = None
    note: str = ""


def _money(name: str, label: str, default: str, policy_id: str, note: str = "") -> Parameter:
    return Parameter(name, label, "元", "money", Decimal(default), policy_id,
                     Decimal("0.00"), MAX_AMOUNT, note)


def _int(name: str, label: str, unit: str, default: int, policy_id: str,
         minimum: int, maximum: int, note: str = "") -> Parameter:
    return Parameter(name, label, unit, "int", default, policy_id, minimum, maximum, note)


_SAMPLE_FEE = "示例收费标准，请按本项目公示的收费标准修改"

_PARAMETER_LIST: tuple[Parameter, ...] = (
    # 一、办理入伙
    _int("move_in_prepaid_months", "预收物业管理费月数", "个月", 3, "MI-2", 1, 24),
    _money("move_in_office_electricity_float", "写字楼电费流转金", "1000.00", "MI-3"),
    _money("move_in_business_apartment_water_float", "商务公寓水费流转金", "200.00", "MI-3"),
    # 二、装修管理 — fee standard (sample figures, see module docstring)
    _money("renovation_deposit_residential", "住宅装修押金", "2000.00", "RN-9", _SAMPLE_FEE),
    _money("renovation_deposit_business_apartment", "商务公寓装修押金", "3000.00", "RN-9", _SAMPLE_FEE),
    _money("renovation_deposit_office", "写字楼装修押金", "10000.00", "RN-9", _SAMPLE_FEE),
    _money("renovation_debris_removal_residential", "住宅装修垃圾清运费", "300.00", "RN-9", _SAMPLE_FEE),
    _money("renovation_debris_removal_business_apartment", "商务公寓装修垃圾清运费", "400.00", "RN-9",
           _SAMPLE_FEE),
    _money("renovation_debris_removal_office", "写字楼装修垃圾清运费", "800.00", "RN-9", _SAMPLE_FEE),
    Parameter("renovation_worker_pass_unit_price", "施工人员出入证工本费", "元/证", "money",
              Decimal("20.00"), "RN-9", Decimal("0.00"), MAX_AMOUNT, _SAMPLE_FEE),
    _money("renovation_ac_modification_fee_office", "写字楼空调改动费", "500.00", "RN-9", _SAMPLE_FEE),
    _money("renovation_fire_water_drain_fee_office", "写字楼消防放水费", "300.00", "RN-9", _SAMPLE_FEE),
    _money("renovation_fire_water_drain_fee_business_apartment", "商务公寓消防放水费", "200.00", "RN-9",
           _SAMPLE_FEE),
    _money("renovation_fire_linkage_fee_office", "写字楼消防联动费", "500.00", "RN-9", _SAMPLE_FEE),
    _int("renovation_approval_working_days", "装修申请审批时限", "个工作日", 3, "RN-10", 1, 30),
    _int("renovation_refund_months", "装修押金退还等待期（住宅、商务公寓）", "个月", 3, "RN-17", 1, 24),
    _int("renovation_office_refund_days", "写字楼装修押金退还等待期", "天", 15, "RN-17", 1, 365),
    # 四、物品放行
    _int("release_flag_threshold", "临时放行频次提醒阈值（统计期内已开张数）", "张", 3, "GR-3", 1, 100),
    _int("release_flag_window_days", "临时放行频次统计期", "天", 7, "GR-3", 1, 90),
    # 六、客户需求、建议受理
    _int("request_forward_minutes", "需求转报相关部门时限", "分钟", 10, "RQ-1", 1, 1440),
    _int("request_reply_days", "需求、建议回复时限", "天", 1, "RQ-3", 1, 30),
    # 七、投诉受理
    _int("complaint_major_complainants", "重大投诉：同一事件投诉客户数", "位", 5, "CP-2", 2, 1000),
    _int("complaint_major_unresolved_days", "重大投诉：有效投诉未合理解决天数", "天", 7, "CP-2", 1, 365),
    _int("complaint_forward_minutes", "首问责任人转报时限", "分钟", 10, "CP-5", 1, 1440),
    _int("complaint_minor_hours", "轻微投诉处理时限", "小时", 12, "CP-6", 1, 720),
    _int("complaint_important_hours", "重要投诉处理时限", "小时", 24, "CP-6", 1, 720),
    _int("complaint_major_reply_hours", "重大投诉明确答复时限", "小时", 48, "CP-6", 1, 720),
    _int("complaint_major_resolve_days", "重大投诉解决时限", "天", 15, "CP-6", 1, 365),
    _int("complaint_follow_up_hours", "投诉处理完毕后回访时限", "小时", 24, "CP-8", 1, 720),
    # 九、客户访问
    _int("visits_monthly_quota", "客户助理每月访问户数", "户", 10, "VS-2", 1, 1000),
    # 十、日常巡查
    _int("inspection_forward_minutes", "巡查问题转报时限", "分钟", 30, "IN-3", 1, 1440),
    _int("inspection_verify_days", "巡查问题现场核实时限", "天", 1, "IN-3", 1, 30),
    # 十一、书面意见调查
    Parameter("survey_summer_start", "年中意见调查开始日", "月-日", "month_day", "07-01", "SV-1"),
    Parameter("survey_summer_end", "年中意见调查结束日", "月-日", "month_day", "07-15", "SV-1"),
    Parameter("survey_winter_start", "年初意见调查开始日", "月-日", "month_day", "01-15", "SV-1"),
    Parameter("survey_winter_end", "年初意见调查结束日", "月-日", "month_day", "01-30", "SV-1"),
    Parameter("survey_distribution_target", "调查表发放率目标", "比例", "fraction",
              Decimal("0.6000"), "SV-2", Decimal("0"), Decimal("1")),
    Parameter("survey_return_target", "调查表回收率目标", "比例", "fraction",
              Decimal("0.5000"), "SV-2", Decimal("0"), Decimal("1")),
    # 十四、办理车位租用 / 十七、停车场停车位办理
    _int("parking_spaces_per_household", "每户可租车位数", "个", 1, "PK-1", 1, 10),
    # 十六、房屋动态管理
    _int("status_census_day", "每月房屋动态普查截止日", "日", 30, "ST-2", 1, 31,
         "该月没有这一天时（如二月）取该月最后一天"),
    _int("status_report_day", "次月《月度物业动态信息表》截止日", "日", 3, "ST-2", 1, 28),
    # 工作日历（RN-10 等以工作日计的时限）
    Parameter("calendar_extra_closures", "本项目额外休息日", "日期", "date_list", (), "RN-10",
              note="法定节假日和调休由国务院通知确定，这里只填本项目另行安排的休息日"),
    Parameter("calendar_extra_working_days", "本项目额外工作日", "日期", "date_list", (), "RN-10",
              note="本项目另行安排上班的日子"),
)

PARAMETERS: Mapping[str, Parameter] = MappingProxyType({p.name: p for p in _PARAMETER_LIST})
"""Every parameter by name, in form order."""

DEFAULT_PARAMS: Mapping[str, Any] = MappingProxyType({p.name: p.default for p in _PARAMETER_LIST})
"""The default value of every parameter."""


# --- conversion of one override -------------------------------------------------------------

def _convert_money(parameter: Parameter, value: object) -> Decimal:
    return coerce.to_money(value)


def _convert_int(parameter: Parameter, value: object) -> int:
    return coerce.to_int(value, parameter.minimum, parameter.maximum)


def _convert_fraction(parameter: Parameter, value: object) -> Decimal:
    fraction = coerce.to_decimal(value, what="比例")
    if fraction > 1:
        raise coerce.BadValue("比例须在 0–1 之间")
    return fraction.quantize(_BASIS, rounding=ROUND_HALF_UP)


def _convert_month_day(parameter: Parameter, value: object) -> str:
    return coerce.to_month_day(value)


def _convert_date_list(parameter: Parameter, value: object) -> tuple[date, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
        raise coerce.BadValue("应为日期列表（date 或 YYYY-MM-DD 字符串）")
    if len(value) > MAX_CALENDAR_DAYS:
        raise coerce.BadValue(f"最多 {MAX_CALENDAR_DAYS} 个日期")
    days = set()
    for item in value:
        try:
            days.add(coerce.to_date(item))
        except coerce.BadValue as error:
            raise coerce.BadValue(f"{item!r}：{error}") from error
    return tuple(sorted(days))


_CONVERTERS: dict[str, Callable[[Parameter, object], Any]] = {
    "money": _convert_money,
    "int": _convert_int,
    "fraction": _convert_fraction,
    "month_day": _convert_month_day,
    "date_list": _convert_date_list,
}


def _canonical(kind: str, value: Any) -> Any:
    """JSON-friendly canonical form of an effective value (for the version hash)."""
    if kind in ("money", "fraction"):
        return str(value)
    if kind == "date_list":
        return [day.isoformat() for day in value]
    return value


# --- the effective parameter set -------------------------------------------------------------

class ParameterSet(Mapping[str, Any]):
    """The effective parameters of a decision: defaults overlaid with valid overrides.

    ``version`` is a short stable hash of all effective values: equal sets give equal
    versions whatever the overrides looked like (``{"x": 3}`` and ``{"x": "3"}`` for money).
    """

    __slots__ = ("_values", "version", "_calendar")

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)
        canonical = [[name, _canonical(PARAMETERS[name].kind, self._values[name])]
                     for name in sorted(self._values)]
        digest = hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode("utf-8"))
        self.version: str = digest.hexdigest()[:12]
        self._calendar: WorkingCalendar | None = None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"ParameterSet(version={self.version!r})"

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar with this set's extra closures and working days."""
        if self._calendar is None:
            self._calendar = WorkingCalendar(self._values["calendar_extra_closures"],
                                             self._values["calendar_extra_working_days"])
        return self._calendar


def _check_survey_windows(values: Mapping[str, Any], errors: dict[str, str]) -> None:
    """Each survey window within one year (start <= end), and the two windows apart."""
    names = ("survey_summer_start", "survey_summer_end", "survey_winter_start", "survey_winter_end")
    if any(name in errors for name in names):
        return
    windows = []
    for season in ("summer", "winter"):
        start, end = values[f"survey_{season}_start"], values[f"survey_{season}_end"]
        if start > end:
            errors[f"survey_{season}_end"] = "调查结束日不能早于开始日（同一年内）"
            return
        windows.append((start, end))
    (_, first_end), (second_start, _) = sorted(windows)
    if second_start <= first_end:
        errors["survey_winter_start"] = "两个调查期不能重叠"


def _check_calendar_days(values: Mapping[str, Any], errors: dict[str, str]) -> None:
    """No day both an extra closure and an extra working day."""
    closures, openings = "calendar_extra_closures", "calendar_extra_working_days"
    if closures in errors or openings in errors:
        return
    both = set(values[closures]) & set(values[openings])
    if both:
        listed = "、".join(day.isoformat() for day in sorted(both)[:5])
        errors[openings] = f"同一天不能既是额外休息日又是额外工作日：{listed}"


def validate_params(overrides: object) -> ParameterSet:
    """Validate ``overrides`` (a mapping of parameter name -> value) against :data:`PARAMETERS`.

    Raises :class:`ParamsError` with every bad name at once.
    """
    if not isinstance(overrides, Mapping):
        raise ParamsError({"params": "参数应为映射（dict），键为参数名"})
    values = dict(DEFAULT_PARAMS)
    errors: dict[str, str] = {}
    try:
        items = list(overrides.items())
    except Exception:
        raise ParamsError({"params": "参数无法读取"}) from None
    for name, value in items:
        parameter = PARAMETERS.get(name) if type(name) is str else None
        if parameter is None:
            errors[name if type(name) is str else repr(name)] = "未知的参数名称"
            continue
        try:
            values[name] = _CONVERTERS[parameter.kind](parameter, value)
        except coerce.BadValue as error:
            errors[name] = str(error)
        except Exception:  # any other failure of an odd value is still the caller's bad value
            errors[name] = "无法识别的取值"
    _check_survey_windows(values, errors)
    _check_calendar_days(values, errors)
    if errors:
        raise ParamsError(errors)
    return ParameterSet(values)


# --- resolution with a small cache of validated sets ------------------------------------------

_CACHE_SIZE = 32
_cache: OrderedDict[Any, ParameterSet] = OrderedDict()
_cache_lock = threading.Lock()
_default_set: ParameterSet | None = None


def _frozen(value: object) -> Any:
    """A hashable key for ``value`` that keeps its type (``1`` and ``True`` differ)."""
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_frozen(item) for item in value))
    if isinstance(value, (set, frozenset)):
        return (type(value), frozenset(_frozen(item) for item in value))
    hash(value)
    return (type(value), value)


def default_params() -> ParameterSet:
    """The parameter set made of the defaults only."""
    global _default_set
    if _default_set is None:
        _default_set = ParameterSet(DEFAULT_PARAMS)
    return _default_set


def resolve_params(overrides: Mapping[str, Any] | None) -> ParameterSet:
    """The effective :class:`ParameterSet` for ``overrides`` (``None`` = the defaults).

    Validated sets are kept in a small LRU cache keyed by the overrides themselves, so a
    server passing the same overrides on every call validates them once.
    """
    if overrides is None:
        return default_params()
    try:
        key = tuple(sorted((name, _frozen(value)) for name, value in overrides.items()))
    except Exception:  # unhashable, unsortable or not a mapping: validate without caching
        return validate_params(overrides)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    parameter_set = validate_params(overrides)
    with _cache_lock:
        _cache[key] = parameter_set
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return parameter_set
