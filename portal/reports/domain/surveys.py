"""Written satisfaction survey rates (《满意度调查统计表》, SV-2, SV-3).

For each survey round taking answers in the period: the households, the questionnaires
handed out and returned, and — asked of ``survey.rates`` — the distribution rate
(target 60%) and the return rate (target 50%); then the average score per department.
"""

from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _
from rules import FactsError

from portal.policies import adapter
from portal.surveys.models import Department, SurveyAnswer, SurveyRound

from .. import charts
from ..base import Figure, Report, Result, Table, percent, rate
from ..periods import MONTH
from ..registry import register

POLICY = "survey.rates"
PERCENT = Decimal("0.1")


def _rates(row, on_date):
    """``(distribution %, return %, meets both)``; the policy's when the figures are consistent."""
    try:
        values = adapter.decide(
            POLICY,
            {"households": row["households"], "distributed": row["distributed"], "returned": row["returned"]},
            on_date=on_date,
        ).values
    except FactsError:
        return rate(row["distributed"], row["households"]), rate(row["returned"], row["distributed"]), False
    return (
        (values["distribution_rate"] * 100).quantize(PERCENT),
        (values["return_rate"] * 100).quantize(PERCENT),
        values["meets_distribution"] and values["meets_return"],
    )


@register
class SurveysReport(Report):
    slug = "surveys"
    title = _("Survey rates")
    record_name = "《满意度调查统计表》"
    policies = ("SV-2", "SV-3")
    default_period = MONTH
    description = _("Questionnaires handed out and returned against the targets, and the average score per "
                    "department, for the survey rounds of the period.")

    def build(self, period):
        rounds = list(
            SurveyRound.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)
            .annotate(returned=Count("responses"))
            .order_by("starts_on", "pk")
            .values("pk", "title", "starts_on", "ends_on", "households", "distributed", "returned")
        )
        rates = [_rates(row, period.start) for row in rounds]
        scores = list(
            SurveyAnswer.objects.filter(response__round__in=[row["pk"] for row in rounds])
            .order_by().values("question__department")
            .annotate(average=Avg("score"), answers=Count("pk"), unsatisfied=Count("pk", filter=Q(score__lte=2)))
            .order_by("question__department")
        )
        result = Result()
        totals = {key: sum(row[key] for row in rounds) for key in ("households", "distributed", "returned")}
        result.figures = [
            Figure(_("Survey rounds"), len(rounds)),
            Figure(_("Households"), totals["households"]),
            Figure(_("Questionnaires handed out"), totals["distributed"]),
            Figure(_("Questionnaires returned"), totals["returned"]),
            Figure(_("Distribution rate"), percent(rate(totals["distributed"], totals["households"])), _("SV-2: ≥ 60%")),
            Figure(_("Return rate"), percent(rate(totals["returned"], totals["distributed"])), _("SV-2: ≥ 50%")),
        ]
        if not rounds:
            result.notes.append(_("Surveys are taken on 1–15 July and 15–30 January (SV-1): choose a period "
                                  "that includes one."))
        result.tables.append(
            Table(
                _("Survey rounds"),
                [_("Round"), _("From"), _("To"), _("Households"), _("Handed out"), _("Returned"),
                 _("Distribution rate"), _("Return rate"), _("Meets SV-2")],
                [[row["title"], row["starts_on"], row["ends_on"], row["households"], row["distributed"], row["returned"],
                  percent(distribution), percent(returned), _("Yes") if meets else _("No")]
                 for row, (distribution, returned, meets) in zip(rounds, rates, strict=True)],
            )
        )
        result.tables.append(
            Table(
                _("Average score per department"),
                [_("Department"), _("Answers"), _("Average score (1–5)"), _("Dissatisfied answers")],
                [[Department(row["question__department"]).label, row["answers"],
                  f"{row['average']:.2f}" if row["average"] is not None else None, row["unsatisfied"]]
                 for row in scores],
            )
        )
        result.charts.append(
            charts.Chart(
                _("Distribution and return rates"),
                charts.bars(_("Distribution and return rates"), [row["title"] for row in rounds],
                            {_("Distribution rate"): [r[0] for r in rates], _("Return rate"): [r[1] for r in rates]}),
            )
        )
        result.charts.append(
            charts.Chart(
                _("Average score per department"),
                charts.bars(_("Average score per department"),
                            [Department(row["question__department"]).label for row in scores],
                            {_("Average score (1–5)"): [round(row["average"], 2) for row in scores]}),
            )
        )
        return result
