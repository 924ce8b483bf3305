"""A renovation from the complete application to the deposit refund (装修管理, RN-1…RN-20).

The case is a small state machine (:data:`TRANSITIONS`)::

    submitted ─mark_complete─▶ complete ─approve─▶ approved ─record_fees─▶ fees_collected
      ─confirm_protection─▶ protection_confirmed ─issue_permit─▶ in_progress
      ─accept_completion─▶ accepted ─(refundable_from)─▶ refundable ─settle_refund─▶ settled
    submitted, complete ─refuse─▶ refused

While the works are in progress, patrols, fines, their sign-off, hot-work permits and a
failed acceptance's defects are recorded without changing the state. ``refundable`` is
not a transition: the case reads it from ``refundable_from`` (RN-17).

Each step has the contract of :mod:`portal.casework.lifecycle`:

- the acting user must hold the step's permission (:data:`PERMISSIONS`: only the project
  manager approves, refuses and signs fines; engineering confirms the site protection;
  the cashier records the fees …), else :class:`PermissionDenied`;
- a step the case's state does not allow is refused with :class:`IllegalTransition`;
- a step the procedures do not allow with the facts as they stand (documents missing,
  the refund asked before its day) is refused with :class:`GateDenied`, whose reasons
  carry the policy IDs; a refusal changes nothing;
- the change, its ledger entries and its audit event are saved in one transaction; the
  application (``Submission.status``) follows — approved, rejected, completed — and the
  applicant is emailed once it has committed (:mod:`.notifications`).

The policy library is asked only through :mod:`portal.policies.adapter`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.lifecycle import Lifecycle, follow_case, not_possible, on_state_change
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.casework.refusals import DeniedReason, GateRefusal, Refusal
from portal.casework.review import staff_name
from portal.documents.records import ConstructionPermitWithWorkers, Deduction, DepositRefundMemo, WorkerPassLine
from portal.documents.services import issue_record
from portal.estate.ledger import arrears
from portal.estate.models import LedgerCategory, LedgerEntry, LedgerKind, OccupancyStatus
from portal.organisation.groups import ASSISTANT, ENGINEERING, PROJECT_MANAGER, SECURITY, SUPERVISOR
from portal.policies import adapter, facts
from portal.policies.labels import DOCUMENT_LABELS, FEE_LABELS, PLEDGE_LABELS, label_of

from . import notifications
from .models import CaseState, Department, Fine, HotWorkPermit, Patrol, RenovationCase, Violation, Worker

DOCUMENTS, FEES, APPROVAL_DUE, REFUND = (
    "renovation.documents", "renovation.fees", "renovation.approval_due", "renovation.refund",
)
ZERO = Decimal("0.00")
APPROVAL_SUFFIX = "_approval"


class Action(models.TextChoices):
    MARK_COMPLETE = "mark_complete", _("Confirm the application is complete")
    APPROVE = "approve", _("Approve the renovation")
    REFUSE = "refuse", _("Refuse the renovation")
    RECORD_FEES = "record_fees", _("Record the fees paid")
    CONFIRM_PROTECTION = "confirm_protection", _("Confirm the site protection")
    ISSUE_PERMIT = "issue_permit", _("Issue the construction permit")
    RECORD_PATROL = "record_patrol", _("Record a patrol")
    RECORD_FINE = "record_fine", _("Record a fine")
    SIGN_FINE = "sign_fine", _("Sign off a fine")
    GRANT_HOT_WORK = "grant_hot_work", _("Grant a hot-work permit")
    RECORD_DEFECTS = "record_defects", _("Record defects found at acceptance")
    ACCEPT_COMPLETION = "accept_completion", _("Accept the completed works")
    SETTLE_REFUND = "settle_refund", _("Settle the deposit refund")


S = CaseState
WORKS = (S.IN_PROGRESS,)

# The state each step leads to, by the state it starts from; a state missing from a
# step's row means the step is refused there. Steps during the works keep the state.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.MARK_COMPLETE: {S.SUBMITTED: S.COMPLETE},
    Action.APPROVE: {S.COMPLETE: S.APPROVED},
    Action.REFUSE: {S.SUBMITTED: S.REFUSED, S.COMPLETE: S.REFUSED},
    Action.RECORD_FEES: {S.APPROVED: S.FEES_COLLECTED},
    Action.CONFIRM_PROTECTION: {S.FEES_COLLECTED: S.PROTECTION_CONFIRMED},
    Action.ISSUE_PERMIT: {S.PROTECTION_CONFIRMED: S.IN_PROGRESS},
    Action.RECORD_PATROL: {S.IN_PROGRESS: S.IN_PROGRESS},
    Action.RECORD_FINE: {S.IN_PROGRESS: S.IN_PROGRESS, S.ACCEPTED: S.ACCEPTED},
    Action.SIGN_FINE: {S.IN_PROGRESS: S.IN_PROGRESS, S.ACCEPTED: S.ACCEPTED},
    Action.GRANT_HOT_WORK: {S.IN_PROGRESS: S.IN_PROGRESS},
    Action.RECORD_DEFECTS: {S.IN_PROGRESS: S.IN_PROGRESS},
    Action.ACCEPT_COMPLETION: {S.IN_PROGRESS: S.ACCEPTED},
    Action.SETTLE_REFUND: {S.ACCEPTED: S.SETTLED},
}

APPROVE_PERMISSION = "casework.approve_renovation"
HANDLE_PERMISSION = "renovations.handle_renovationcase"
VIEW_PERMISSION = "renovations.view_renovationcase"

# Who may take each step (the groups holding them: portal.organisation.groups).
PERMISSIONS = {
    Action.MARK_COMPLETE: HANDLE_PERMISSION,
    Action.APPROVE: APPROVE_PERMISSION,  # RN-10: the project manager signs
    Action.REFUSE: APPROVE_PERMISSION,
    Action.RECORD_FEES: "renovations.record_renovation_fees",  # RN-9: the cashier
    Action.CONFIRM_PROTECTION: "renovations.confirm_site_protection",  # RN-11: engineering
    Action.ISSUE_PERMIT: HANDLE_PERMISSION,
    Action.RECORD_PATROL: "renovations.record_renovation_patrol",  # RN-13
    Action.RECORD_FINE: "renovations.record_renovation_patrol",  # RN-14
    Action.SIGN_FINE: APPROVE_PERMISSION,  # RN-14: the project manager signs
    Action.GRANT_HOT_WORK: "renovations.grant_hot_work",  # RN-15
    Action.RECORD_DEFECTS: "renovations.accept_renovation_completion",  # RN-16
    Action.ACCEPT_COMPLETION: "renovations.accept_renovation_completion",
    Action.SETTLE_REFUND: "renovations.settle_deposit_refund",  # RN-18, RN-20
}

# The audit event's action name for each step.
AUDIT_ACTIONS = {
    Action.MARK_COMPLETE: "completed_application",
    Action.APPROVE: "approved",
    Action.REFUSE: "refused",
    Action.RECORD_FEES: "fees_recorded",
    Action.CONFIRM_PROTECTION: "protection_confirmed",
    Action.ISSUE_PERMIT: "permit_issued",
    Action.RECORD_PATROL: "patrol_recorded",
    Action.RECORD_FINE: "fine_recorded",
    Action.SIGN_FINE: "fine_signed",
    Action.GRANT_HOT_WORK: "hot_work_granted",
    Action.RECORD_DEFECTS: "defects_recorded",
    Action.ACCEPT_COMPLETION: "completion_accepted",
    Action.SETTLE_REFUND: "refund_settled",
}

# The application's status, as the owner reads it on /my/, once the case reaches a state.
SUBMISSION_STATUSES = {
    S.APPROVED: SubmissionStatus.APPROVED,
    S.REFUSED: SubmissionStatus.REJECTED,
    S.SETTLED: SubmissionStatus.COMPLETED,
}

# The department a member of staff patrols for, by their group (RN-13).
DEPARTMENTS_BY_GROUP = {
    ASSISTANT: Department.SERVICE,
    SUPERVISOR: Department.SERVICE,
    PROJECT_MANAGER: Department.SERVICE,
    ENGINEERING: Department.ENGINEERING,
    SECURITY: Department.SECURITY,
}


class RenovationError(Refusal):
    """A step refused for a reason staff can act on; ``str()`` says what."""


class IllegalTransition(RenovationError):
    """The step is not allowed from the case's current state."""


