"""Reading a policy file: the rules in durable_rules' own ruleset form, plus their policy data.

A policy file (``rules/policies/<procedure>.py``) holds Python literals only:

``PROCEDURE``  the public procedure name, e.g. ``"renovation.refund"``
``OUTCOME``    ``"allow"`` (deny rules may turn it into ``"deny"``) or ``"info"``
``FACTS``      the fact schema (see :mod:`rules.facts`)
``RULES``      rule name -> rule

Each rule is a durable_rules rule (``"all": [{"m": <condition>}]``, ``"pri"``, ``"run"``)
with the library's keys beside it; those are stripped before the ruleset is registered:

``policy``  the policy ID the rule enforces (POLICIES.md)
``reason``  Chinese message template; ``{name}`` is filled from the fact ``name`` if the
            procedure has one, else the parameter ``name`` if there is one, else the
            procedure's extra field or the decision's value ``name``
``set``     values the rule decides (``{"$param": name}`` takes a parameter); when several
            fired rules set the same value, the one with the highest priority (lowest pri) wins
``add``     codes the rule adds to list values (kept in the procedure's code order)

``run`` names the action: ``deny`` (the rule refuses), ``note`` (the rule explains or
computes), ``catch_all`` (the lowest-priority rule that matches every message of the
procedure, required by the engine; it gives no reason). Engine precautions enforced here:
one message condition per rule (no joins), no ``$nex`` (field-absent) conditions, exactly one
catch-all of strictly lowest priority matching ``{"procedure": PROCEDURE}``.
"""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from rules.facts import FactSchema, compile_facts
from rules.params import PARAMETERS

FIELD_FROM_FACTS, FIELD_FROM_PARAMS, FIELD_FROM_VALUES = "fact", "param", "value"

EFFECTS = ("deny", "note", "catch_all")
ENGINE_KEYS = frozenset({"all", "any", "pri", "run"})
LIBRARY_KEYS = frozenset({"policy", "reason", "set", "add"})
POLICY_ID = re.compile(r"[A-Z]{2}-\d{1,2}")
OPERATORS = frozenset({"$and", "$or", "$gt", "$gte", "$lt", "$lte", "$neq", "$ex", "$m"})


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What the library needs to know about one rule besides its engine conditions."""

    name: str
    effect: str
    priority: int
    policy_id: str | None
    reason: str | None
    fields: tuple[tuple[str, str], ...]
    assigns: Mapping[str, Any]
    appends: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    """A policy file checked and split into engine rules and rule metadata."""

    procedure: str
    ruleset_name: str
    outcome: str
    facts: FactSchema
    rules: Mapping[str, RuleMeta]
    engine_rules: Mapping[str, dict]
    catch_all: str
    data: Mapping[str, Any] = field(default_factory=dict)


def conditions_of(rule: Mapping[str, Any]) -> list:
    """The list under the rule's ``all`` or ``any`` key."""
    return rule.get("all", rule.get("any"))


def walk_condition(condition: Any) -> Iterator[tuple[str, Any]]:
    """Every ``(key, value)`` pair in a condition tree, depth first."""
    if isinstance(condition, Mapping):
        for key, value in condition.items():
            yield key, value
            yield from walk_condition(value)
    elif isinstance(condition, list):
        for item in condition:
            yield from walk_condition(item)


