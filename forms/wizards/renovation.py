"""装修申请 — a renovation application (POLICIES §2, RN-1 … RN-10).

The owner says who applies (RN-5) and what the works involve; uploads the documents
``renovation.documents`` requires for this unit and these works (RN-2 … RN-5), one field
per document; signs the pledges it names (RN-6) and acknowledges the prohibitions (RN-8).
Contractor documents carry their expiry date, and an expired one is refused (RN-3).
Works that need a government approval first (RN-7) need the approval uploaded too; the
guide 《政府报批办事指南》 says where to obtain it.

The confirmation shows three decisions of the policy library, stored with the case as
one snapshot: the documents, the fees of the fee standard in force (RN-9,
``renovation.fees``) and the day by which a complete application is approved (RN-10,
``renovation.approval_due``: the case's due time).

``allow_denied`` is False, and nothing is ever denied: the three decisions only inform,
and what would leave an application incomplete (a missing or expired document, an
unsigned pledge, an unacknowledged prohibition) is refused on its own step.

The owner's renovations are what completion acceptance and the deposit refund refer to:
:class:`RenovationField` offers them.
"""

import logging
import unicodedata
from dataclasses import replace
from datetime import timedelta
from itertools import chain

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.documents.formatting import yuan
from portal.documents.records import end_of_day
from portal.estate.models import HouseholdMember, MemberRole
from portal.policies import adapter, facts
from portal.policies.labels import APPROVAL_LABELS, DOCUMENT_LABELS, FEE_LABELS, PLEDGE_LABELS, label_of

from ..fields import PhoneField, UnitField
from ..registry import register
from ..steps import OwnerStep
from ..uploads import UploadField
from ..wizard import OwnerWizard

logger = logging.getLogger(__name__)

DOCUMENTS, FEES, APPROVAL_DUE = "renovation.documents", "renovation.fees", "renovation.approval_due"

# The guide to government approvals (RN-7), found by its slug wherever editors put it.
APPROVALS_GUIDE_SLUG = "government-approvals"

# The contractor's documents, whose validity staff check (RN-3): each carries its expiry date.
EXPIRING_DOCUMENTS = (
    "contractor_id", "contractor_authorisation", "business_licence", "construction_qualification", "tax_registration",
)
VALID_UNTIL = "_valid_until"
APPROVAL_SUFFIX = "_approval"

# Who applies, as ``renovation.documents`` knows it (RN-5).
OWNER, OWNER_AGENT, TENANT = "owner", "owner_agent", "tenant"
ROLES = [
    (OWNER, _("The owner, in person")),
    (OWNER_AGENT, _("Someone acting for the owner (the owner's power of attorney is needed)")),
    (TENANT, _("A tenant, authorised by the owner (the lease and the owner's power of attorney are needed)")),
]
# What the register allows each member of a household to apply as.
ROLES_BY_MEMBERSHIP = {
    MemberRole.OWNER: (OWNER, OWNER_AGENT),
    MemberRole.FAMILY: (OWNER_AGENT,),
    MemberRole.TENANT: (TENANT,),
}

CONTRACTOR, SELF = "contractor", "self"
WORKS_BY = [(CONTRACTOR, _("A renovation contractor")), (SELF, _("We do the works ourselves (self-renovation)"))]

date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def one_per_line(texts) -> str:
    return format_html_join(mark_safe("<br>"), "{}", ((text,) for text in texts))


# --- The steps -------------------------------------------------------------------------


class ApplicantStep(OwnerStep):
    title = _("Who is applying")

    unit = UnitField()
    role = forms.ChoiceField(label=_("You apply as"), choices=ROLES, widget=forms.RadioSelect)
    tenant_is_company = forms.BooleanField(
        label=_("The tenant is a company"),
        required=False,
        help_text=_("A company adds its business licence and its legal representative's certificate and authorisation."),
    )
    company_name = forms.CharField(label=_("Company name"), required=False, max_length=100)
    phone = PhoneField()

    @classmethod
    def initial_for(cls, applicant) -> dict:
        initial = super().initial_for(applicant)
        roles = {
            ROLES_BY_MEMBERSHIP[role][0]
            for role in HouseholdMember.objects.filter(
                person=applicant.person, ended_on__isnull=True, household__ended_on__isnull=True
            ).values_list("role", flat=True)
        }
        if len(roles) == 1:
            initial["role"] = roles.pop()
        return initial

    def clean(self):
        cleaned = super().clean()
        unit, role = cleaned.get("unit"), cleaned.get("role")
        registered = self.applicant.role_in(unit)
        if registered and role and role not in ROLES_BY_MEMBERSHIP[registered]:
            labels = dict(ROLES)
            self.add_error("role", ValidationError(
                _("The register lists you as %(role)s of this unit, so you apply as: %(allowed)s."),
                code="role",
                params={
                    "role": MemberRole(registered).label,
                    "allowed": "、".join(str(labels[choice]) for choice in ROLES_BY_MEMBERSHIP[registered]),
                },
            ))
        if role != TENANT:
            cleaned["tenant_is_company"] = False
            cleaned["company_name"] = ""
        elif cleaned.get("tenant_is_company") and not cleaned.get("company_name"):
            self.add_error("company_name", _("Enter the name of the tenant company."))
        return cleaned