class GateDenied(GateRefusal, RenovationError):
    """The procedures do not allow the step with the facts as they stand."""

    says = _("Not possible yet: %(reasons)s")


def in_site_language():
    """Records and ledger lines are written in the estate's language, whoever acts."""
    return translation.override(settings.LANGUAGE_CODE)


# --- Opening and linking ------------------------------------------------------------------


def open_case(submission: Submission, *, by=None) -> RenovationCase:
    """The case of a ``renovation`` application, opened (and audited) the first time it is asked for."""
    if submission.procedure != Procedure.RENOVATION:
        raise ValueError(f"{submission.reference} is not a renovation application.")
    with transaction.atomic():
        case, created = RenovationCase.objects.get_or_create(submission=submission)
        if created:
            record(case, "opened", actor=by, to_state=case.state, data={"reference": submission.reference})
    return case


def case_for(submission: Submission) -> RenovationCase | None:
    """The open renovation case a ``renovation-acceptance`` or ``deposit-refund`` request is
    about: the one its ``renovation`` answer names, else the unit's latest open case."""
    reference = (submission.answers or {}).get("renovation")
    cases = RenovationCase.objects.select_related("submission")
    if reference:
        case = cases.filter(submission__reference=reference).first()
        if case is not None:
            return case
    if submission.unit_id is None:
        return None
    return (
        cases.filter(submission__unit=submission.unit)
        .exclude(state__in=(S.SETTLED, S.REFUSED))
        .order_by("-opened_at", "-id")
        .first()
    )


