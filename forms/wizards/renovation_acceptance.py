"""竣工验收申请 — ask for the completion acceptance of a renovation (POLICIES §2, RN-16).

The owner chooses one of their own renovations — approved or in progress; when they
have none, those still awaiting approval, and the form says so — and a preferred time
for engineering and security to inspect together. An office must upload its fire
acceptance receipt (消防验收凭证) before it can apply: that step appears only for an
office.

No policy of the library decides on the request (``policy`` is None), so nothing is
denied and ``allow_denied`` stays False; an office without its receipt cannot get past
the receipt step. The acceptance, once staff record it, dates the deposit refund
(:func:`recorded_acceptance_date`).
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.estate.models import PropertyType

from ..fields import FutureDateTimeField, PhoneField
from ..registry import register
from ..steps import OwnerStep
from ..uploads import UploadField
from ..wizard import OwnerWizard
from .renovation import RenovationField

S = SubmissionStatus
# An acceptance counts as passed once staff approved or completed the request.
PASSED = (S.APPROVED, S.COMPLETED)


def recorded_acceptance_date(renovation: Submission):
    """The day ``renovation`` passed its completion acceptance, as recorded: the day staff
    approved (or completed) the latest acceptance request for it; None if none did."""
    accepted = Submission.objects.filter(
        procedure=Procedure.RENOVATION_ACCEPTANCE, answers__renovation=renovation.reference, status__in=PASSED
    ).order_by("-submitted_at", "-id")
    for acceptance in accepted:
        event = AuditEvent.objects.for_object(acceptance).filter(to_state=acceptance.status).last()
        if event is not None:
            return timezone.localdate(event.at)
    return None


class RenovationAnswers:
    """A step whose ``renovation`` answer is kept by its reference, as other cases find it."""

    def answers(self) -> dict:
        answers = super().answers()
        answers["renovation"] = self.cleaned_data["renovation"].reference
        return answers


class AcceptanceStep(RenovationAnswers, OwnerStep):
    title = _("Your renovation")

    renovation = RenovationField(statuses=(S.APPROVED, S.IN_PROGRESS))
    preferred_at = FutureDateTimeField(
        label=_("Preferred time for the inspection"),
        within=timedelta(days=30),
        help_text=_("Engineering and security staff inspect together; someone must be there to let them in."),
    )
    phone = PhoneField()
    remarks = forms.CharField(
        label=_("Anything we should know (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FireReceiptStep(OwnerStep):
    title = _("Fire acceptance receipt")

    fire_acceptance_receipt = UploadField(
        label=_("Fire acceptance receipt"),
        help_text=_("An office needs the receipt of the fire acceptance (or its filing) from the authorities before "
                    "it can apply. PDF, JPEG or PNG, at most 10 MB."),
    )


def renovation_of_an_office(wizard) -> bool:
    """Is the renovation chosen that of an office (RN-16)?"""
    renovation = (wizard.get_cleaned_data_for_step("details") or {}).get("renovation")
    return renovation is not None and renovation.unit.property_type == PropertyType.OFFICE


@register(Procedure.RENOVATION_ACCEPTANCE)
class RenovationAcceptanceWizard(OwnerWizard):
    procedure = Procedure.RENOVATION_ACCEPTANCE
    form_list = [("details", AcceptanceStep), ("fire_receipt", FireReceiptStep)]
    condition_dict = {"fire_receipt": renovation_of_an_office}
    allow_denied = False
    notes = (
        _("Engineering and security staff inspect the works together. Defects are recorded with what needs to be "
          "put right, and we agree a new inspection with you."),
        _("Once the works are accepted, you can ask for the renovation deposit to be refunded."),
    )

    def answered_data(self) -> dict:
        """The answers, and the renovation's unit as the unit of the case."""
        data = super().answered_data()
        if data.get("renovation") is not None:
            data["unit"] = data["renovation"].unit
        return data
