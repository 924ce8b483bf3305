"""The result of :func:`rules.decide`: :class:`Decision` and its :class:`Reason` entries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Outcome = Literal["allow", "deny", "info"]


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that fired: the policy it enforces (e.g. ``"RN-17"``) and a Chinese message."""

    policy_id: str
    message: str


@dataclass(frozen=True, slots=True)
class Decision:
    """What a procedure allows, costs or when things are due.

    * ``outcome`` is ``"allow"``, ``"deny"`` or ``"info"`` (a computation).
    * ``values`` holds the computed values named in DECISIONS.md (money as ``Decimal``
      quantised to 0.01, days as ``date``, instants as aware ``datetime`` in Asia/Shanghai).
      It is a new dict for every decision.
    * ``reasons`` lists every rule that fired, reasons for a deny first; a deny has at least one.
    * ``params_version`` identifies the effective parameter set.
    """

    procedure: str
    outcome: Outcome
    values: dict[str, Any]
    reasons: tuple[Reason, ...]
    params_version: str
