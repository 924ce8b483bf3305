"""The durable_rules engine, run safely inside a multi-threaded server process.

Design: parameters travel *in the engine message*, not in the rulesets. A rule that depends
on a parameter compares two fields of the same message, e.g.
``{"$gte": {"same_event_complainants": {"$m": "major_complainants"}}}``. So one set of
rulesets serves every parameter set: the rulesets are built once per process (about 1.3 ms
each) and never rebuilt when staff change a fee or a window, and no per-parameter-set cache
of rulesets is needed (``params_version`` still identifies the parameter set of each
decision). :func:`reload_rulesets` can still swap in freshly built rulesets; it frees the
replaced ruleset handles.

Precautions (measured on this engine, see the project's durable-rules notes):

* the C engine has global tables and no locks: every engine call holds ``ENGINE_LOCK``;
* the stock ``Host`` starts two timer threads that race with callers and leak: the private
  :class:`DecisionHost` overrides ``_run`` to start nothing, and no timers are used;
* every live state id (``sid``) costs memory and the 1025th raises ``MemoryError``, and two
  ids may share a 32-bit hash: every decision uses the one fixed id ``SID`` and deletes its
  state in a ``finally``;
* deleting the state of a message that matched no rule double-frees: every ruleset has a
  catch-all rule (checked in :mod:`rules.ruledata`), and the state is never deleted when the
  engine says the message was not handled;
* the stock dispatch stores an action's exception in ``state['exception']`` and carries on:
  the dispatch loop here re-raises it as :class:`rules.errors.RuleEngineError`;
* facts, not events: ``assert_fact`` fires every matching rule, so every applicable reason is
  reported.

Speed: the stock dispatch builds a ``Closure``, serialises the state and reads two clocks for
every fired rule (about 38 µs each). :meth:`DecisionHost.fire` drives the engine's own entry
points directly (``assert_fact`` -> ``start_action_for_state`` ->
``complete_and_start_action`` ... -> ``delete_state``) and runs the rule's named action, which
only records the rule name; values are computed in Python after the engine returns. Messages
are flat, so :func:`encode_message` writes their JSON without ``json.dumps``.

Rule shapes: a rule whose ``$or`` branches hold together fires once per branch (the
assembler keeps one); wide ``$or`` conditions also multiply the engine's work, so the
policy files avoid them where branches can hold together.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Mapping

import durable_rules_engine as native
from durable import engine as durable_engine

from rules.errors import RuleEngineError

SID = "decision"
ENGINE_LOCK = threading.Lock()

Action = Callable[[list, str], None]


def encode_message(message: Mapping[str, object]) -> str:
    """JSON text of a flat engine message (several times faster than ``json.dumps`` here).

    Messages hold identifier keys and bool, int or plain ASCII string values (codes, ISO
    dates); any other value is written by ``json.dumps``.
    """
    parts = []
    for key, value in message.items():
        if value is True:
            text = "true"
        elif value is False:
            text = "false"
        elif type(value) is int:
            text = str(value)
        elif (type(value) is str and value.isascii() and value.isprintable()
              and '"' not in value and "\\" not in value):
            text = f'"{value}"'
        else:
            text = json.dumps(value)
        parts.append(f'"{key}":{text}')
    return "{" + ",".join(parts) + "}"


def collect(fired: list[str], rule_name: str) -> None:
    """The one action every rule runs: record that the rule fired."""
    fired.append(rule_name)


NAMED_ACTIONS: Mapping[str, Action] = {"deny": collect, "note": collect, "catch_all": collect}


class _UnhandledMessage(RuleEngineError):
    """The engine did not handle a message; its state must not be deleted (double free)."""


class DecisionHost(durable_engine.Host):
    """A durable_rules host without background threads that fires rules synchronously.

    Not thread-safe by itself: callers hold :data:`ENGINE_LOCK` (see :func:`fire`).
    """

    def __init__(self, rulesets: Mapping[str, Mapping[str, dict]],
                 actions: Mapping[str, Action] = NAMED_ACTIONS) -> None:
        self._named_actions = dict(actions)
        self._rule_actions: dict[str, dict[str, Action]] = {}
        self._handles: dict[str, int] = {}
        super().__init__()
        for ruleset_name, rules in rulesets.items():
            # durable_rules deletes "run" from the definition it is given: give it a copy.
            self.register_rulesets({ruleset_name: copy.deepcopy(dict(rules))})
            self._rule_actions[ruleset_name] = {
                rule_name: self.get_action(rule["run"]) for rule_name, rule in rules.items()
            }
            self._handles[ruleset_name] = self.get_ruleset(ruleset_name)._handle

    def _run(self) -> None:
        """Start nothing: the stock host's timer threads race with callers and lose results."""

    def get_action(self, action_name: str) -> Action:
        """Resolve a rule's ``run`` name to its action."""
        try:
            return self._named_actions[action_name]
        except KeyError:
            raise RuleEngineError(f"no action named {action_name!r}") from None

    def fire(self, ruleset_name: str, message: dict) -> list[str]:
        """Assert ``message`` as a fact of state id :data:`SID`; return the fired rule names.

        Rules come back in priority order. The state of :data:`SID` is deleted before returning.
        """
        handle = self._handles[ruleset_name]
        actions = self._rule_actions[ruleset_name]
        message["sid"] = SID
        code, state = native.assert_fact(handle, encode_message(message))
        if code != 0:
            raise _UnhandledMessage(f"{ruleset_name}: message not handled (code {code})")
        fired: list[str] = []
        try:
            started = native.start_action_for_state(handle, state)
            pending = started[1] if started else None
            while pending:
                rule_name = pending[2:pending.index('"', 2)]
                try:
                    actions[rule_name](fired, rule_name)
                except BaseException as error:
                    native.abandon_action(handle, state)
                    raise RuleEngineError(f"{ruleset_name}: action of {rule_name!r} failed") from error
                pending = native.complete_and_start_action(handle, state)
        finally:
            native.delete_state(handle, SID)
        return fired

    def free(self) -> None:
        """Release the C rulesets of this host (it must not be used afterwards)."""
        for handle in self._handles.values():
            native.delete_ruleset(handle)
        self._handles.clear()


# --- the process-wide host ---------------------------------------------------------------------

_host: DecisionHost | None = None
_host_builds = 0
_definitions: Callable[[], Mapping[str, Mapping[str, dict]]] | None = None


def configure(definitions: Callable[[], Mapping[str, Mapping[str, dict]]]) -> None:
    """Tell the engine where the rulesets come from (called once by :mod:`rules.api`)."""
    global _definitions
    _definitions = definitions


def _build_locked() -> DecisionHost:
    global _host, _host_builds
    if _definitions is None:
        raise RuleEngineError("rulesets not configured")
    _host = DecisionHost(_definitions())
    _host_builds += 1
    return _host


def fire(ruleset_name: str, message: dict) -> list[str]:
    """Fire ``ruleset_name`` on ``message`` under the engine lock; return fired rule names."""
    global _host
    with ENGINE_LOCK:
        host = _host if _host is not None else _build_locked()
        try:
            return host.fire(ruleset_name, message)
        except _UnhandledMessage:
            _host = None  # leave the suspect host alone (never delete that state); build anew
            raise


def reload_rulesets() -> None:
    """Build fresh rulesets, swap them in under the lock and free the replaced ones."""
    global _host
    with ENGINE_LOCK:
        old = _host
        _build_locked()
        if old is not None:
            old.free()


def host_builds() -> int:
    """How many times the process built its rulesets (for tests: no rebuild per call)."""
    return _host_builds