class ScopeStep(OwnerStep):
    title = _("The works")

    works_by = forms.ChoiceField(label=_("Who does the works?"), choices=WORKS_BY, widget=forms.RadioSelect)
    contractor = forms.CharField(label=_("Contractor (company name)"), required=False, max_length=100)
    responsible_person = forms.CharField(
        label=_("Person responsible for the works"),
        max_length=50,
        help_text=_("Shown with their phone number on the construction permit posted at your door."),
    )
    responsible_phone = PhoneField(label=_("Phone of the person responsible"))
    starts_on = forms.DateField(label=_("Works start on"), widget=date_input)
    ends_on = forms.DateField(label=_("Works end by"), widget=date_input)
    worker_passes = forms.IntegerField(
        label=_("Worker passes needed"),
        min_value=0,
        max_value=50,
        initial=0,
        help_text=_("One pass for each worker coming on site; each pass is charged at the published price."),
    )
    description = forms.CharField(
        label=_("What will be done?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rooms and works, e.g. “new kitchen and bathroom tiles, move one non-load-bearing wall”."),
    )
    commercial_or_key_site = forms.BooleanField(
        label=_("The premises are commercial or a key renovation site (e.g. a shop, restaurant or public venue)"),
        required=False,
    )
    fire_filing = forms.BooleanField(label=_("The works need a fire-protection filing"), required=False)
    structural_change = forms.BooleanField(
        label=_("The works change the structure (load-bearing walls, floor slabs, openings)"), required=False
    )
    gas_change = forms.BooleanField(label=_("The works move or change gas pipes or the gas meter"), required=False)
    fire_system_modified = forms.BooleanField(
        label=_("The works modify the fire system (sprinklers, smoke detectors, alarms)"), required=False
    )

    # How long works may be planned ahead and last.
    STARTS_WITHIN = timedelta(days=180)
    LASTS_AT_MOST = timedelta(days=365)

    @classmethod
    def initial_for(cls, applicant) -> dict:
        initial = super().initial_for(applicant)
        initial.pop("responsible_phone", None)  # the contractor's phone, not necessarily the owner's
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("works_by") == CONTRACTOR and not cleaned.get("contractor"):
            self.add_error("contractor", _("Enter the name of the renovation contractor."))
        if cleaned.get("works_by") == SELF:
            cleaned["contractor"] = ""
        today = timezone.localdate()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on is not None:
            if starts_on < today:
                self.add_error("starts_on", _("Choose a start date from today on."))
            elif starts_on > today + self.STARTS_WITHIN:
                self.add_error("starts_on", _("Choose a start date within the next %(days)s days.")
                               % {"days": self.STARTS_WITHIN.days})
        if starts_on is not None and ends_on is not None:
            if ends_on < starts_on:
                self.add_error("ends_on", _("The works cannot end before they start."))
            elif ends_on > starts_on + self.LASTS_AT_MOST:
                self.add_error("ends_on", _("Works may be planned for at most %(days)s days.")
                               % {"days": self.LASTS_AT_MOST.days})
        return cleaned


