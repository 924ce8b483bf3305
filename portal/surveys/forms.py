"""Forms of the survey: opening a round, the questionnaire (on paper in the admin and
online for owners), the distribution count and the steps of a written reply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Building, Estate, Household

from .models import Department

SCORE_CHOICES = [
    (5, _("5 · Very satisfied")),
    (4, _("4 · Satisfied")),
    (3, _("3 · Neither")),
    (2, _("2 · Dissatisfied")),
    (1, _("1 · Very dissatisfied")),
]


class RoundForm(forms.Form):
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=Estate.objects.order_by("name"))
    title = forms.CharField(label=_("Title"), max_length=100, help_text=_("For example: 2027年年初书面意见调查"))
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    announced_on = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the notice of the survey was put up (SV-1)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        estates = self.fields["estate"].queryset
        if estates.count() == 1:
            self.fields["estate"].initial = estates.first()


class QuestionnaireForm(forms.Form):
    """One score from 1 to 5 and a comment per question of ``survey``, grouped by department."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        for question in self.questions:
            self.fields[f"score_{question.pk}"] = forms.TypedChoiceField(
                label=question.text, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
            )
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label=_("Your opinion on this point"), max_length=500, required=False,
                widget=forms.TextInput(attrs={"placeholder": _("Optional")}),
            )
        self.fields["comments"] = forms.CharField(
            label=_("Other opinions and suggestions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def sections(self):
        """``(department label, [(score field, comment field), …])`` in questionnaire order."""
        sections = []
        for question in self.questions:
            label = Department(question.department).label
            if not sections or sections[-1][0] != label:
                sections.append((label, []))
            sections[-1][1].append((self[f"score_{question.pk}"], self[f"comment_{question.pk}"]))
        return sections

    def scores(self) -> dict:
        return {
            question.pk: (self.cleaned_data[f"score_{question.pk}"], self.cleaned_data[f"comment_{question.pk}"])
            for question in self.questions
        }


class PaperQuestionnaireForm(QuestionnaireForm):
    """A paper questionnaire typed in by staff: whose it is first."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, survey=survey, **kwargs)
        head = {
            "building": forms.ModelChoiceField(
                label=_("Building"), queryset=Building.objects.filter(estate=survey.estate).order_by("name")
            ),
            "unit_number": forms.CharField(label=_("Unit number"), max_length=20),
            "respondent_name": forms.CharField(label=_("Respondent"), max_length=50, required=False),
        }
        self.fields = {**head, **self.fields}

    def clean(self):
        data = super().clean()
        building, number = data.get("building"), (data.get("unit_number") or "").strip()
        if building and number:
            household = Household.objects.current().filter(unit__building=building, unit__number=number).first()
            if household is None:
                self.add_error("unit_number", _("No household lives in %(building)s %(number)s now.")
                               % {"building": building, "number": number})
            data["household"] = household
        return data


class DistributionForm(forms.Form):
    distributed = forms.IntegerField(label=_("Questionnaires handed out"), min_value=0)


class CloseForm(forms.Form):
    report_note = forms.CharField(
        label=_("Meeting and report"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The corrective actions agreed per department and the report to the company (SV-3)."),
    )


class ReplyDraftForm(forms.Form):
    corrective_action = forms.CharField(
        label=_("Corrective and preventive action"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reply_text = forms.CharField(label=_("Reply to the customer"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyApproveForm(forms.Form):
    management_approval = forms.CharField(
        label=_("Management department's approval"), max_length=200,
        help_text=_("Who at the company's management department approved it, and when."),
    )