LINK_FIELDS = {
    Procedure.RENOVATION_ACCEPTANCE: "acceptance_submission",
    Procedure.DEPOSIT_REFUND: "refund_submission",
}


def link_request(submission: Submission, *, by=None) -> RenovationCase | None:
    """Attach a completion acceptance or deposit refund request to its renovation's case."""
    field = LINK_FIELDS.get(submission.procedure)
    case = case_for(submission) if field else None
    if case is None:
        return None
    with transaction.atomic():
        locked = RenovationCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
        setattr(locked, field, submission)
        locked.save(update_fields=[field, "updated_at"])
        record(locked, "request_linked", actor=by, from_state=locked.state, to_state=locked.state,
               data={"reference": submission.reference, "procedure": submission.procedure})
    return locked


# --- What a user may do ---------------------------------------------------------------------


def may(user, action: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERMISSIONS[action]))


def may_view(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW_PERMISSION))


def is_allowed(action: str, case: RenovationCase) -> bool:
    """Is ``action`` allowed for ``case`` as it stands (whoever asks)?"""
    if case.state not in TRANSITIONS[action]:
        return False
    if action == Action.SIGN_FINE:
        return case.fines.filter(signed_at__isnull=True).exists()
    return True


def available_actions(user, case: RenovationCase) -> list[str]:
    """The steps ``user`` may take on ``case`` now, in :class:`Action` order."""
    return [action for action in Action if may(user, action) and is_allowed(action, case)]


# How a step is performed: see :mod:`portal.casework.lifecycle`. The application follows,
# and the applicant is told, only when a step changes the state.
LIFECYCLE = Lifecycle(
    model=RenovationCase,
    transitions=TRANSITIONS,
    audit_actions=AUDIT_ACTIONS,
    may=may,
    is_allowed=is_allowed,
    refusal_message=not_possible(
        _("“%(action)s” is not possible for a renovation that is “%(state)s”."), dict(Action.choices),
        shown_state="get_stage_display",
    ),
    illegal=IllegalTransition,
    noun="renovation case",
    lock_related=("submission__applicant", "submission__unit__building", "approved_by", "acceptance_submission",
                  "refund_submission"),
    submission_statuses=SUBMISSION_STATUSES,
    submission_on_state_change_only=True,
    approves_under_review_only=True,
    notify=lambda step: notifications.notify_applicant(step.case),
    notifies=on_state_change,
)


# --- RN-2…RN-7, RN-10: the application complete, the clock started ---------------------------


def documents_decision(case: RenovationCase):
    """``renovation.documents`` for the application's answers (RN-2…RN-7)."""
    answers = case.answers
    return adapter.decide(
        DOCUMENTS,
        facts.renovation_documents_facts(
            case.submission.unit,
            applicant=answers.get("role") or "owner",
            self_renovation=answers.get("works_by") == "self",
            tenant_is_company=bool(answers.get("tenant_is_company")),
            commercial_or_key_site=bool(answers.get("commercial_or_key_site")),
            fire_filing=bool(answers.get("fire_filing")),
            structural_change=bool(answers.get("structural_change")),
            gas_change=bool(answers.get("gas_change")),
        ),
    )


def missing_documents(case: RenovationCase) -> list[DeniedReason]:
    """What the application still lacks: documents, government approvals, signed pledges."""
    values = documents_decision(case).values
    handed_in = set(case.submission.files.values_list("code", flat=True))
    signed = set((case.answers.get("signed_pledges") or {}).keys())
    missing = []
    for code in values["required_documents"]:
        if code not in handed_in:
            missing.append(DeniedReason("RN-2", gettext("Missing document: %(name)s") % {
                "name": label_of(DOCUMENT_LABELS, code)}))
    for code in values["government_approvals"]:
        if f"{code}{APPROVAL_SUFFIX}" not in handed_in:
            missing.append(DeniedReason("RN-7", gettext("Missing government approval: %(code)s") % {"code": code}))
    for code in values["required_pledges"]:
        if code not in signed:
            missing.append(DeniedReason("RN-6", gettext("Not signed: %(name)s") % {
                "name": label_of(PLEDGE_LABELS, code)}))
    return missing


def mark_complete(case: RenovationCase, *, by, note: str = "") -> RenovationCase:
    """The desk confirms the application is complete: the approval clock starts and the day
    it is due (``renovation.approval_due``, RN-10) is stored on the case and its application."""

    def change(locked):
        missing = missing_documents(locked)
        if missing:
            raise GateDenied(missing)
        now = timezone.now()
        decision = adapter.decide(APPROVAL_DUE, {"complete_at": now})
        locked.complete_at = now
        locked.approval_due = decision.values["due"]
        submission = locked.submission
        submission.due_at = _end_of_day(locked.approval_due)
        submission.save(update_fields=["due_at"])
        return ["complete_at", "approval_due"], note, {"approval_due": locked.approval_due.isoformat()}

    return LIFECYCLE.perform(case, Action.MARK_COMPLETE, by=by, change=change)


