"""Performing one step of a case's lifecycle, the same way in every room.

A room describes its case once, as a :class:`Lifecycle` (the model, the ``TRANSITIONS``
table, the audit name of each step, who may take it, how a step the state does not allow
is refused, what the application reads at each state, whom to tell), and each of its steps
is then one call::

    LIFECYCLE.perform(case, Action.REFUSE, by=user, change=change)

The contract of :meth:`Lifecycle.perform`, in order:

1. ``by`` must be allowed the step, else :class:`~django.core.exceptions.PermissionDenied`;
2. in one transaction, the case row is locked (with its related rows read alongside);
3. a step the case's state does not allow raises the room's illegal-step refusal, and
   nothing is written;
4. ``change(locked)`` applies the step's own rules and returns a :class:`Change`, or raises
   the room's :class:`~portal.casework.refusals.Refusal`, which rolls back whatever it wrote;
5. the case moves to its new state (the table's, or the one the change decided), is saved,
   and an audit event records the step with its from- and to-state;
6. the application (:class:`~portal.casework.models.Submission`) follows the case
   (:func:`follow_case`), and the room's notification is sent once the transaction commits.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from portal.audit.services import record

from .models import Submission, SubmissionStatus

# An application the review queue has not decided yet: only these are approved by their case.
UNDER_REVIEW = (SubmissionStatus.SUBMITTED, SubmissionStatus.INFO_REQUESTED, SubmissionStatus.IN_PROGRESS)


class Change(NamedTuple):
    """What a step's ``change`` did to the locked case.

    ``fields`` are the model fields it set (saved with the state); ``note`` is the why of
    the audit event (and of the application's status); ``data`` goes into the audit event.
    ``to_state`` is for the step whose outcome decides where the case goes (an eligibility
    check that refuses); otherwise the ``TRANSITIONS`` table does. Any ``(fields, note,
    data)`` tuple will do.
    """

    fields: Sequence[str]
    note: str = ""
    data: dict | None = None
    to_state: str | None = None


@dataclass(frozen=True)
class Step:
    """A step as it was taken: what the notification rules are asked about."""

    case: models.Model
    action: str
    from_state: str
    to_state: str
    by: Any
    note: str = ""

    @property
    def changed_state(self) -> bool:
        return self.from_state != self.to_state


# When to tell the applicant (:attr:`Lifecycle.notifies`).


def on_every_step(step: Step) -> bool:
    return True


def on_state_change(step: Step) -> bool:
    return step.changed_state


def on_steps(*actions: str) -> Callable[[Step], bool]:
    """Tell the applicant after these steps only."""
    return lambda step: step.action in actions


def not_possible(message, labels: Mapping[str, str], *, shown_state: str = "get_state_display"):
    """The usual refusal of a step the state does not allow: ``message`` (with ``%(action)s``
    and ``%(state)s``) filled in with the step's label and the state as the case shows it."""

    def refusal_message(action: str, case) -> str:
        return message % {"action": labels[action], "state": getattr(case, shown_state)()}

    return refusal_message


@dataclass(frozen=True)
class Lifecycle:
    """How the cases of one room move: everything :meth:`perform` needs to know about them."""

    model: type[models.Model]
    # The state each step leads to, by the state it starts from.
    transitions: Mapping[str, Mapping[str, str]]
    # The audit event's action name for each step.
    audit_actions: Mapping[str, str]
    # ``may(user, action)``: is the user allowed the step?
    may: Callable[[Any, str], bool]
    # ``is_allowed(action, case)``: does the case, as it stands, allow the step?
    is_allowed: Callable[[str, models.Model], bool]
    # ``refusal_message(action, case)``: why the state does not allow it, raised as ``illegal``.
    refusal_message: Callable[[str, models.Model], str]
    illegal: type[Exception]
    # How the case is named to whoever is denied a step ("move-in case").
    noun: str
    # Related rows read with the locked case (only the case row itself is locked).
    lock_related: tuple[str, ...] = ()
    # Whether the case records who handled it last (a ``handled_by`` field).
    records_handler: bool = True
    # Fields saved with every step besides the state and the change's own.
    saved_with: tuple[str, ...] = ("updated_at",)
    # A step that ends in one of these states is audited under this name, whatever the step.
    audited_by_end_state: Mapping[str, str] = field(default_factory=dict)
    # What the application reads once the case reaches these states (:func:`follow_case`).
    submission_statuses: Mapping[str, str] = field(default_factory=dict)
    # Whether the application follows only a step that changed the state.
    submission_on_state_change_only: bool = False
    # Whether the step's note becomes the application's status note.
    submission_note: bool = True
    # Whether the case approves only an application still under review.
    approves_under_review_only: bool = False
    # Extra audit data on the application's event, from the case.
    submission_data: Callable[[models.Model], dict] | None = None
    # ``notify(step)`` once the step has committed, when ``notifies(step)``.
    notify: Callable[[Step], None] | None = None
    notifies: Callable[[Step], bool] = on_every_step
    # Hand back the caller's case refreshed (True) or the locked case with its related rows.
    refresh_caller: bool = True

    def perform(self, case, action: str, *, by, change: Callable[[models.Model], tuple],
                after: Callable[[models.Model], None] | None = None):
        """Take ``action`` on ``case`` for ``by`` as the module docstring describes.

        ``after(locked)`` runs in the same transaction once the step is saved and the
        application has followed, before the notification is queued.
        """
        if not self.may(by, action):
            raise PermissionDenied(f"{by} may not {action} {self.noun} {case.pk}")
        with transaction.atomic():
            # Lock the case row alone: PostgreSQL cannot lock the nullable side of the joins.
            locked = self.model.objects.select_for_update(of=("self",)).select_related(
                *self.lock_related
            ).get(pk=case.pk)
            from_state = locked.state
            if not self.is_allowed(action, locked):
                raise self.illegal(self.refusal_message(action, locked))
            fields, note, data, to_state = Change(*change(locked))
            locked.state = to_state or self.transitions[action][from_state]
            saved = ["state", *self.saved_with, *fields]
            if self.records_handler:
                locked.handled_by = by
                saved.insert(1, "handled_by")
            locked.save(update_fields=saved)
            audit_action = self.audited_by_end_state.get(locked.state) or self.audit_actions[action]
            record(locked, audit_action, actor=by, from_state=from_state, to_state=locked.state, note=note,
                   data=data)
            step = Step(locked, action, from_state, locked.state, by, note)
            if step.changed_state or not self.submission_on_state_change_only:
                self.follow(locked, by=by, note=note)
            if after is not None:
                after(locked)
            if self.notify is not None and self.notifies(step):
                transaction.on_commit(lambda: self.notify(step))
        if not self.refresh_caller:
            return locked
        case.refresh_from_db()
        return case

    def follow(self, case, *, by, note: str = "") -> None:
        """The case's application reads as the case now stands (:attr:`submission_statuses`)."""
        follow_case(
            getattr(case, "submission", None),
            self.submission_statuses.get(case.state),
            by=by,
            note=note,
            writes_note=self.submission_note,
            under_review_only=self.approves_under_review_only,
            data=self.submission_data(case) if self.submission_data else None,
        )


def follow_case(submission: Submission | None, status: str | None, *, by, note: str = "",
                writes_note: bool = True, under_review_only: bool = False, data: dict | None = None) -> bool:
    """Move ``submission`` to ``status`` as its case now stands, audited on the application
    like a review; return whether it moved.

    Nothing happens without an application or a status, or when it already reads so.
    ``note`` (when given and ``writes_note``) becomes the status note the owner reads;
    with ``under_review_only`` the case approves only an application still under review,
    never one already decided or withdrawn.
    """
    if submission is None or status is None or submission.status == status:
        return False
    if under_review_only and status == SubmissionStatus.APPROVED and submission.status not in UNDER_REVIEW:
        return False
    from_status = submission.status
    submission.status = status
    saved = ["status"]
    if writes_note:
        if note:
            submission.status_note = note
        saved.append("status_note")
    submission.save(update_fields=saved)
    record(submission, str(status), actor=by, from_state=from_status, to_state=status, note=note, data=data)
    return True