class ExpiryDateField(forms.DateField):
    """The expiry date printed on a contractor's document; an expired document is refused (RN-3)."""

    default_error_messages = {
        "expired": _("“%(document)s” expired on %(date)s. We can only accept valid documents: please ask the "
                     "contractor for a current one."),
    }

    def __init__(self, *, document: str, **kwargs):
        self.document = document
        kwargs.setdefault("label", _("Valid until"))
        kwargs.setdefault("widget", date_input)
        kwargs.setdefault(
            "help_text",
            _("The expiry date printed on the document; for one valid without limit, enter 2099-12-31."),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and value < timezone.localdate():
            raise ValidationError(
                self.error_messages["expired"],
                code="expired",
                params={"document": self.document, "date": date_format(value, "Y-m-d")},
            )


class DocumentsStep(OwnerStep):
    """One upload for each document required for this unit and these works, and one for
    each government approval they need; the fields come from the decision."""

    title = _("Documents")

    def __init__(self, *args, documents=(), approvals=(), guide=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code in documents:
            label = label_of(DOCUMENT_LABELS, code)
            self.fields[code] = UploadField(label=label)
            if code in EXPIRING_DOCUMENTS:
                self.fields[f"{code}{VALID_UNTIL}"] = ExpiryDateField(
                    document=label, label=_("%(document)s: valid until") % {"document": label}
                )
        for code in approvals:
            self.fields[f"{code}{APPROVAL_SUFFIX}"] = UploadField(
                label=_("Government approval: %(approval)s") % {"approval": label_of(APPROVAL_LABELS, code)},
                help_text=approval_help(guide),
            )


def approval_help(guide) -> str:
    """Where to obtain a government approval: a link to the guide, when it is published."""
    text = gettext("These works must be approved by the authorities before they start. PDF, JPEG or PNG, at most 10 MB.")
    if guide is None:
        return text
    url, title = guide
    return format_html('{} <a href="{}">{}</a>', text, url, gettext("Read 《%(title)s》.") % {"title": title})


class PledgesStep(OwnerStep):
    """Each record to sign (RN-6): a tick and the applicant's full name, as typed signature."""

    title = _("Sign the pledges")

    def __init__(self, *args, pledges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pledges = tuple(pledges)
        for code in self.pledges:
            record = label_of(PLEDGE_LABELS, code)
            self.fields[f"pledge_{code}"] = forms.BooleanField(
                label=_("I have read %(record)s and sign it.") % {"record": record},
                error_messages={"required": _("Tick the box to sign %(record)s.") % {"record": record}},
            )
            self.fields[f"pledge_{code}_name"] = forms.CharField(
                label=_("Signature on %(record)s: your full name") % {"record": record}, max_length=50,
            )

    def clean(self):
        cleaned = super().clean()
        registered = _normalised(self.applicant.person.name)
        for code in self.pledges:
            name = cleaned.get(f"pledge_{code}_name")
            if name and _normalised(name) != registered:
                self.add_error(f"pledge_{code}_name", ValidationError(
                    _("Type your full name as registered with us: %(name)s."),
                    code="signature",
                    params={"name": self.applicant.person.name},
                ))
        return cleaned

    def answers(self) -> dict:
        return {"signed_pledges": {code: self.cleaned_data[f"pledge_{code}_name"] for code in self.pledges}}


def _normalised(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _acknowledgement(label):
    return forms.BooleanField(
        label=label, error_messages={"required": _("Tick the box to confirm you will keep this rule.")}
    )


class ProhibitionsStep(OwnerStep):
    """The rules explained in writing before works start (RN-8)."""

    title = _("Rules during the works")

    no_exterior_change = _acknowledgement(
        _("I will not change the exterior of the building: façade, outer windows, balconies.")
    )
    no_security_bars = _acknowledgement(_("I will not install security bars on windows or balconies."))
    fire_safety = _acknowledgement(
        _("I will keep the site fire-safe: no open flame or welding without a hot-work permit, "
          "no prohibited materials, extinguishers at hand.")
    )
    public_area_protection = _acknowledgement(
        _("I will protect the public areas (lifts, corridors, stairs) and repair any damage.")
    )
    moving_hours = _acknowledgement(_("Materials and debris are moved only during the permitted hours."))
    construction_order = _acknowledgement(
        _("The works keep to the permitted hours and the estate's construction rules, and workers carry their passes.")
    )


# --- The wizard ------------------------------------------------------------------------


def combine(decisions):
    """Several decisions of the policy library as one, to preview and store with the case, to preview and store with the case: their values merged,
    their reasons in order; denied if any is, allowed if any is, else information."""
    outcomes = {decision.outcome for decision in decisions}
    outcome = "deny" if "deny" in outcomes else "allow" if "allow" in outcomes else "info"
    values = {}
    for decision in decisions:
        values.update(decision.values)
    return replace(
        decisions[0],
        procedure="+".join(decision.procedure for decision in decisions),
        outcome=outcome,
        values=values,
        reasons=tuple(chain.from_iterable(decision.reasons for decision in decisions)),
    )


def documents_facts(data: dict) -> dict:
    """The facts of ``renovation.documents`` from the answers about who applies and the works."""
    return facts.renovation_documents_facts(
        data["unit"],
        applicant=data["role"],
        self_renovation=data["works_by"] == SELF,
        tenant_is_company=bool(data.get("tenant_is_company")),
        commercial_or_key_site=bool(data.get("commercial_or_key_site")),
        fire_filing=bool(data.get("fire_filing")),
        structural_change=bool(data.get("structural_change")),
        gas_change=bool(data.get("gas_change")),
    )


@register(Procedure.RENOVATION)
class RenovationWizard(OwnerWizard):
    procedure = Procedure.RENOVATION
    form_list = [
        ("applicant", ApplicantStep),
        ("scope", ScopeStep),
        ("documents", DocumentsStep),
        ("pledges", PledgesStep),
        ("prohibitions", ProhibitionsStep),
    ]
    #: The decisions previewed and stored with the case, in this order.
    policies = (DOCUMENTS, FEES, APPROVAL_DUE)
    due_value = "due"
    allow_denied = False
    notes = (
        _("Bring the originals of the documents when you sign and pay at the service centre; the cashier "
          "confirms the fees."),
        _("Before the construction permit is issued, engineering staff check that the public areas are protected. "
          "Works may start only with the permit posted at your door."),
        _("The deposit is refunded after the completion acceptance, less any fines and unpaid fees."),
    )

    # --- What the decisions ask of the owner ---

    def answers_about_the_works(self) -> dict | None:
        """The answers of the steps ``renovation.documents`` depends on, or None before they are complete."""
        data = {}
        for step in ("applicant", "scope"):
            cleaned = self.get_cleaned_data_for_step(step)
            if cleaned is None:
                return None
            data.update(cleaned)
        return data

    def required(self) -> dict:
        """What ``renovation.documents`` requires for the answers so far (nothing before they are complete)."""
        if not hasattr(self, "_preview_required"):
            data = self.answers_about_the_works()
            values = {}
            if data is not None:
                try:
                    values = adapter.decide(DOCUMENTS, documents_facts(data), on_date=timezone.localdate(self.now)).values
                except (LookupError, ValueError) as error:
                    logger.warning("renovation: no decision for %s: %r", DOCUMENTS, error)
            self._preview_required = values
        return self._preview_required

    def approvals_guide(self) -> tuple[str, str] | None:
        """``(url, title)`` of the published guide to government approvals, if there is one."""
        if not hasattr(self, "_preview_guide"):
            page = Page.objects.live().public().filter(slug=APPROVALS_GUIDE_SLUG).first()
            url = page.get_url(self.request) if page is not None else None
            self._preview_guide = (url, page.title) if url else None
        return self._preview_guide

    def process_posted_step(self, **kwargs):
        if self.steps.current == "documents":
            form = self.get_form(data=self.request.POST, files=self.request.FILES)
            if not form.is_valid():
                self.keep_checked_uploads(form)
                return self.render(self.get_form(data=self.request.POST, files=self.request.FILES))
        return super().process_posted_step(**kwargs)

    def keep_checked_uploads(self, form) -> None:
        """Keep the new files of an invalid documents step that passed their own checks:
        a mistake elsewhere on the step (an expired date) never costs the owner the
        dozen files they chose."""
        checked = {
            form.add_prefix(name): form.cleaned_data[name]
            for name in form.file_fields()
            if form.add_prefix(name) in self.request.FILES and name not in form.errors and form.cleaned_data.get(name)
        }
        if checked:
            step = self.steps.current
            self.storage.set_step_files(step, {**(self.storage.get_step_files(step) or {}), **checked})
            self._forget_derived()
            self.autosave()

    def get_form_kwargs(self, step=None):
        kwargs = super().get_form_kwargs(step)
        if step == "documents":
            required = self.required()
            kwargs.update(
                documents=required.get("required_documents", ()),
                approvals=required.get("government_approvals", ()),
                guide=self.approvals_guide(),
            )
        elif step == "pledges":
            kwargs["pledges"] = self.required().get("required_pledges", ())
        return kwargs

    # --- The decisions on the confirmation step ---

    def get_facts(self, data, received_at):
        """The facts of each of :attr:`policies`, by procedure."""
        return {
            DOCUMENTS: documents_facts(data),
            FEES: facts.renovation_fees_facts(
                data["unit"],
                worker_passes=data["worker_passes"],
                fire_system_modified=bool(data.get("fire_system_modified")),
            ),
            APPROVAL_DUE: {"complete_at": received_at},
        }

    def ask_policy(self, data, received_at, **kwargs):
        try:
            asked = self.get_facts(data, received_at)
            on_date = timezone.localdate(received_at)
            decisions = [adapter.decide(policy, asked[policy], on_date=on_date) for policy in self.policies]
        except (KeyError, LookupError, ValueError) as error:
            logger.warning("renovation: no decision: %r", error)
            return None, gettext("Some answers cannot be accepted as they are. Please change them with “Previous”.")
        return combine(decisions), None

    def get_due_at(self, decision):
        due = decision.values.get(self.due_value) if decision is not None else None
        return end_of_day(due) if due is not None else None

    def get_preview(self, decision):
        values = decision.values
        rows = [
            (_("Documents required"), one_per_line(label_of(DOCUMENT_LABELS, code) for code in values["required_documents"])),
            (_("Records you sign"), one_per_line(label_of(PLEDGE_LABELS, code) for code in values["required_pledges"])),
        ]
        if values["government_approvals"]:
            rows.append((_("Approvals needed first"), self.approvals_text(values["government_approvals"])))
        rows += [(label_of(FEE_LABELS, item["code"]), yuan(item["amount"])) for item in values["items"]]
        rows.append((_("Total fees"), yuan(values["total"])))
        rows.append((
            _("Approval expected by"),
            _("%(date)s, within %(days)s of a complete application") % {
                "date": date_format(values["due"], "Y-m-d"),
                "days": adapter.format_parameter("renovation_approval_working_days", timezone.localdate(self.now)),
            },
        ))
        return rows

    def approvals_text(self, codes) -> str:
        approvals = one_per_line(label_of(APPROVAL_LABELS, code) for code in codes)
        guide = self.approvals_guide()
        if guide is None:
            return approvals
        url, title = guide
        return format_html('{}<br><a href="{}">《{}》</a>', approvals, url, title)


# --- The owner's renovations, for the procedures that follow one ----------------------------

S = SubmissionStatus
# Renovations not yet approved: offered only when the owner has no other.
AWAITING_APPROVAL = (S.SUBMITTED, S.INFO_REQUESTED)


def own_renovations(applicant):
    """The applicant's own renovation applications for units they currently hold."""
    return (
        Submission.objects.filter(procedure=Procedure.RENOVATION, applicant=applicant.person, unit__in=applicant.units)
        .select_related("unit__building")
        .order_by("-submitted_at", "-id")
    )


def offered_renovations(applicant, statuses) -> tuple:
    """``(renovations, awaiting_approval)``: the applicant's renovations in ``statuses``;
    when there are none, those still awaiting approval, and True."""
    own = own_renovations(applicant)
    offered = own.filter(status__in=statuses)
    if offered.exists():
        return offered, False
    return own.filter(status__in=AWAITING_APPROVAL), True


NO_RENOVATION_HELP = _("We have no renovation application of yours on record. Please apply for the renovation first.")
AWAITING_APPROVAL_HELP = _("Your renovation application has not been approved yet. You can still apply: staff check "
                           "the approval first.")


class RenovationField(forms.ModelChoiceField):
    """One of the applicant's own renovations in ``statuses`` (approved, in progress …).

    When they have none, their applications still awaiting approval are offered instead
    and the field says so: staff then check the approval first.
    """

    default_error_messages = {
        "invalid_choice": _("This is not one of your renovations. Choose one of those listed."),
    }

    def __init__(self, *, statuses, **kwargs):
        self.statuses = tuple(statuses)
        kwargs.setdefault("label", _("Renovation"))
        kwargs.setdefault("empty_label", _("Choose your renovation"))
        super().__init__(queryset=Submission.objects.none(), **kwargs)

    def bind_applicant(self, applicant):
        self.queryset, awaiting = offered_renovations(applicant, self.statuses)
        if not self.queryset.exists():
            self.help_text = NO_RENOVATION_HELP
        elif awaiting:
            self.help_text = AWAITING_APPROVAL_HELP

    def initial_for(self, applicant):
        offered = list(offered_renovations(applicant, self.statuses)[0][:2])
        return offered[0].pk if len(offered) == 1 else None

    def label_from_instance(self, renovation):
        day = date_format(timezone.localtime(renovation.submitted_at), "Y-m-d")
        return f"{renovation.reference} · {renovation.unit} · {day} · {renovation.get_status_display()}"
