"""需求/建议 — a request or a suggestion to the service centre (POLICIES §6).

RQ-1/RQ-3: ``request.deadlines`` gives the reply deadline — the time the owner asks
for, or the standard one — which becomes the case's due time.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.casework.procedures import Procedure

from ..fields import FutureDateTimeField, UnitField
from ..registry import register
from ..steps import OwnerStep
from ..wizard import OwnerWizard

KINDS = [("request", _("A request: something I need")), ("suggestion", _("A suggestion: something to improve"))]


class RequestStep(OwnerStep):
    title = _("Your request or suggestion")

    unit = UnitField()
    kind = forms.ChoiceField(label=_("Is it a request or a suggestion?"), choices=KINDS, widget=forms.RadioSelect)
    text = forms.CharField(label=_("What would you like?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    promised_by = FutureDateTimeField(
        label=_("Reply needed by (optional)"),
        required=False,
        within=timedelta(days=90),
        help_text=_("If you need an answer by a particular time, enter it; otherwise we reply within the standard time."),
    )


@register(Procedure.REQUEST)
class RequestWizard(OwnerWizard):
    procedure = Procedure.REQUEST
    form_list = [("details", RequestStep)]
    policy = "request.deadlines"
    due_value = "reply_by"

    def get_facts(self, data, received_at):
        facts = {"received_at": received_at}
        if data.get("promised_by"):
            facts["promised_by"] = data["promised_by"]
        return facts

    def get_preview(self, decision):
        reply_by = timezone.localtime(decision.values["reply_by"])
        return [(_("We will reply by"), date_format(reply_by, "Y-m-d H:i"))]
