"""Reviewing a case: approve, reject, ask for more information, assign.

Each action is a service with the same contract:

- the acting user must hold the action's permission (:func:`permission_for`) and be
  able to see the case (:func:`can_see`), else :class:`PermissionDenied`;
- the case moves along :data:`TRANSITIONS`; an action that is not allowed from the
  case's current status is refused with :class:`IllegalTransition` (nothing changes);
- the change and its audit event are saved in one transaction;
- once that transaction has committed, the applicant is emailed
  (:mod:`portal.casework.notifications`); an email that cannot be sent never undoes
  the action.

Who sees which cases: every holder of ``casework.view_submission``, except that staff
who hold it only through a group of :data:`PROCEDURE_SCOPES` (engineering, security,
cashier) see only the procedures they take part in.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.organisation.groups import CASHIER, ENGINEERING, SECURITY

from . import notifications, rooms
from .models import AWAITING_SERVICE_CENTRE, Submission, SubmissionStatus
from .procedures import Procedure
from .refusals import Refusal

VIEW_PERMISSION = "casework.view_submission"


class Action(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    REQUEST_INFORMATION = "request_information", _("Request more information")
    ASSIGN = "assign", _("Assign")


S = SubmissionStatus

# The status each action leads to, by the status it starts from. A status missing
# from an action's row means the action is refused there.
TRANSITIONS: dict[str, dict[str, str]] = {
    Action.APPROVE: {
        S.SUBMITTED: S.APPROVED,
        S.INFO_REQUESTED: S.APPROVED,  # the missing information came in at the desk
        S.IN_PROGRESS: S.APPROVED,
    },
    Action.REJECT: {
        S.SUBMITTED: S.REJECTED,
        S.INFO_REQUESTED: S.REJECTED,
        S.IN_PROGRESS: S.REJECTED,
    },
    Action.REQUEST_INFORMATION: {
        S.SUBMITTED: S.INFO_REQUESTED,
        S.IN_PROGRESS: S.INFO_REQUESTED,
        S.INFO_REQUESTED: S.INFO_REQUESTED,  # a further question
    },
    Action.ASSIGN: {
        S.SUBMITTED: S.IN_PROGRESS,  # someone now works on it
        S.INFO_REQUESTED: S.INFO_REQUESTED,
        S.IN_PROGRESS: S.IN_PROGRESS,
        S.APPROVED: S.APPROVED,
    },
}

# The audit event's action name for each review action.
AUDIT_ACTIONS = {
    Action.APPROVE: "approved",
    Action.REJECT: "rejected",
    Action.REQUEST_INFORMATION: "info_requested",
    Action.ASSIGN: "assigned",
}

ACTION_PERMISSIONS = {
    Action.APPROVE: "casework.approve_submission",
    Action.REJECT: "casework.reject_submission",
    Action.REQUEST_INFORMATION: "casework.request_information",
    Action.ASSIGN: "casework.assign_submission",
}

# Procedures whose approval is signed by the project manager, not by any reviewer:
# renovations (RN-10) and the refund of their deposit (RN-20).
APPROVAL_PERMISSIONS = {
    Procedure.RENOVATION: "casework.approve_renovation",
    Procedure.DEPOSIT_REFUND: "casework.approve_renovation",
}

# The procedures engineering, security and cashier staff take part in, and so see.
PROCEDURE_SCOPES: dict[str, frozenset[str]] = {
    # Repairs (RP-4), site protection and patrols (RN-11, RN-13), completion
    # acceptance (RN-16), the joint inspection at move-in (MI-8).
    ENGINEERING: frozenset(
        {Procedure.REPAIR, Procedure.RENOVATION, Procedure.RENOVATION_ACCEPTANCE, Procedure.MOVE_IN}
    ),
    # Release passes at the gate (GR-7), patrols (RN-13), completion acceptance
    # (RN-16), the car park (CS-3), tenants moving out (MO-1).
    SECURITY: frozenset(
        {
            Procedure.RELEASE_PASS,
            Procedure.RENOVATION,
            Procedure.RENOVATION_ACCEPTANCE,
            Procedure.PARKING,
            Procedure.MOVE_OUT,
        }
    ),
    # What is paid at the cashier's: the rent of a parking space (CS-3), the prepaid
    # management fee and utility float at move-in (MI-2, MI-3), the renovation deposit
    # and fees (RN-9).
    CASHIER: frozenset({Procedure.PARKING, Procedure.MOVE_IN, Procedure.RENOVATION}),
}


class ReviewError(Refusal):
    """An action refused for a reason the user can do something about; ``str()`` says what."""


class IllegalTransition(ReviewError):
    """The action is not allowed from the case's current status."""


