"""The forms a wizard is made of.

Each step of a wizard is an :class:`OwnerStep`: a Django form with a ``title`` for the
step indicator, built for one :class:`~forms.applicant.Applicant` (fields narrowed and
prefilled from the register). Every wizard ends with a :class:`ConfirmStep`, added by
:class:`~forms.wizard.OwnerWizard`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .answers import json_safe


class OwnerStep(forms.Form):
    """One step of an owner's application.

    Subclasses declare fields and a ``title``. Fields that know the applicant
    (``bind_applicant`` / ``initial_for``, see :mod:`forms.fields`) are narrowed and
    prefilled automatically; override :meth:`initial_for` to prefill more.
    """

    title = ""
    template_name = "forms/step.html"

    def __init__(self, *args, applicant, **kwargs):
        self.applicant = applicant
        # Labels end as the step template lays them out, not with an ASCII colon.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if hasattr(field, "bind_applicant"):
                field.bind_applicant(applicant)

    @classmethod
    def initial_for(cls, applicant) -> dict:
        """Initial values from the register for a step the owner has not filled in yet."""
        initial = {}
        for name, field in cls.base_fields.items():
            if hasattr(field, "initial_for"):
                value = field.initial_for(applicant)
                if value not in (None, ""):
                    initial[name] = value
        return initial

    def file_fields(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def answers(self) -> dict:
        """The step's answers as plain JSON (uploaded files are kept as files, not here)."""
        files = set(self.file_fields())
        return {name: json_safe(value) for name, value in self.cleaned_data.items() if name not in files}

    def uploads(self) -> dict:
        """``{field name: uploaded file}`` for the files given on this step."""
        return {name: self.cleaned_data[name] for name in self.file_fields() if self.cleaned_data.get(name)}


class ConfirmStep(OwnerStep):
    """The last step: the owner reads back their answers and what the policies say, and
    confirms. A denied application cannot be confirmed unless the wizard lets it go to
    staff for review, and then only with the owner's explicit request."""

    title = _("Check and submit")

    confirm = forms.BooleanField(
        label=_("I confirm that the information above is true and complete."),
        error_messages={"required": _("Please tick the box to confirm your answers.")},
    )

    def __init__(self, *args, decision=None, problem=None, allow_denied=False, denial=None, **kwargs):
        self.decision = decision
        self.problem = problem
        # The reasons the wizard says deny the application (default: those of a denied decision).
        if denial is None:
            denial = decision.reasons if decision is not None and decision.outcome == "deny" else ()
        self.denial = tuple(denial)
        self.allow_denied = allow_denied
        super().__init__(*args, **kwargs)
        if self.is_denied and allow_denied:
            self.fields["review_anyway"] = forms.BooleanField(
                label=_("I understand the conditions above are not met and ask staff to review my application anyway."),
                error_messages={"required": _("Tick this box if you want staff to review your application anyway.")},
            )

    @property
    def is_denied(self) -> bool:
        return self.problem is not None or bool(self.denial)

    @property
    def can_submit(self) -> bool:
        return self.problem is None and (not self.is_denied or self.allow_denied)

    def clean(self):
        cleaned = super().clean()
        if not self.can_submit:
            raise ValidationError(
                _("This application cannot be submitted as it stands. See above for why and what you can do."),
                code="denied",
            )
        return cleaned

    def answers(self) -> dict:
        return {"review_anyway": True} if self.cleaned_data.get("review_anyway") else {}
