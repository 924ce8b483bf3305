"""What a refused step says, shared by the review queue and every room's case.

A step of a procedure that cannot be taken raises a :class:`Refusal` (each room has its
own subclass); its ``str()`` is the translated message staff read. A step a policy gate
denies names the policies it failed as :class:`DeniedReason`\\ s, in a :class:`GateRefusal`.
"""

from collections.abc import Sequence
from dataclasses import dataclass


class Refusal(Exception):
    """A step refused for a reason the user can act on; ``str()`` says what."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class DeniedReason:
    """One policy a gate found unmet: its ID and the library's reason."""

    policy_id: str
    message: str


class GateRefusal(Refusal):
    """A step a policy gate denies with the facts as they stand.

    ``reasons`` are the policies unmet, ``missing`` their IDs where the gate lists them. A
    room's subclass says what was denied in :attr:`says`, whose ``%(reasons)s`` is filled
    in with each reason's policy ID and message.
    """

    says = "%(reasons)s"

    def __init__(self, reasons: Sequence[DeniedReason], missing: Sequence[str] = ()):
        self.reasons = list(reasons)
        self.missing = list(missing)
        super().__init__(
            self.says % {"reasons": "; ".join(f"{reason.policy_id} {reason.message}" for reason in self.reasons)}
        )
