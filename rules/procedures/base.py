"""What a procedure's Python module provides, and small shared calculations.

A procedure module (``rules/procedures/<procedure>.py``) holds the code the rule data
cannot: normalising facts into an engine message and computing values.

``check(facts) -> dict``  optional: cross-fact errors (name -> Chinese message)
``prepare(facts, params) -> Prepared``  the engine message (flags, ints, ISO strings only;
                          money comparisons become flags here) and the values known before
                          the rules run
``finish(prepared, facts, params, fired) -> None``  optional: values that depend on the rules
                          that fired (``fired``: their metadata in priority order)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rules.ruledata import RuleMeta

Facts = Mapping[str, Any]
"""Validated facts: every declared fact, omitted optional ones as ``False`` / ``None``."""


@dataclass(slots=True)
class Prepared:
    """A decision in progress.

    ``message``: the engine message. ``values``: the decision's values so far.
    ``extra``: fields only the reason templates use.
    """

    message: dict[str, Any]
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


def denied_policy_ids(fired: Sequence[RuleMeta]) -> list[str]:
    """Policy IDs of the deny rules that fired, first occurrence order, without repeats."""
    return list(dict.fromkeys(meta.policy_id for meta in fired if meta.effect == "deny"))


def in_code_order(codes: Iterable[str], order: Sequence[str]) -> list[str]:
    """``codes`` without repeats, in the order of ``order``."""
    chosen = set(codes)
    return [code for code in order if code in chosen]