# --- RN-10: the project manager's decision --------------------------------------------------


def approve(case: RenovationCase, *, by, note: str = "") -> RenovationCase:
    """The project manager approves the renovation (RN-10)."""

    def change(locked):
        locked.approved_at = timezone.now()
        locked.approved_by = by
        return ["approved_at", "approved_by"], note.strip(), None

    return LIFECYCLE.perform(case, Action.APPROVE, by=by, change=change)


def refuse(case: RenovationCase, *, by, reason: str) -> RenovationCase:
    """The project manager refuses the renovation; ``reason`` is required and the applicant reads it."""
    reason = reason.strip()

    def change(locked):
        if not reason:
            raise RenovationError(_("Give the reason for the refusal: the applicant reads it."))
        locked.refusal_reason = reason
        return ["refusal_reason"], reason, None

    return LIFECYCLE.perform(case, Action.REFUSE, by=by, change=change)


# --- RN-9: the fees -----------------------------------------------------------------------


def fees_decision(case: RenovationCase):
    """``renovation.fees`` of the fee standard in force today for the application's answers (RN-9)."""
    answers = case.answers
    return adapter.decide(
        FEES,
        facts.renovation_fees_facts(
            case.submission.unit,
            worker_passes=int(answers.get("worker_passes") or 0),
            fire_system_modified=bool(answers.get("fire_system_modified")),
        ),
    )


def record_fees(case: RenovationCase, *, by, receipt_number: str, amount: Decimal) -> RenovationCase:
    """The cashier records the fees paid in full (RN-9): the deposit goes to the unit's
    ledger as a deposit held, every other item as a renovation fee charged and paid."""
    receipt_number = receipt_number.strip()

    def change(locked):
        if not receipt_number:
            raise RenovationError(_("Enter the receipt number."))
        decision = fees_decision(locked)
        total = decision.values["total"]
        if Decimal(amount) != total:
            raise RenovationError(
                _("The fees are collected in full: ¥%(total)s, not ¥%(amount)s (RN-9).")
                % {"total": total, "amount": amount}
            )
        today = adapter.today()
        unit = locked.submission.unit
        deposit = ZERO
        for item in decision.values["items"]:
            with in_site_language():
                    description = gettext("%(item)s, renovation %(reference)s, receipt %(receipt)s") % {
                    "item": label_of(FEE_LABELS, item["code"]),
                    "reference": locked.submission.reference,
                    "receipt": receipt_number,
                }
            common = {"unit": unit, "amount": item["amount"], "entry_date": today, "description": description[:200],
                      "recorded_by": by}
            if item["code"] == "deposit":
                deposit += item["amount"]
                LedgerEntry.objects.create(kind=LedgerKind.PAYMENT, category=LedgerCategory.DEPOSIT, **common)
            else:
                LedgerEntry.objects.create(kind=LedgerKind.CHARGE, category=LedgerCategory.RENOVATION_FEE,
                                           due_on=today, **common)
                LedgerEntry.objects.create(kind=LedgerKind.PAYMENT, category=LedgerCategory.RENOVATION_FEE, **common)
        locked.fees = adapter.snapshot(decision)
        locked.deposit = deposit
        locked.receipt_number = receipt_number
        return ["fees", "deposit", "receipt_number"], "", {"total": str(total), "receipt": receipt_number}

    return LIFECYCLE.perform(case, Action.RECORD_FEES, by=by, change=change)


# --- RN-11, RN-12: site protection, permit and worker passes ---------------------------------


def confirm_protection(case: RenovationCase, *, by, note: str = "") -> RenovationCase:
    """Engineering confirms the public areas are protected before the permit is issued (RN-11)."""

    def change(locked):
        locked.protection_confirmed_at = timezone.now()
        locked.protection_confirmed_by = by
        locked.protection_note = note.strip()
        return ["protection_confirmed_at", "protection_confirmed_by", "protection_note"], note.strip(), None

    return LIFECYCLE.perform(case, Action.CONFIRM_PROTECTION, by=by, change=change)


@dataclass(frozen=True)
class WorkerDetails:
    name: str
    id_number: str
    phone: str = ""


def parse_workers(text: str) -> list[WorkerDetails]:
    """Workers typed one a line: ``name, ID number, phone`` (commas, Chinese commas or spaces)."""
    workers = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("，", ",").replace(",", " ").split()
        if not parts:
            continue
        if len(parts) < 2:
            raise RenovationError(
                _("Line %(line)s: give the worker's name and ID number, and the phone if known.") % {"line": number}
            )
        workers.append(WorkerDetails(name=parts[0], id_number=parts[1], phone=" ".join(parts[2:])))
    return workers


