"""``decide()``: the one entry point of the policy library (contract: DECISIONS.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from rules import engine
from rules.assemble import Finish, assemble
from rules.decision import Decision
from rules.errors import FactsError, UnknownProcedure
from rules.facts import validate
from rules.params import resolve_params
from rules.policies import COMPILED, engine_rulesets
from rules.procedures import PROCEDURE_MODULES
from rules.procedures.base import Prepared
from rules.ruledata import CompiledPolicy

engine.configure(engine_rulesets)


@dataclass(frozen=True, slots=True)
class _Procedure:
    """Everything :func:`decide` needs about one procedure, looked up once at import."""

    policy: CompiledPolicy
    module: ModuleType
    check: Callable[[Mapping[str, Any]], dict[str, str]] | None
    prepare: Callable[..., Prepared]
    finish: Finish | None


def _procedure(name: str, policy: CompiledPolicy) -> _Procedure:
    module = PROCEDURE_MODULES[name]
    return _Procedure(policy, module, getattr(module, "check", None), module.prepare,
                      getattr(module, "finish", None))


_PROCEDURES: dict[str, _Procedure] = {name: _procedure(name, policy) for name, policy in COMPILED.items()}

PROCEDURES: tuple[str, ...] = tuple(_PROCEDURES)
"""Every procedure name, in the order of the DECISIONS.md table."""


def decide(procedure: str, facts: Mapping[str, Any], *, params: Mapping[str, Any] | None = None
           ) -> Decision:
    """Decide ``procedure`` for ``facts`` under ``params`` (``None``: the defaults).

    Pure and thread-safe: the same arguments always give the same :class:`Decision`.
    Raises :class:`UnknownProcedure`, :class:`ParamsError` or :class:`FactsError` for bad input.
    """
    try:
        entry = _PROCEDURES[procedure]
    except (KeyError, TypeError):
        raise UnknownProcedure(procedure) from None
    parameter_set = resolve_params(params)
    clean, errors = validate(entry.policy.facts, facts)
    if entry.check is not None and "facts" not in errors:
        errors.update(entry.check(clean))
    if errors:
        raise FactsError(errors)
    prepared = entry.prepare(clean, parameter_set)
    prepared.message["procedure"] = procedure
    fired = engine.fire(entry.policy.ruleset_name, prepared.message)
    return assemble(entry.policy, fired, prepared, clean, parameter_set, entry.finish)
