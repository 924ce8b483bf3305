"""Errors raised by :func:`rules.decide`.

Contract (DECISIONS.md, "Bad input"):

* an unknown procedure name raises :class:`UnknownProcedure` (a ``LookupError``);
* bad facts raise :class:`FactsError` and bad parameters raise :class:`ParamsError`
  (both ``ValueError``); ``.errors`` maps every bad name to a Chinese message, all at once;
* :class:`RuleEngineError` means the rules engine itself misbehaved. It is never caused by
  facts or parameters (those are refused before the engine runs).
"""

from __future__ import annotations

from collections.abc import Mapping


class UnknownProcedure(LookupError):
    """The procedure name is not one of :data:`rules.PROCEDURES`."""

    def __init__(self, procedure: object) -> None:
        self.procedure = procedure
        super().__init__(f"未知的办理流程：{procedure!r}")


class _NamedErrors(ValueError):
    """A ``ValueError`` carrying ``errors``: name -> Chinese message, every bad name at once."""

    title = "输入有误"
    shown = 20  # names spelled out in the exception text; ``errors`` always holds them all

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        items = list(self.errors.items())
        summary = "；".join(f"{name}：{message}" for name, message in items[:self.shown])
        if len(items) > self.shown:
            summary += f"；等共 {len(items)} 项"
        super().__init__(f"{self.title}：{summary}")


class FactsError(_NamedErrors):
    """Facts that are missing, unknown, of the wrong type or out of range."""

    title = "事实数据有误"


class ParamsError(_NamedErrors):
    """Parameter overrides that are unknown, of the wrong type or out of range."""

    title = "政策参数有误"


class RuleEngineError(RuntimeError):
    """The rules engine returned something impossible (never caused by the caller's input)."""