def issue_permit(case: RenovationCase, *, by, workers: Sequence[WorkerDetails] = ()) -> RenovationCase:
    """Issue the 《施工许可证》 with the responsible person and phone (RN-12) and a pass for
    each worker (《装修工人出入证办理表》); the unit is ``renovating`` during the works."""
    workers = list(workers)

    def change(locked):
        paid = int(locked.answers.get("worker_passes") or 0)
        if len(workers) > paid:
            raise RenovationError(
                _("%(paid)s worker passes were paid for; %(asked)s workers were listed (RN-9, RN-12).")
                % {"paid": paid, "asked": len(workers)}
            )
        if len({worker.id_number for worker in workers}) != len(workers):
            raise RenovationError(_("A worker is listed twice."))
        submission = locked.submission
        permit = permit_record(locked, workers)
        locked.permit = issue_record(permit, unit=submission.unit, target=locked, by=by)
        for index, worker in enumerate(workers, start=1):
            Worker.objects.create(case=locked, pass_number=f"{locked.permit.number}-{index:02d}", name=worker.name,
                                  id_number=worker.id_number, phone=worker.phone)
        unit = submission.unit
        locked.unit_status_before = unit.status
        if unit.status != OccupancyStatus.RENOVATING:
            with in_site_language():
                note = gettext("Renovation %(reference)s") % {"reference": submission.reference}
            unit.change_status(OccupancyStatus.RENOVATING, by=by, note=note)
        return ["permit", "unit_status_before"], "", {"number": locked.permit.number, "workers": len(workers)}

    return LIFECYCLE.perform(case, Action.ISSUE_PERMIT, by=by, change=change)


def permit_record(case: RenovationCase, workers: Sequence[WorkerDetails] = ()) -> ConstructionPermitWithWorkers:
    """The 《施工许可证》 of ``case`` as printed, in the site's language."""
    answers = case.answers
    with in_site_language():
        contractor = answers.get("contractor") or gettext("Self-renovation")
        return ConstructionPermitWithWorkers(
            unit=str(case.submission.unit),
            owner=case.submission.applicant.name,
            contractor=contractor,
            responsible_person=answers.get("responsible_person", ""),
            responsible_phone=answers.get("responsible_phone", ""),
            start=date.fromisoformat(answers["starts_on"]),
            end=date.fromisoformat(answers["ends_on"]),
            approved_by=staff_name(case.approved_by),
            issued_on=adapter.today(),
            workers=tuple(WorkerPassLine(w.name, w.id_number, w.phone) for w in workers),
        )


# --- RN-13…RN-15: during the works ------------------------------------------------------------


def department_of(user) -> str | None:
    for name in user.groups.values_list("name", flat=True):
        if name in DEPARTMENTS_BY_GROUP:
            return DEPARTMENTS_BY_GROUP[name]
    return None


def record_patrol(
    case: RenovationCase,
    *,
    by,
    findings: str = "",
    violation: str = Violation.NONE,
    rectification: str = "",
    department: str | None = None,
    owner_called_at: datetime | None = None,
    contractor_called_at: datetime | None = None,
    owner_signed: bool = False,
    contractor_signed: bool = False,
    patrolled_at: datetime | None = None,
) -> Patrol:
    """Record a daily patrol (RN-13). A minor violation is corrected with a warning; a
    serious one gets a rectification notice: the owner phoned first, then the contractor,
    and both sign the written record."""
    department = department or department_of(by) or Department.SERVICE
    if violation not in Violation.values:
        raise RenovationError(_("Choose what the patrol found."))
    if department not in Department.values:
        raise RenovationError(_("Choose the department that patrolled."))
    findings, rectification = findings.strip(), rectification.strip()
    created = {}

    def change(locked):
        if violation != Violation.NONE and not findings:
            raise RenovationError(_("Describe the violation found."))
        if violation == Violation.SERIOUS:
            if not rectification:
                raise RenovationError(_("Say what must be rectified: it goes on the rectification notice."))
            if owner_called_at is None or contractor_called_at is None:
                raise RenovationError(_("Phone the owner first, then the contractor, and record both calls (RN-13)."))
            if owner_called_at > contractor_called_at:
                raise RenovationError(_("The owner is phoned before the contractor (RN-13)."))
            if not (owner_signed and contractor_signed):
                raise RenovationError(_("The owner and the contractor both sign the rectification notice (RN-13)."))
        keeps_calls = violation == Violation.SERIOUS
        created["patrol"] = Patrol.objects.create(
            case=locked,
            department=department,
            patrolled_at=patrolled_at or timezone.now(),
            patrolled_by=by,
            findings=findings,
            violation=violation,
            rectification=rectification,
            owner_called_at=owner_called_at if keeps_calls else None,
            contractor_called_at=contractor_called_at if keeps_calls else None,
            owner_signed=keeps_calls and owner_signed,
            contractor_signed=keeps_calls and contractor_signed,
        )
        return [], findings, {"patrol": created["patrol"].pk, "department": department, "violation": violation}

    LIFECYCLE.perform(case, Action.RECORD_PATROL, by=by, change=change)
    return created["patrol"]


