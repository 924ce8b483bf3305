"""The case a visit's opinion was raised as (VS-3), found by its reference.

An opinion raised as a complaint is a 《客户投诉、意见记录表》 entry
(:class:`~portal.complaints.models.ComplaintCase`); one raised as a request or a suggestion
is a 《客户需求、建议受理表》 entry (:class:`~portal.servicerequests.models.ServiceRequest`)
of that kind. A reference is matched whatever its letter case and stored as the case has it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.casework.refusals import Refusal
from portal.complaints.models import ComplaintCase
from portal.servicerequests.models import ServiceRequest

from .models import RaisedAs

NOT_FOUND = {
    RaisedAs.COMPLAINT: _("There is no complaint with the reference %(reference)s."),
    RaisedAs.REQUEST: _("There is no request with the reference %(reference)s."),
    RaisedAs.SUGGESTION: _("There is no suggestion with the reference %(reference)s."),
}
OTHER_KIND = {
    RaisedAs.REQUEST: _("%(reference)s is a suggestion, not a request."),
    RaisedAs.SUGGESTION: _("%(reference)s is a request, not a suggestion."),
}


class UnknownReference(Refusal):
    """A reference that names no case of the kind the opinion was raised as; ``str()`` says why."""


def _lookup(raised_as: str, reference: str) -> models.Model | None:
    if raised_as == RaisedAs.COMPLAINT:
        return ComplaintCase.objects.filter(reference__iexact=reference).first()
    return ServiceRequest.objects.filter(reference__iexact=reference).first()


def resolve(raised_as: str, reference: str) -> models.Model | None:
    """The case ``reference`` names, of the kind ``raised_as``; ``None`` when no reference is given.

    Raises :class:`UnknownReference` when a reference is given without saying where the
    opinion was raised, names no case, or names a case of another kind.
    """
    reference = (reference or "").strip()
    if not reference:
        return None
    if not raised_as:
        raise UnknownReference(_("Choose where the opinion was raised before giving its reference."))
    case = _lookup(raised_as, reference)
    values = {"reference": reference}
    if case is None:
        raise UnknownReference(NOT_FOUND[raised_as] % values)
    if isinstance(case, ServiceRequest) and case.kind != raised_as:
        raise UnknownReference(OTHER_KIND[raised_as] % values)
    return case


def case_of(visit) -> models.Model | None:
    """The case ``visit``'s recorded reference names, or ``None`` (none recorded, or no longer found)."""
    try:
        return resolve(visit.raised_as, visit.raised_reference)
    except UnknownReference:
        return None
