"""A goods release pass from the application to the gate (物品放行, GR-1…GR-7).

The case is a small state machine (:data:`TRANSITIONS`)::

    opened ─record_consent─▶ consent_recorded ─record_signatures─▶ signatures_recorded
    opened ─record_signatures─▶ signatures_recorded     (the owner's own goods: no call)
    signatures_recorded ─issue─▶ issued ─(security at the gate)─▶ used
    any open state ─refuse─▶ refused

``used`` is not a transition here: security marks the pass used at the gate
(:func:`portal.documents.services.mark_used`) and the case reads it from its pass.

Each step has the same contract as the review actions of :mod:`portal.casework.review`:

- the acting user must hold :data:`HANDLE_PERMISSION`, else :class:`PermissionDenied`;
- a step the case's state does not allow is refused with :class:`IllegalTransition`;
- issuing asks ``release.pass`` with the facts as they stand — the arrears on the pass
  date from the ledger (GR-4), the consent answer (GR-5), the owner's signature or the
  phone recording (GR-6), the unit's passes issued in the flagging window (GR-3) — and a
  denial is refused with :class:`GateDenied` (its reasons carry the policy IDs); a refusal
  changes nothing;
- the change and its audit event are saved in one transaction, and the applicant is
  emailed once it has committed (:mod:`.notifications`);
- issuing completes the application (``Submission.status`` ``completed``: the service
  centre's part is done, the gate reads the pass) and refusing rejects it with the
  reason, each with its audit event on the application, in the same transaction.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, on_steps
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.refusals import DeniedReason, GateRefusal, Refusal
from portal.casework.review import staff_name
from portal.documents.models import DocumentKind, IssuedDocument
from portal.documents.records import ReleaseItem, ReleasePass
from portal.documents.services import issue_record
from portal.estate.models import HouseholdMember, MemberRole
from portal.policies import adapter, facts

from . import notifications
from .models import CaseState, ConsentAnswer, ReleaseCase

POLICY = "release.pass"
HANDLE_PERMISSION = "releases.handle_releasecase"

# The carriers and purposes of the application (GR-1, GR-3), as the pass prints them.
CARRIER_LABELS = {
    "owner": _("The owner"),
    "tenant": _("The tenant"),
    "family": _("A family member of the owner"),
    "domestic_worker": _("A nanny or domestic worker"),
    "renovation_worker": _("A renovation worker"),
    "company_employee": _("An employee of the company in the unit"),
}
PURPOSE_LABELS = {
    "move_out": _("Moving out"),
    "temporary": _("Carrying out temporarily"),
}


class Action(models.TextChoices):
    RECORD_CONSENT = "record_consent", _("Record the consent call")
    RECORD_SIGNATURES = "record_signatures", _("Record the signatures")
    ISSUE = "issue", _("Issue the pass")
    REFUSE = "refuse", _("Refuse")


S = CaseState
OPEN_STATES = (S.OPENED, S.CONSENT_RECORDED, S.SIGNATURES_RECORDED)

# The state each step leads to, by the state it starts from; a state missing from a
# step's row means the step is refused there. Recording again corrects what was recorded.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.RECORD_CONSENT: {S.OPENED: S.CONSENT_RECORDED, S.CONSENT_RECORDED: S.CONSENT_RECORDED},
    Action.RECORD_SIGNATURES: {
        S.OPENED: S.SIGNATURES_RECORDED,  # only when no consent is needed (checked below)
        S.CONSENT_RECORDED: S.SIGNATURES_RECORDED,
        S.SIGNATURES_RECORDED: S.SIGNATURES_RECORDED,
    },
    Action.ISSUE: {S.SIGNATURES_RECORDED: S.ISSUED},
    Action.REFUSE: {state: S.REFUSED for state in OPEN_STATES},
}

# The audit event's action name for each step.
AUDIT_ACTIONS = {
    Action.RECORD_CONSENT: "consent_recorded",
    Action.RECORD_SIGNATURES: "signatures_recorded",
    Action.ISSUE: "issued",
    Action.REFUSE: "refused",
}


class ReleaseError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(ReleaseError):
    """The step is not allowed from the case's current state."""


class GateDenied(GateRefusal, ReleaseError):
    """``release.pass`` does not allow the pass with the facts as they stand."""

    says = _("The pass cannot be issued: %(reasons)s")


# --- Opening ------------------------------------------------------------------------------