# --- Who sees which cases ---------------------------------------------------------


def _view_permission() -> Permission | None:
    app_label, codename = VIEW_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def visible_procedures(user) -> frozenset[str] | None:
    """The procedures whose cases ``user`` may see: ``None`` for all of them, an empty
    set for none. Cached on the user object for the request."""
    cached = getattr(user, "_casework_visible_procedures", False)
    if cached is not False:
        return cached
    result = _visible_procedures(user)
    if user.is_authenticated:
        user._casework_visible_procedures = result
    return result


def _visible_procedures(user) -> frozenset[str] | None:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    if not user.has_perm(VIEW_PERMISSION):
        return frozenset()
    permission = _view_permission()
    if permission is None:
        return frozenset()
    if user.user_permissions.filter(pk=permission.pk).exists():
        return None
    granting = set(user.groups.filter(permissions=permission).values_list("name", flat=True))
    if granting - PROCEDURE_SCOPES.keys():
        return None
    return frozenset().union(*(PROCEDURE_SCOPES[name] for name in granting))


def visible_to_staff(user, queryset=None):
    """``queryset`` (default: every submission) narrowed to what ``user`` may see."""
    queryset = Submission.objects.all() if queryset is None else queryset
    procedures = visible_procedures(user)
    if procedures is None:
        return queryset
    return queryset.filter(procedure__in=procedures)


def can_see(user, submission: Submission) -> bool:
    """May ``user`` see ``submission`` in the review queue?"""
    procedures = visible_procedures(user)
    return procedures is None or submission.procedure in procedures


def may_download(user, submission: Submission) -> bool:
    """May ``user`` download the files of ``submission``? Staff who can see the case,
    and the applicant or a current member of the case's household."""
    if can_see(user, submission):
        return True
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person is not None and Submission.objects.visible_to_person(person).filter(pk=submission.pk).exists()


def overdue_condition(now) -> Q:
    """Past its due time and still waiting for the service centre (not for the applicant's
    answer, nor approved): the test of ``Submission.objects.overdue()``, as a condition."""
    return Q(status__in=AWAITING_SERVICE_CENTRE, due_at__lt=now)


def is_overdue(submission: Submission, now=None) -> bool:
    """Is ``submission`` past its due time and waiting for the service centre (see
    :func:`overdue_condition`)?"""
    return (
        submission.due_at is not None
        and submission.status in AWAITING_SERVICE_CENTRE
        and submission.due_at < (now or timezone.now())
    )


def reviewers():
    """The active staff a case can be assigned to: holders of the view permission."""
    permission = _view_permission()
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# --- What a user may do -----------------------------------------------------------------


def permission_for(action: str, submission: Submission) -> str:
    """The permission ``action`` needs on ``submission``."""
    if action == Action.APPROVE:
        return APPROVAL_PERMISSIONS.get(submission.procedure, ACTION_PERMISSIONS[Action.APPROVE])
    return ACTION_PERMISSIONS[action]


def may(user, action: str, submission: Submission) -> bool:
    """Does ``user`` hold the permission for ``action`` on ``submission`` (whatever its status)?"""
    return can_see(user, submission) and user.has_perm(permission_for(action, submission))


def is_allowed(action: str, status: str) -> bool:
    """Is ``action`` allowed from ``status`` (:data:`TRANSITIONS`)?"""
    return status in TRANSITIONS[action]


# An application worked by a case of its own (:mod:`.rooms`) is approved or rejected by
# that case, on its own page, never in the queue beside it.
DECIDED_BY_THE_CASE = frozenset({Action.APPROVE, Action.REJECT})


def decided_by_its_case(action: str, submission: Submission) -> bool:
    """Is ``action`` on ``submission`` taken on the page of the case that works it?"""
    return action in DECIDED_BY_THE_CASE and rooms.case_link(submission) is not None


