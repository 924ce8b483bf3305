"""Recording proactive visits (客户访问, VS-1…VS-3).

- :func:`record_visit` writes one 《访问客户记录表》 entry for the household of a unit;
- :func:`record_raised` notes that an opinion heard was entered in the complaint or
  request procedure (VS-3), by its reference.

A reference given must name an existing complaint, request or suggestion of the kind the
opinion was raised as (:mod:`portal.visits.raised`); it is stored as the case has it.

Both need ``visits.record_visit`` (else :class:`PermissionDenied`); a visit is changed
only by its visitor or by those who oversee the desk (``visits.oversee_visit``). Each
change and its audit event are saved in one transaction.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.refusals import Refusal
from portal.estate.models import Household

from . import raised
from .models import RaisedAs, Satisfaction, Visit, VisitWay

RECORD_PERMISSION = "visits.record_visit"
OVERSEE_PERMISSION = "visits.oversee_visit"


class VisitError(Refusal):
    """A visit refused for a reason staff can act on; ``str()`` says what."""


def raised_reference_of(raised_as: str, reference: str) -> str:
    """The reference of the case ``reference`` names, as the case has it; ``""`` when none is given."""
    try:
        case = raised.resolve(raised_as, reference)
    except raised.UnknownReference as refusal:
        raise VisitError(refusal.message) from None
    return case.reference if case is not None else ""


def may_record(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(RECORD_PERMISSION)


def may_change(user, visit: Visit) -> bool:
    return may_record(user) and (visit.visitor_id == user.pk or user.has_perm(OVERSEE_PERMISSION))


def record_visit(
    *,
    by,
    unit,
    way: str,
    contact_name: str,
    satisfaction: int,
    visited_at: datetime | None = None,
    contact_phone: str = "",
    opinions: str = "",
    raised_as: str = "",
    raised_reference: str = "",
    note: str = "",
) -> Visit:
    """Record ``by``'s visit to ``unit``'s household (VS-1, VS-3)."""
    if not may_record(by):
        raise PermissionDenied(f"{by} may not record customer visits")
    if way not in VisitWay.values:
        raise VisitError(_("Choose how the customer was visited."))
    if satisfaction not in Satisfaction.values:
        raise VisitError(_("Choose how satisfied the customer is."))
    if raised_as not in RaisedAs.values:
        raise VisitError(_("Choose where the opinion was raised."))
    if not contact_name.strip():
        raise VisitError(_("Write down whom you visited."))
    if raised_as and not opinions.strip():
        raise VisitError(_("Write down the opinion that was raised."))
    now = timezone.now()
    visited_at = visited_at or now
    if visited_at > now + timedelta(minutes=5):
        raise VisitError(_("A visit cannot be recorded before it happens."))
    raised_reference = raised_reference_of(raised_as, raised_reference)
    with transaction.atomic():
        visit = Visit.objects.create(
            visitor=by,
            visited_at=visited_at,
            unit=unit,
            household=Household.objects.current().filter(unit=unit).first(),
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            way=way,
            opinions=opinions.strip(),
            satisfaction=satisfaction,
            raised_as=raised_as,
            raised_reference=raised_reference,
            note=note.strip(),
        )
        record(visit, "recorded", actor=by, data={
            "unit": str(unit), "way": way, "satisfaction": satisfaction, "raised_as": raised_as,
        })
    return visit


def record_raised(visit: Visit, *, by, raised_as: str, reference: str) -> Visit:
    """Note where the visit's opinion went in the complaint or request procedure (VS-3)."""
    if not may_change(by, visit):
        raise PermissionDenied(f"{by} may not change visit {visit.pk}")
    if raised_as not in RaisedAs.values or not raised_as:
        raise VisitError(_("Choose where the opinion was raised."))
    if not visit.opinions:
        raise VisitError(_("Write down the opinion that was raised."))
    reference = raised_reference_of(raised_as, reference)
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        before = locked.raised_as
        locked.raised_as = raised_as
        locked.raised_reference = reference
        locked.save(update_fields=["raised_as", "raised_reference"])
        record(locked, "raised", actor=by, from_state=before, to_state=raised_as,
               data={"reference": locked.raised_reference})
    visit.refresh_from_db()
    return visit