def patrols_missing_today(case: RenovationCase, *, today: date | None = None) -> list[str]:
    """The departments that have not yet patrolled ``case`` today (RN-13: each patrols daily)."""
    if case.state != S.IN_PROGRESS:
        return []
    today = today or adapter.today()
    done = {
        patrol.department
        for patrol in case.patrols.all()
        if timezone.localdate(patrol.patrolled_at) == today
    }
    return [department for department in Department.values if department not in done]


def record_fine(case: RenovationCase, *, by, amount: Decimal, reason: str, patrol: Patrol | None = None) -> Fine:
    """Record a fine under the agreement (RN-14); it counts once the project manager signs it."""
    reason = reason.strip()
    created = {}

    def change(locked):
        if Decimal(amount) <= 0:
            raise RenovationError(_("A fine is more than ¥0.00."))
        if not reason:
            raise RenovationError(_("Give the reason for the fine."))
        if patrol is not None and patrol.case_id != locked.pk:
            raise RenovationError(_("That patrol is of another renovation."))
        created["fine"] = Fine.objects.create(case=locked, patrol=patrol, amount=Decimal(amount), reason=reason,
                                              recorded_by=by)
        return [], reason, {"fine": created["fine"].pk, "amount": str(amount)}

    LIFECYCLE.perform(case, Action.RECORD_FINE, by=by, change=change)
    return created["fine"]


def sign_fine(fine: Fine, *, by) -> Fine:
    """The project manager signs the fine (RN-14): it is charged to the unit's ledger, due
    today, and the refund deducts it if it is still unpaid then (RN-20)."""

    def change(locked):
        current = Fine.objects.select_for_update().get(pk=fine.pk)
        if current.case_id != locked.pk:
            raise RenovationError(_("That fine is of another renovation."))
        if current.is_signed:
            raise IllegalTransition(_("This fine is already signed off."))
        today = adapter.today()
        with in_site_language():
            description = gettext("Renovation fine %(reference)s: %(reason)s") % {
                "reference": locked.submission.reference, "reason": current.reason}
        current.ledger_entry = LedgerEntry.objects.create(
            unit=locked.submission.unit,
            kind=LedgerKind.CHARGE,
            category=LedgerCategory.FINE,
            amount=current.amount,
            entry_date=today,
            due_on=today,
            description=description[:200],
            recorded_by=by,
        )
        current.signed_at = timezone.now()
        current.signed_by = by
        current.save(update_fields=["ledger_entry", "signed_at", "signed_by"])
        return [], "", {"fine": current.pk, "amount": str(current.amount)}

    case = RenovationCase.objects.get(pk=fine.case_id)
    LIFECYCLE.perform(case, Action.SIGN_FINE, by=by, change=change)
    fine.refresh_from_db()
    return fine


def grant_hot_work(
    case: RenovationCase, *, by, work: str, location: str, starts_at: datetime, ends_at: datetime, fire_watch: str
) -> HotWorkPermit:
    """Grant written consent to hot work for a stated time and place (RN-15)."""
    created = {}

    def change(locked):
        if not (work.strip() and location.strip() and fire_watch.strip()):
            raise RenovationError(_("Say what hot work, where, and who keeps the fire watch."))
        if ends_at <= starts_at:
            raise RenovationError(_("The hot work must end after it starts."))
        created["permit"] = HotWorkPermit.objects.create(
            case=locked, work=work.strip(), location=location.strip(), starts_at=starts_at, ends_at=ends_at,
            fire_watch=fire_watch.strip(), granted_by=by,
        )
        return [], work.strip(), {"hot_work": created["permit"].pk}

    LIFECYCLE.perform(case, Action.GRANT_HOT_WORK, by=by, change=change)
    return created["permit"]


# --- RN-16, RN-17: completion acceptance ------------------------------------------------------

FIRE_RECEIPT = "fire_acceptance_receipt"


def record_defects(case: RenovationCase, *, by, inspectors: str, defects: str) -> RenovationCase:
    """The acceptance inspection found defects: recorded with the rectification asked (RN-16);
    the works go on until a new inspection accepts them."""
    defects, inspectors = defects.strip(), inspectors.strip()

    def change(locked):
        if not defects:
            raise RenovationError(_("Describe the defects and the rectification asked."))
        locked.acceptance_inspectors = inspectors
        locked.acceptance_notes = defects
        return ["acceptance_inspectors", "acceptance_notes"], defects, {"inspectors": inspectors}

    return LIFECYCLE.perform(case, Action.RECORD_DEFECTS, by=by, change=change)


def has_fire_receipt(case: RenovationCase) -> bool:
    """Has the office handed in its fire acceptance receipt with the acceptance request (RN-16)?"""
    request = case.acceptance_submission
    return request is not None and request.files.filter(code=FIRE_RECEIPT).exists()


