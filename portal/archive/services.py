"""Who may read an owner file (业主档案), and the record of every look (AR-5).

What "the desk" means here
--------------------------
AR-5 says that reading an owner file needs the project manager's approval, and that owner
information goes to nobody outside the company without the leadership's. The policy
library decides (``archive.access``); this module only supplies its facts:

- ``requester_role`` is ``project_manager`` for the project manager (项目经理) and for a
  superuser, ``staff`` for any other member of a staff group or any ``is_staff`` login,
  and ``outsider`` for everybody else.
- ``pm_approved`` is true for **the desk**: 客服助理, 客服主管 and 档案管理员. The desk
  keeps the owner files (AR-2, AR-4: the assistants open and update them at the move-in
  handover, the archivist files them): the project manager's approval for their
  day-to-day work is given once, by putting them in their group. For all other staff
  (工程部, 保安部, 收银员, 内容编辑) ``pm_approved`` is true only while one of their
  :class:`~portal.archive.models.AccessRequest` for that file is approved and unexpired.
- ``leadership_approved`` is always false: the portal records no leadership decisions,
  so an outsider is never shown an owner file.

A member of the desk and of another group counts as the desk.

An approval for a household covers the household and the people in it (the family
register is part of the unit's owner file); an approval for a person covers that person.
Nothing of an owner file leaves the register in an export without the same decision.

Every look at an owner file — allowed or refused — is a :class:`~portal.archive.models.FileView`.
The steps of a request (asked, approved, refused) are audited.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.refusals import Refusal
from portal.estate.models import Household, HouseholdMember, Person
from portal.organisation import groups
from portal.policies import adapter

from .models import AccessRequest, FileView, RequestState, ViewKind

POLICY = "archive.access"
DECIDE_PERMISSION = "archive.decide_accessrequest"
DESK_GROUPS = frozenset({groups.ASSISTANT, groups.SUPERVISOR, groups.ARCHIVIST})
# How long the project manager may open a file for at once, and the default offered.
DEFAULT_ACCESS = timedelta(days=3)
LONGEST_ACCESS = timedelta(days=30)


class ArchiveError(Refusal):
    """A step refused for a reason the user can act on; ``str()`` says what."""


# --- Who asks -------------------------------------------------------------------------------


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, "_archive_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.is_authenticated else frozenset()
        user._archive_group_names = cached
    return cached


def requester_role(user) -> str:
    """``project_manager``, ``staff`` or ``outsider``, as ``archive.access`` names them."""
    if not user.is_authenticated or not user.is_active:
        return "outsider"
    names = _group_names(user)
    if user.is_superuser or groups.PROJECT_MANAGER in names:
        return "project_manager"
    if user.is_staff or names & set(groups.STAFF_GROUPS):
        return "staff"
    return "outsider"


def is_desk(user) -> bool:
    """The project manager and the desk (see the module's docstring): they need no request."""
    return requester_role(user) == "project_manager" or bool(_group_names(user) & DESK_GROUPS)


# --- The decision ---------------------------------------------------------------------------


def requests_covering(owner_file) -> QuerySet:
    """Access requests whose approval would open ``owner_file``."""
    if isinstance(owner_file, Person):
        households = HouseholdMember.objects.filter(person=owner_file).values("household")
        return AccessRequest.objects.filter(Q(person=owner_file) | Q(household__in=households))
    if isinstance(owner_file, Household):
        return AccessRequest.objects.filter(household=owner_file)
    raise TypeError(f"Not an owner file: {owner_file!r}")


def approval_in_force(user, owner_file, at=None) -> AccessRequest | None:
    """``user``'s approved, unexpired request that covers ``owner_file``, if any."""
    if not user.is_authenticated:
        return None
    return (
        requests_covering(owner_file).in_force(at).filter(requester=user).order_by("-expires_at").first()
    )


def decide(user, owner_file, at=None):
    """``(decision, approval)``: what ``archive.access`` says, and the approval it rests on."""
    approval = None if is_desk(user) else approval_in_force(user, owner_file, at)
    decision = adapter.decide(
        POLICY,
        {
            "requester_role": requester_role(user),
            "pm_approved": is_desk(user) or approval is not None,
            "leadership_approved": False,
        },
    )
    return decision, approval


def can_view(user, owner_file, at=None) -> bool:
    """May ``user`` read ``owner_file`` now? (AR-5; nothing is logged: see :func:`open_file`)."""
    decision, _approval = decide(user, owner_file, at)
    return decision.outcome == "allow"


def open_file(user, owner_file, *, kind: str = ViewKind.INSPECT) -> bool:
    """Decide whether ``user`` may read ``owner_file`` and log the look, allowed or not."""
    decision, approval = decide(user, owner_file)
    allowed = decision.outcome == "allow"
    log_view(user, owner_file, kind=kind, allowed=allowed, access_request=approval)
    return allowed


def log_view(user, owner_file, *, kind: str, allowed: bool, access_request=None) -> FileView:
    return FileView.objects.create(
        viewer=user, kind=kind, allowed=allowed, access_request=access_request, **_file_fields(owner_file)
    )


def viewable(user, queryset: QuerySet, at=None) -> QuerySet:
    """The owner files of ``queryset`` (people or households) that ``user`` may read.

    One policy question for the user's role and one query: the desk sees every file,
    other staff the files covered by their approvals in force, outsiders none.
    """
    model = queryset.model
    role = requester_role(user)
    desk = is_desk(user)
    facts = {"requester_role": role, "pm_approved": True, "leadership_approved": False}
    if adapter.decide(POLICY, facts).outcome != "allow":
        return queryset.none()
    if desk:
        return queryset
    approvals = AccessRequest.objects.in_force(at).filter(requester=user)
    households = approvals.filter(household__isnull=False).values("household")
    if model is Household:
        return queryset.filter(pk__in=households)
    if model is Person:
        members = HouseholdMember.objects.filter(household__in=households).values("person")
        people = approvals.filter(person__isnull=False).values("person")
        return queryset.filter(Q(pk__in=people) | Q(pk__in=members))
    raise TypeError(f"Not a listing of owner files: {model!r}")


def log_export(user, rows) -> int:
    """Log one :class:`FileView` of kind ``export`` per exported owner file."""
    now = timezone.now()
    views = [FileView(viewer=user, viewed_at=now, kind=ViewKind.EXPORT, allowed=True, **_file_fields(row))
             for row in rows]
    FileView.objects.bulk_create(views, batch_size=500)
    return len(views)


def _file_fields(owner_file) -> dict:
    if isinstance(owner_file, Person):
        return {"person": owner_file}
    if isinstance(owner_file, Household):
        return {"household": owner_file}
    raise TypeError(f"Not an owner file: {owner_file!r}")


# --- Requests -------------------------------------------------------------------------------


def may_decide(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(DECIDE_PERMISSION)


def request_access(user, owner_file, *, reason: str) -> AccessRequest:
    """Ask the project manager to open ``owner_file`` to ``user`` (AR-5); audited."""
    if not user.is_authenticated or requester_role(user) != "staff":
        raise PermissionDenied("Only staff ask to read an owner file.")
    reason = reason.strip()
    if not reason:
        raise ArchiveError(_("Say why you need the file: the project manager reads it."))
    if is_desk(user):
        raise ArchiveError(_("The desk reads owner files without a request."))
    try:
        with transaction.atomic():
            access_request = AccessRequest.objects.create(requester=user, reason=reason, **_file_fields(owner_file))
            record(access_request, "requested", actor=user, to_state=access_request.state, note=reason)
    except IntegrityError:
        raise ArchiveError(_("You have already asked to read this file.")) from None
    return access_request


def approve(access_request: AccessRequest, *, by, expires_at: datetime | None = None, note: str = "") -> AccessRequest:
    """Open the file to the requester until ``expires_at`` (default: three days from now)."""
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_ACCESS
    if expires_at <= now:
        raise ArchiveError(_("Access must end in the future."))
    if expires_at > now + LONGEST_ACCESS:
        raise ArchiveError(_("Access may be given for at most 30 days at a time."))
    return _decide(access_request, by=by, to_state=RequestState.APPROVED, expires_at=expires_at, note=note)


def refuse(access_request: AccessRequest, *, by, note: str = "") -> AccessRequest:
    """Refuse the request; the requester reads ``note``."""
    return _decide(access_request, by=by, to_state=RequestState.REFUSED, expires_at=None, note=note)


def _decide(access_request, *, by, to_state, expires_at, note):
    if not may_decide(by):
        raise PermissionDenied("Only the project manager decides on owner file requests.")
    with transaction.atomic():
        locked = AccessRequest.objects.select_for_update(of=("self",)).get(pk=access_request.pk)
        if locked.state != RequestState.PENDING:
            raise ArchiveError(_("This request has already been decided."))
        if locked.requester_id == by.pk:
            raise ArchiveError(_("A request cannot be decided by the person who made it."))
        locked.state = to_state
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.expires_at = expires_at
        locked.decision_note = note.strip()
        try:
            locked.full_clean(exclude=["requester", "person", "household", "decided_by"])
        except ValidationError as error:  # pragma: no cover - guarded above
            raise ArchiveError("; ".join(error.messages)) from error
        locked.save()
        record(
            locked,
            to_state,
            actor=by,
            from_state=RequestState.PENDING,
            to_state=to_state,
            note=locked.decision_note,
            data={"expires_at": expires_at.isoformat() if expires_at else None},
        )
    access_request.refresh_from_db()
    return access_request
