"""Turning the rules that fired into a :class:`Decision`.

* ``set`` and ``add`` of the fired rules are applied to the values (a value set by a
  higher-priority rule is kept);
* the procedure's ``finish`` computes the values that depend on them;
* the outcome is ``deny`` when a deny rule fired, else the procedure's ``OUTCOME``;
* reasons are the fired rules (not the catch-all), deny reasons first, each in priority
  order, rendered from the rule's Chinese template and suffixed with its policy ID.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from rules.decision import Decision, Reason
from rules.display import display
from rules.errors import RuleEngineError
from rules.params import ParameterSet
from rules.procedures.base import Prepared
from rules.ruledata import FIELD_FROM_FACTS, FIELD_FROM_PARAMS, CompiledPolicy, RuleMeta

_priority = attrgetter("priority")

Finish = Callable[[Prepared, Mapping[str, Any], ParameterSet, Sequence[RuleMeta]], None]


def fired_rules(policy: CompiledPolicy, fired_names: Sequence[str]) -> list[RuleMeta]:
    """Metadata of the fired policy rules in priority order, each once.

    A rule whose ``$or`` branches hold together fires once per branch: repeats are dropped.
    The catch-all matches every message, so a decision where it did not fire lost results.
    """
    rules = policy.rules
    names = dict.fromkeys(fired_names)
    if policy.catch_all not in names:
        raise RuleEngineError(f"{policy.procedure}: the catch-all did not fire")
    try:
        fired = [rules[name] for name in names if name != policy.catch_all]
    except KeyError as error:
        raise RuleEngineError(f"{policy.procedure}: unknown rule {error.args[0]!r} fired") from None
    fired.sort(key=_priority)
    return fired


def apply_rules(fired: Sequence[RuleMeta], values: dict[str, Any], params: ParameterSet) -> None:
    """Apply the ``set`` and ``add`` data of the fired rules to ``values``."""
    decided: set[str] = set()
    for meta in fired:
        for key, value in meta.assigns.items():
            if key not in decided:
                decided.add(key)
                values[key] = params[value["$param"]] if isinstance(value, dict) else value
        for key, codes in meta.appends.items():
            values[key].extend(codes)


def render(meta: RuleMeta, prepared: Prepared, facts: Mapping[str, Any], params: ParameterSet) -> str:
    """The rule's reason with its fields filled in, ending with the policy ID."""
    fields = {}
    extra, values = prepared.extra, prepared.values
    for name, source in meta.fields:
        if source is FIELD_FROM_FACTS:
            value = facts[name]
        elif source is FIELD_FROM_PARAMS:
            value = params[name]
        elif name in extra:
            value = extra[name]
        elif name in values:
            value = values[name]
        else:
            raise RuleEngineError(f"{meta.name}: reason field {name!r} has no value")
        fields[name] = display(value)
    return f"{meta.reason.format_map(fields)}（{meta.policy_id}）"


def assemble(policy: CompiledPolicy, fired_names: Sequence[str], prepared: Prepared,
             facts: Mapping[str, Any], params: ParameterSet, finish: Finish | None) -> Decision:
    """The :class:`Decision` for the rules that fired."""
    fired = fired_rules(policy, fired_names)
    apply_rules(fired, prepared.values, params)
    if finish is not None:
        finish(prepared, facts, params, fired)
    denials = [meta for meta in fired if meta.effect == "deny"]
    ordered = denials + [meta for meta in fired if meta.effect != "deny"] if denials else fired
    return Decision(
        procedure=policy.procedure,
        outcome="deny" if denials else policy.outcome,
        values=prepared.values,
        reasons=tuple([Reason(meta.policy_id, render(meta, prepared, facts, params)) for meta in ordered]),
        params_version=params.version,
    )