def accept_completion(
    case: RenovationCase, *, by, inspectors: str, notes: str = "", fire_receipt_seen: bool = False
) -> RenovationCase:
    """Engineering and security accept the completed works (RN-16). The day the deposit
    becomes refundable (``renovation.refund``, RN-17) is stored; the unit leaves
    ``renovating``; the acceptance request, if any, reads approved."""
    inspectors, notes = inspectors.strip(), notes.strip()

    def change(locked):
        unit = locked.submission.unit
        if not inspectors:
            raise RenovationError(_("Name the engineering and security staff who inspected."))
        if unit.property_type == "office" and not (fire_receipt_seen or has_fire_receipt(locked)):
            raise GateDenied([DeniedReason("RN-16", gettext(
                "An office needs the fire acceptance receipt before its completion can be accepted."))])
        today = adapter.today()
        decision = adapter.decide(REFUND, facts.renovation_refund_facts(
            unit, acceptance_date=today, on_date=today, deposit=locked.deposit or ZERO, requested_by="owner",
        ))
        locked.acceptance_date = today
        locked.acceptance_inspectors = inspectors
        locked.acceptance_notes = notes
        locked.refundable_from = decision.values["refundable_from"]
        back_to = locked.unit_status_before or OccupancyStatus.VACANT
        if unit.status == OccupancyStatus.RENOVATING and back_to != OccupancyStatus.RENOVATING:
            with in_site_language():
                note = gettext("Renovation %(reference)s accepted") % {"reference": locked.submission.reference}
            unit.change_status(back_to, by=by, note=note)
        if locked.acceptance_submission_id:
            follow_case(locked.acceptance_submission, SubmissionStatus.APPROVED, by=by, note=notes)
        return (
            ["acceptance_date", "acceptance_inspectors", "acceptance_notes", "refundable_from"],
            notes,
            {"acceptance_date": today.isoformat(), "refundable_from": locked.refundable_from.isoformat()},
        )

    return LIFECYCLE.perform(case, Action.ACCEPT_COMPLETION, by=by, change=change)


# --- RN-18…RN-20: the deposit refund ----------------------------------------------------------

# What the refund deducts besides fines: every fee except held deposits (as the facts count them).
FEE_CATEGORIES = tuple(c for c in LedgerCategory if c not in (LedgerCategory.DEPOSIT, LedgerCategory.FINE))


def refund_request(case: RenovationCase) -> tuple[str, bool | None]:
    """``(requested_by, owner_consent)`` from the linked refund request; the owner by default (RN-19)."""
    answers = case.refund_submission.answers if case.refund_submission_id else {}
    requested_by = answers.get("requested_by") or "owner"
    return requested_by, (bool(answers.get("owner_consent")) if requested_by == "contractor" else None)


def refund_facts(case: RenovationCase, *, on_date: date) -> dict:
    requested_by, owner_consent = refund_request(case)
    unit = case.submission.unit
    return facts.renovation_refund_facts(
        unit,
        acceptance_date=case.acceptance_date,
        on_date=on_date,
        deposit=facts.renovation_deposit_held(unit, on_date),
        requested_by=requested_by,
        owner_consent=owner_consent,
    )


def itemised_deductions(case: RenovationCase, *, on_date: date) -> list[tuple[str, str, Decimal]]:
    """``(category, description, amount)`` of what the refund deducts (RN-20): the case's
    signed fines still unpaid, any other fines owed, then each kind of fee owed. The
    descriptions are in the estate's language: they are printed on the memo."""
    with in_site_language():
        return _itemised_deductions(case, on_date=on_date)


def _itemised_deductions(case, *, on_date):
    unit = case.submission.unit
    rows = []
    fines_owed = arrears(unit, on_date, categories=[LedgerCategory.FINE])
    listed = ZERO
    for fine in case.fines.filter(signed_at__isnull=False).order_by("recorded_at", "id"):
        amount = min(fine.amount, fines_owed - listed)
        if amount > 0:
            rows.append((LedgerCategory.FINE, gettext("Fine: %(reason)s") % {"reason": fine.reason}, amount))
            listed += amount
    if fines_owed > listed:
        rows.append((LedgerCategory.FINE, gettext("Other fines owed"), fines_owed - listed))
    for category in FEE_CATEGORIES:
        owed = arrears(unit, on_date, categories=[category])
        if owed > 0:
            rows.append((category, gettext("Unpaid: %(fee)s") % {"fee": str(LedgerCategory(category).label)}, owed))
    return rows


