"""What a refused step says, shared by the review queue and every room's case.

A step of a procedure that cannot be taken raises a :class:`Refusal` (each room has its
own subclass); its ``str()`` is the translated message staff read. A step a policy gate
denies names the policies it failed as :class:`DeniedReason`\\ s.
"""

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
