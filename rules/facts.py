"""Fact schemas and their validation.

A procedure's facts are declared as data in its policy file (``FACTS``), e.g.::

    "area_m2": {"kind": "money", "positive": True},
    "owner_consent": {"kind": "bool", "optional": True},

Kinds: ``money`` (also areas), ``int``, ``bool``, ``date``, ``datetime``, ``choice``,
``text``, ``month``. Options: ``optional``; ``choices`` (choice); ``min``/``max`` (int);
``positive`` (money); ``min_year`` (date).

:func:`validate` turns a caller's mapping into clean Python values and the errors of the
bad ones, so that :class:`rules.FactsError` can name every bad fact at once. Omitted
optional facts become ``False`` (bool) or ``None``; ``None`` and blank strings count as
omitted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from rules import coerce

MISSING = "缺少必填项"
UNKNOWN = "未知的事实名称"
UNREADABLE = "无法识别的取值"

_OPTIONS = {"kind", "optional", "choices", "min", "max", "positive", "min_year"}


@dataclass(frozen=True, slots=True)
class FactSpec:
    """One fact of a procedure: how to convert it and what an omitted value means."""

    name: str
    kind: str
    optional: bool
    convert: Callable[[object], Any]
    omitted: Any


def _converter(kind: str, options: Mapping[str, Any]) -> Callable[[object], Any]:
    if kind == "money":
        return partial(coerce.to_money, positive=bool(options.get("positive", False)))
    if kind == "int":
        return partial(coerce.to_int, minimum=int(options.get("min", 0)),
                       maximum=int(options.get("max", coerce.MAX_INT)))
    if kind == "bool":
        return coerce.to_bool
    if kind == "date":
        return partial(coerce.to_date, min_year=int(options.get("min_year", coerce.MIN_YEAR)))
    if kind == "datetime":
        return coerce.to_instant
    if kind == "choice":
        return partial(coerce.to_choice, choices=tuple(options["choices"]))
    if kind == "text":
        return coerce.to_text
    if kind == "month":
        return coerce.to_month
    raise ValueError(f"unknown fact kind {kind!r}")


class FactSchema(dict):
    """A procedure's facts: name -> :class:`FactSpec`, plus what :func:`validate` iterates."""

    def __init__(self, specs: Mapping[str, FactSpec]) -> None:
        super().__init__(specs)
        self.names = frozenset(specs)
        self.entries = tuple((name, spec.convert, spec.optional, spec.omitted) for name, spec in specs.items())


def compile_facts(declared: Mapping[str, Mapping[str, Any]]) -> FactSchema:
    """Build the :class:`FactSchema` of a policy file's ``FACTS`` data."""
    specs = {}
    for name, options in declared.items():
        unknown = set(options) - _OPTIONS
        if unknown:
            raise ValueError(f"fact {name!r}: unknown options {sorted(unknown)}")
        kind = options["kind"]
        specs[name] = FactSpec(
            name=name,
            kind=kind,
            optional=bool(options.get("optional", False)),
            convert=_converter(kind, options),
            omitted=False if kind == "bool" else None,
        )
    return FactSchema(specs)


def validate(schema: FactSchema, facts: object) -> tuple[dict[str, Any], dict[str, str]]:
    """``(clean values, errors)``: a clean value for every declared fact that is good.

    ``errors`` maps each bad fact name (or ``"facts"``) to a Chinese message; the caller adds
    cross-fact errors and raises :class:`FactsError` once, so every bad fact is reported.
    """
    if type(facts) is not dict and not isinstance(facts, Mapping):
        return {}, {"facts": "事实数据应为映射（dict），键为事实名称"}
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    try:
        if not facts.keys() <= schema.names:
            for name in facts:
                if type(name) is not str or name not in schema.names:
                    errors[name if type(name) is str else repr(name)] = UNKNOWN
        for name, convert, optional, omitted in schema.entries:
            value = facts.get(name)
            if value is None or (type(value) is str and not value.strip()):
                if optional:
                    clean[name] = omitted
                else:
                    errors[name] = MISSING
                continue
            try:
                clean[name] = convert(value)
            except coerce.BadValue as error:
                errors[name] = str(error)
            except Exception:  # an odd object (raising __eq__, broken tzinfo, ...) is still bad input
                errors[name] = UNREADABLE
    except Exception:  # a mapping that cannot be read
        return {}, {"facts": "事实数据无法读取"}
    return clean, errors