def available_actions(user, submission: Submission) -> list[str]:
    """The actions ``user`` may take on ``submission`` as it stands, in :class:`Action` order."""
    return [
        action
        for action in Action
        if is_allowed(action, submission.status)
        and may(user, action, submission)
        and not decided_by_its_case(action, submission)
    ]


# --- The actions ------------------------------------------------------------------------


def approve(submission: Submission, *, by, note: str = "") -> Submission:
    """Approve the application. ``note`` (optional) is shown to the applicant."""
    note = note.strip()
    return _perform(submission, Action.APPROVE, by=by, note=note, status_note=note)


def reject(submission: Submission, *, by, reason: str) -> Submission:
    """Reject the application; ``reason`` is required and shown to the applicant."""
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Give the reason for the rejection: the applicant reads it."))
    return _perform(submission, Action.REJECT, by=by, note=reason, status_note=reason)


def request_more_information(submission: Submission, *, by, message: str) -> Submission:
    """Ask the applicant for more information; ``message`` (required) says what is missing."""
    message = message.strip()
    if not message:
        raise ReviewError(_("Say what information is missing: the applicant reads it."))
    return _perform(submission, Action.REQUEST_INFORMATION, by=by, note=message, status_note=message)


def assign(submission: Submission, *, by, to, note: str = "") -> Submission:
    """Give the case to member of staff ``to``, who must be able to see it. A case that
    was only submitted moves to "in progress". ``note`` is for staff only."""
    if to is None or not to.is_active or not can_see(to, submission):
        raise ReviewError(
            _("%(name)s cannot work on this case: they have no access to it.") % {"name": staff_name(to)}
        )
    if submission.assigned_to_id == to.pk:
        raise ReviewError(_("The case is already assigned to %(name)s.") % {"name": staff_name(to)})
    return _perform(
        submission,
        Action.ASSIGN,
        by=by,
        note=note.strip(),
        assigned_to=to,
        data={"assigned_to": to.pk, "assigned_to_name": staff_name(to), "previous": submission.assigned_to_id},
    )


def staff_name(user) -> str:
    """How staff are named in the queue, on the case pages and in their history: a Chinese
    name family name first and unspaced (陈晓琳), any other as Django spells it, else the login."""
    if user is None:
        return ""
    family, given = user.last_name.strip(), user.first_name.strip()
    if any("\u4e00" <= character <= "\u9fff" for character in family + given):
        return family + given
    return user.get_full_name() or user.get_username()


def _perform(submission, action, *, by, note, data=None, status_note=None, assigned_to=None):
    if not may(by, action, submission):
        raise PermissionDenied(f"{by} may not {action} {submission.reference}")
    if decided_by_its_case(action, submission):
        link = rooms.case_link(submission)
        raise IllegalTransition(
            _("“%(action)s” is decided on the case's own page, in %(room)s.")
            % {"action": Action(action).label, "room": link.room}
        )
    with transaction.atomic():
        case = Submission.objects.select_for_update().get(pk=submission.pk)
        from_status = case.status
        if not is_allowed(action, from_status):
            raise IllegalTransition(
                _("“%(action)s” is not possible for a case that is “%(status)s”.")
                % {"action": Action(action).label, "status": case.get_status_display()}
            )
        case.status = TRANSITIONS[action][from_status]
        fields = ["status"]
        if status_note is not None:
            case.status_note = status_note
            fields.append("status_note")
        if assigned_to is not None:
            case.assigned_to = assigned_to
            fields.append("assigned_to")
        case.save(update_fields=fields)
        record(
            case,
            AUDIT_ACTIONS[action],
            actor=by,
            from_state=from_status,
            to_state=case.status,
            note=note,
            data=data,
        )
        _notify_on_commit(case, action, from_status)
    for field in fields:
        setattr(submission, field, getattr(case, field))
    return case


def _notify_on_commit(case, action, from_status):
    if action == Action.ASSIGN:
        transaction.on_commit(lambda: notifications.notify_assignee(case))
        if case.status == from_status:
            return  # a change of hands inside the office is not the applicant's news
    transaction.on_commit(lambda: notifications.notify_applicant(case))