def settle_refund(
    case: RenovationCase,
    *,
    by,
    owner_signature: str,
    contractor_signature: str,
    lead_signature: str,
    inspection_notes: str = "",
) -> RenovationCase:
    """Settle the deposit refund (RN-17…RN-20) once ``renovation.refund`` allows it: the
    three signatures (owner, contractor, project-centre lead), the deductions itemised, the
    《押金退还备忘表》 issued and the ledger updated — the deposit released, the part
    deducted paying the fines and fees it covers. The application reads completed."""
    signatures = {
        "owner_signature": owner_signature.strip(),
        "contractor_signature": contractor_signature.strip(),
        "lead_signature": lead_signature.strip(),
    }
    inspection_notes = inspection_notes.strip()

    def change(locked):
        if not all(signatures.values()):
            raise RenovationError(
                _("The owner, the contractor and the project-centre lead all sign the refund (RN-18).")
            )
        today = adapter.today()
        asked = refund_facts(locked, on_date=today)
        decision = adapter.decide(REFUND, asked)
        if decision.outcome != "allow":
            raise GateDenied(refund_denial(decision, on_date=today))
        deposit = asked["deposit"]
        rows = itemised_deductions(locked, on_date=today)
        unit = locked.submission.unit
        _settle_ledger(locked, by=by, deposit=deposit, rows=rows, refund=decision.values["refund_amount"],
                       today=today)
        locked.refund_decision = adapter.snapshot(decision)
        locked.deductions = [{"category": c, "description": d, "amount": str(a)} for c, d, a in rows]
        locked.refund_amount = decision.values["refund_amount"]
        locked.amount_owed = decision.values["amount_owed"]
        for field, value in signatures.items():
            setattr(locked, field, value)
        requested_by, _consent = refund_request(locked)
        memo = refund_memo_record(locked, deposit=deposit, rows=rows, requested_by=requested_by,
                                  inspection_notes=inspection_notes, today=today)
        locked.refund_memo = issue_record(memo, unit=unit, target=locked, by=by)
        if locked.refund_submission_id:
            follow_case(locked.refund_submission, SubmissionStatus.COMPLETED, by=by, note=inspection_notes)
        return (
            ["refund_decision", "deductions", "refund_amount", "amount_owed", "refund_memo", *signatures],
            inspection_notes,
            {"deposit": str(deposit), "refund": str(locked.refund_amount), "owed": str(locked.amount_owed),
             "memo": locked.refund_memo.number},
        )

    return LIFECYCLE.perform(case, Action.SETTLE_REFUND, by=by, change=change)


def refund_denial(decision, *, on_date: date) -> list[DeniedReason]:
    """The reasons ``renovation.refund`` denies for: too early (RN-17), no owner consent (RN-19).
    The library also explains the amount (RN-20) and, once due, the day: those are not why."""
    too_early = on_date < decision.values["refundable_from"]
    reasons = [
        DeniedReason(reason.policy_id, reason.message)
        for reason in decision.reasons
        if reason.policy_id == "RN-19" or (reason.policy_id == "RN-17" and too_early)
    ]
    return reasons or [DeniedReason(reason.policy_id, reason.message) for reason in decision.reasons]


def _settle_ledger(case, *, by, deposit: Decimal, rows, refund: Decimal, today: date) -> None:
    """The deposit released in full; what it does not pay back settles the deductions in order."""
    with in_site_language():
        _write_settlement(case, by=by, deposit=deposit, rows=rows, refund=refund, today=today)


def _write_settlement(case, *, by, deposit, rows, refund, today):
    unit = case.submission.unit
    reference = case.submission.reference
    if deposit > 0:
        LedgerEntry.objects.create(
            unit=unit, kind=LedgerKind.REFUND, category=LedgerCategory.DEPOSIT, amount=deposit, entry_date=today,
            description=(gettext("Renovation deposit %(reference)s released: ¥%(refund)s paid back")
                         % {"reference": reference, "refund": refund})[:200],
            recorded_by=by,
        )
    available = deposit - refund
    for category, description, amount in rows:
        paid = min(amount, available)
        if paid <= 0:
            break
        LedgerEntry.objects.create(
            unit=unit, kind=LedgerKind.PAYMENT, category=category, amount=paid, entry_date=today,
            description=(gettext("Deducted from the renovation deposit %(reference)s: %(item)s")
                         % {"reference": reference, "item": description})[:200],
            recorded_by=by,
        )
        available -= paid


REQUESTER_LABELS = {"owner": _("The owner"), "contractor": _("The contractor")}


def refund_memo_record(case, *, deposit, rows, requested_by, inspection_notes, today) -> DepositRefundMemo:
    """The 《押金退还备忘表》 of ``case`` as printed, in the site's language."""
    with in_site_language():
        return DepositRefundMemo(
            unit=str(case.submission.unit),
            owner=case.submission.applicant.name,
            contractor=case.answers.get("contractor") or gettext("Self-renovation"),
            deposit=deposit,
            deductions=[Deduction(description=description, amount=amount) for _c, description, amount in rows],
            acceptance_date=case.acceptance_date,
            requested_by=str(REQUESTER_LABELS.get(requested_by, requested_by)),
            inspection_notes=inspection_notes,
            issued_on=today,
        )


# --- The machinery ---------------------------------------------------------------------------


def _end_of_day(day: date) -> datetime:
    from portal.documents.records import end_of_day

    return end_of_day(day)