def _template_fields(template: str, facts: FactSchema) -> tuple[tuple[str, str], ...]:
    """``(field name, where its value comes from)`` for every ``{field}`` of a reason."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is not None:
            if not name.isidentifier() or spec or conversion:
                raise ValueError(f"reason field {name!r}: plain {{name}} fields only")
            names.append(name)
    return tuple(
        (name, FIELD_FROM_FACTS if name in facts else FIELD_FROM_PARAMS if name in PARAMETERS
         else FIELD_FROM_VALUES)
        for name in dict.fromkeys(names))


def _check_condition(procedure: str, rule_name: str, rule: Mapping[str, Any]) -> None:
    where = f"{procedure} rule {rule_name!r}"
    keys = [key for key in ("all", "any") if key in rule]
    if len(keys) != 1:
        raise ValueError(f"{where}: needs exactly one of 'all' / 'any'")
    terms = rule[keys[0]]
    if not isinstance(terms, list) or len(terms) != 1:
        raise ValueError(f"{where}: exactly one message condition (no joins)")
    (term,) = terms
    if not isinstance(term, Mapping) or list(term) != ["m"]:
        raise ValueError(f"{where}: the condition must be {{'m': ...}}")
    for key, _ in walk_condition(term["m"]):
        if key.startswith("$") and key not in OPERATORS:
            raise ValueError(f"{where}: operator {key} is not allowed (field-absent conditions spin)")


def compile_policy(module: ModuleType) -> CompiledPolicy:
    """Check a policy module and split it. Raises ``ValueError`` on any malformed rule."""
    procedure: str = module.PROCEDURE
    outcome: str = module.OUTCOME
    if outcome not in ("allow", "info"):
        raise ValueError(f"{procedure}: OUTCOME must be 'allow' or 'info'")
    facts = compile_facts(module.FACTS)
    rules: dict[str, RuleMeta] = {}
    engine_rules: dict[str, dict] = {}
    for name, rule in module.RULES.items():
        where = f"{procedure} rule {name!r}"
        unknown = set(rule) - ENGINE_KEYS - LIBRARY_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        _check_condition(procedure, name, rule)
        effect = rule.get("run")
        if effect not in EFFECTS:
            raise ValueError(f"{where}: run must be one of {EFFECTS}")
        priority = rule.get("pri")
        if type(priority) is not int:
            raise ValueError(f"{where}: pri must be an int")
        if effect == "deny" and outcome != "allow":
            raise ValueError(f"{where}: an 'info' procedure cannot deny")
        policy_id = rule.get("policy")
        reason = rule.get("reason")
        if effect == "catch_all":
            if policy_id or reason or "set" in rule or "add" in rule:
                raise ValueError(f"{where}: the catch-all gives no reason and sets nothing")
            if conditions_of(rule) != [{"m": {"procedure": procedure}}]:
                raise ValueError(f"{where}: the catch-all must match {{'procedure': {procedure!r}}}")
        else:
            if not isinstance(policy_id, str) or not POLICY_ID.fullmatch(policy_id):
                raise ValueError(f"{where}: policy must be a policy ID such as 'RN-17'")
            if not isinstance(reason, str) or not reason.strip():
                raise ValueError(f"{where}: a Chinese reason is required")
        rules[name] = RuleMeta(
            name=name,
            effect=effect,
            priority=priority,
            policy_id=policy_id,
            reason=reason,
            fields=_template_fields(reason, facts) if reason else (),
            assigns=dict(rule.get("set", {})),
            appends={key: tuple(codes) for key, codes in rule.get("add", {}).items()},
        )
        engine_rules[name] = copy.deepcopy({key: rule[key] for key in rule if key in ENGINE_KEYS})
    catch_alls = [meta for meta in rules.values() if meta.effect == "catch_all"]
    if len(catch_alls) != 1:
        raise ValueError(f"{procedure}: exactly one catch_all rule is required")
    (catch_all,) = catch_alls
    if any(meta.priority >= catch_all.priority for meta in rules.values() if meta is not catch_all):
        raise ValueError(f"{procedure}: the catch-all must have the strictly lowest priority")
    data = {name: getattr(module, name) for name in dir(module)
            if name.isupper() and name not in ("PROCEDURE", "OUTCOME", "FACTS", "RULES")}
    return CompiledPolicy(
        procedure=procedure,
        ruleset_name=module.__name__.rsplit(".", 1)[-1],
        outcome=outcome,
        facts=facts,
        rules=rules,
        engine_rules=engine_rules,
        catch_all=catch_all.name,
        data=data,
    )