def open_case(submission: Submission, *, by=None) -> ReleaseCase:
    """The case of a ``release-pass`` application, opened (and audited) the first time it is asked for."""
    if submission.procedure != Procedure.RELEASE_PASS:
        raise ValueError(f"{submission.reference} is not a release pass application.")
    with transaction.atomic():
        case, created = ReleaseCase.objects.get_or_create(
            submission=submission, defaults={"consent_from": _consent_from(submission) or ""}
        )
        if created:
            record(case, "opened", actor=by, to_state=case.state, data={"reference": submission.reference})
    return case


def _consent_from(submission: Submission) -> str | None:
    """Whom GR-5 says to phone: from the decision stored with the application, else asked now."""
    values = (submission.decision or {}).get("values") or {}
    if "consent_from" in values:
        return values["consent_from"]
    return adapter.decide(POLICY, gate_facts_for(submission, owner_signed=False, phone_recording=False)).values[
        "consent_from"
    ]


# --- What a user may do ---------------------------------------------------------------------


def may_handle(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(HANDLE_PERMISSION)


def is_allowed(action: str, case: ReleaseCase) -> bool:
    """Is ``action`` allowed for ``case`` as it stands?"""
    if case.stage not in TRANSITIONS[action]:
        return False
    if action == Action.RECORD_CONSENT:
        return case.needs_consent
    if action == Action.RECORD_SIGNATURES and case.stage == S.OPENED:
        return not case.needs_consent
    return True


def available_actions(user, case: ReleaseCase) -> list[str]:
    """The steps ``user`` may take on ``case`` now, in :class:`Action` order."""
    if not may_handle(user):
        return []
    return [action for action in Action if is_allowed(action, case)]


# --- The steps ------------------------------------------------------------------------------


def record_consent(case: ReleaseCase, *, by, answer: str, called_at=None, note: str = "") -> ReleaseCase:
    """Record the consent call (GR-5): when it was made and what the person phoned said."""
    _require_handler(by)
    if answer not in ConsentAnswer.values:
        raise ReleaseError(_("Choose the answer given on the phone."))
    called_at = called_at or timezone.now()
    if called_at > timezone.now() + timedelta(minutes=5):
        raise ReleaseError(_("The call cannot have been made in the future."))
    note = note.strip()
    return LIFECYCLE.perform(case, Action.RECORD_CONSENT, by=by, change=_setting(
        {"consent_called_at": called_at, "consent_answer": answer, "consent_note": note},
        note=note,
        data={"answer": answer, "called_at": called_at.isoformat(), "consent_from": case.consent_from},
    ))


def record_signatures(case: ReleaseCase, *, by, owner_signed: bool, phone_recording_ref: str = "") -> ReleaseCase:
    """Record that the owner signed the pass, or where the phone recording is kept (GR-6)."""
    phone_recording_ref = phone_recording_ref.strip()
    signatures = {"owner_signed": bool(owner_signed), "phone_recording_ref": phone_recording_ref}
    return LIFECYCLE.perform(case, Action.RECORD_SIGNATURES, by=by, change=_setting(signatures, data=signatures))


def refuse(case: ReleaseCase, *, by, reason: str) -> ReleaseCase:
    """Refuse the pass; ``reason`` is required and shown to the applicant."""
    _require_handler(by)
    reason = reason.strip()
    if not reason:
        raise ReleaseError(_("Give the reason for the refusal: the applicant reads it."))
    return LIFECYCLE.perform(case, Action.REFUSE, by=by, change=_setting({"refusal_reason": reason}, note=reason))


def issue(case: ReleaseCase, *, by) -> ReleaseCase:
    """Issue the 《物品放行条》 in two parts with its QR code (GR-7), if ``release.pass`` allows it now."""
    return LIFECYCLE.perform(
        case, Action.ISSUE, by=by, change=lambda locked: (["decision", "document"], "", _issue_pass(locked, by=by))
    )


def _require_handler(user):
    if not may_handle(user):
        raise PermissionDenied(f"{user} may not handle release passes")


def _setting(values: dict, *, note: str = "", data: dict | None = None):
    """The change of a step that only records ``values`` on the case."""

    def change(locked):
        for field, value in values.items():
            setattr(locked, field, value)
        return list(values), note, data

    return change


def _refusal_message(action, case) -> str:
    if action == Action.RECORD_CONSENT and not case.needs_consent and case.stage in OPEN_STATES:
        return _("No consent call is needed: the owner carries their own goods.")
    if action == Action.RECORD_SIGNATURES and case.stage == S.OPENED:
        return _("Record the consent call first.")
    return _("“%(action)s” is not possible for a case that is “%(state)s”.") % {
        "action": Action(action).label,
        "state": case.get_stage_display(),
    }


# How a step is performed: see :mod:`portal.casework.lifecycle`. Issuing completes the
# application and refusing rejects it; the applicant is told of those two steps only.
LIFECYCLE = Lifecycle(
    model=ReleaseCase,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=lambda user, action: may_handle(user),
    is_allowed=is_allowed,
    refusal_message=_refusal_message,
    illegal=IllegalTransition,
    noun="release case",
    lock_related=("submission__unit__building", "document"),
    submission_statuses={S.ISSUED: SubmissionStatus.COMPLETED, S.REFUSED: SubmissionStatus.REJECTED},
    notify=lambda step: notifications.notify_applicant(step.case),
    notifies=on_steps(Action.ISSUE, Action.REFUSE),
)


# --- Issuing --------------------------------------------------------------------------------


def pass_date(submission: Submission) -> date:
    return date.fromisoformat(submission.answers["pass_date"])


def passes_in_window(unit, *, now) -> int:
    """Release passes issued for ``unit`` in the flagging window before ``now`` (GR-3)."""
    window = adapter.parameter_value("release_flag_window_days", timezone.localdate(now))
    return IssuedDocument.objects.filter(
        kind=DocumentKind.RELEASE_PASS, unit=unit, issued_at__gte=now - timedelta(days=window), issued_at__lt=now
    ).count()


def gate_facts_for(submission, *, owner_signed: bool, phone_recording: bool, consent=None, now=None) -> dict:
    """The ``release.pass`` facts of ``submission`` with the desk's facts as given."""
    answers = submission.answers
    return facts.release_pass_facts(
        submission.unit,
        on_date=pass_date(submission),
        carrier=answers["carrier"],
        purpose=answers["purpose"],
        owner_signed=owner_signed,
        phone_recording=phone_recording,
        passes_last_7_days=passes_in_window(submission.unit, now=now or timezone.now()),
        consent=consent,
    )


def gate_facts(case: ReleaseCase, *, now=None) -> dict:
    """The facts ``release.pass`` decides the pass on, as the case and the ledger stand."""
    return gate_facts_for(
        case.submission,
        owner_signed=case.owner_signed,
        phone_recording=bool(case.phone_recording_ref),
        consent=case.consent_answer or None if case.needs_consent else None,
        now=now,
    )


def check_gate(case: ReleaseCase):
    """``release.pass`` for ``case`` now; :class:`GateDenied` unless it allows the pass."""
    decision = adapter.decide(POLICY, gate_facts(case), on_date=adapter.today())
    if decision.outcome != "allow":
        raise GateDenied([DeniedReason(reason.policy_id, reason.message) for reason in decision.reasons])
    return decision


def _issue_pass(case: ReleaseCase, *, by) -> dict:
    decision = check_gate(case)
    case.decision = adapter.snapshot(decision)
    submission = case.submission
    case.document = issue_record(release_pass_record(case, handler=staff_name(by)), unit=submission.unit,
                                 target=case, by=by)
    return {"number": case.document.number, "outcome": decision.outcome, "flagged": decision.values["flagged"]}


def release_pass_record(case: ReleaseCase, *, handler: str = "") -> ReleasePass:
    """The 《物品放行条》 of ``case`` as printed, in the site's language."""
    submission = case.submission
    answers = submission.answers
    with translation.override(settings.LANGUAGE_CODE):
        return ReleasePass(
            unit=str(submission.unit),
            carrier=f"{answers['carrier_name']} {answers.get('carrier_id_number') or ''}".strip(),
            carrier_relation=str(CARRIER_LABELS.get(answers["carrier"], answers["carrier"])),
            items=[ReleaseItem(name=row["item"], quantity=int(row["quantity"])) for row in answers["items"]],
            purpose=str(PURPOSE_LABELS.get(answers["purpose"], answers["purpose"])),
            date=pass_date(submission),
            consent_contact=consent_contact(case),
            consent_called_at=case.consent_called_at,
            consent_answer=case.get_consent_answer_display() if case.consent_answer else "",
            handler=handler,
            recording_reference="" if case.owner_signed else case.phone_recording_ref,
        )


def consent_contact(case: ReleaseCase) -> str:
    """Who was phoned for consent (GR-5): the unit's owner from the register, or the person
    the application named for a company or a renovation."""
    if not case.needs_consent:
        return ""
    answers = case.submission.answers
    if case.consent_from != "owner":
        return f"{answers.get('consent_name', '')} {answers.get('consent_phone', '')}".strip()
    owner = (
        HouseholdMember.objects.filter(
            household__unit=case.submission.unit,
            household__ended_on__isnull=True,
            role=MemberRole.OWNER,
            ended_on__isnull=True,
        )
        .select_related("person")
        .first()
    )
    return f"{owner.person.name} {owner.person.mobile}".strip() if owner else str(case.get_consent_from_display())
