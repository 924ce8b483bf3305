"""The tally of a survey round: rates against the SV-2 targets and 《满意度调查统计表》 (SV-3).

``rates`` asks ``survey.rates``; a questionnaire returned counts as handed out, so a
round whose distribution was not yet recorded still has a return rate. These are the
figures the admin, the results notice and the reports read.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q

from portal.policies import adapter

from .models import UNSATISFACTORY_SCORE, Department, SurveyAnswer, SurveyRound

RATES_POLICY = "survey.rates"
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rates:
    households: int
    distributed: int
    returned: int
    distribution_rate: Decimal
    return_rate: Decimal
    meets_distribution: bool
    meets_return: bool
    reasons: tuple  # (policy_id, message) pairs from survey.rates

    @property
    def meets_targets(self) -> bool:
        return self.meets_distribution and self.meets_return


def rates(survey: SurveyRound) -> Rates:
    """Distribution and return rates of ``survey`` against the SV-2 targets."""
    returned = survey.responses.count()
    distributed = min(max(survey.distributed, returned), survey.households)
    returned = min(returned, distributed)
    decision = adapter.decide(
        RATES_POLICY, {"households": survey.households, "distributed": distributed, "returned": returned},
        on_date=survey.ends_on,
    )
    values = decision.values
    return Rates(
        households=survey.households,
        distributed=distributed,
        returned=returned,
        distribution_rate=values["distribution_rate"],
        return_rate=values["return_rate"],
        meets_distribution=values["meets_distribution"],
        meets_return=values["meets_return"],
        reasons=tuple((reason.policy_id, reason.message) for reason in decision.reasons),
    )


@dataclass(frozen=True)
class DepartmentScore:
    """A department's line of 《满意度调查统计表》."""

    department: str
    label: str
    answers: int
    average: Decimal | None  # 1–5, two places
    satisfied: int  # scores of 4 and 5
    unsatisfactory: int  # scores of 1 and 2

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Share of answers scoring 4 or 5, a fraction to four places."""
        if not self.answers:
            return None
        return (Decimal(self.satisfied) / Decimal(self.answers)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def department_scores(survey: SurveyRound) -> list[DepartmentScore]:
    """Per department of the questionnaire: answers, average score, satisfied and unsatisfactory counts (SV-3)."""
    rows = {
        row["question__department"]: row
        for row in SurveyAnswer.objects.filter(response__round=survey)
        .values("question__department")
        .annotate(
            answers=Count("pk"),
            average=Avg("score"),
            satisfied=Count("pk", filter=Q(score__gte=4)),
            unsatisfactory=Count("pk", filter=Q(score__lte=UNSATISFACTORY_SCORE)),
        )
    }
    asked = set(survey.questions.values_list("department", flat=True))
    result = []
    for department in Department:
        if department.value not in asked:
            continue
        row = rows.get(department.value, {})
        average = row.get("average")
        result.append(
            DepartmentScore(
                department=department.value,
                label=str(department.label),
                answers=row.get("answers", 0),
                average=Decimal(str(average)).quantize(TWO_PLACES, ROUND_HALF_UP) if average is not None else None,
                satisfied=row.get("satisfied", 0),
                unsatisfactory=row.get("unsatisfactory", 0),
            )
        )
    return result


def unsatisfactory_answers(survey: SurveyRound):
    """The answers that need a written reply (SV-4), with their reply if one exists."""
    return (
        SurveyAnswer.objects.filter(response__round=survey, score__lte=UNSATISFACTORY_SCORE)
        .select_related("question", "response__unit__building", "reply")
        .order_by("response__unit__building__name", "response__unit__number", "question__position")
    )


def percent(fraction: Decimal | None) -> str:
    """``0.6250`` → ``62.5%``."""
    if fraction is None:
        return "—"
    value = (fraction * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value.normalize():f}%" if value == value.to_integral() else f"{value}%"
