"""Proactive visit quotas (《访问客户记录表》, VS-2): each assistant visits at least ten
households a month. A household counts once a month however often it is visited."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.organisation.groups import ASSISTANT
from portal.policies import adapter
from portal.visits.models import RaisedAs, Satisfaction, Visit

from .. import charts
from ..base import Figure, Report, Result, Table
from ..periods import MONTH
from ..registry import register
from .inspections import _name

POLICY = "visits.quota"


@register
class VisitsReport(Report):
    slug = "visits"
    title = _("Visit quotas")
    record_name = "《访问客户记录表》"
    policies = ("VS-2", "VS-3")
    default_period = MONTH
    description = _("Households visited by each assistant against the monthly quota, how satisfied they were "
                    "and what was raised.")

    def build(self, period):
        in_period = Q(visits__visited_on__gte=period.start, visits__visited_on__lte=period.end)
        assistants = list(
            get_user_model().objects.filter(Q(groups__name=ASSISTANT) | in_period).distinct()
            .order_by("last_name", "first_name", "username")
            .annotate(households=Count("visits__unit", filter=in_period, distinct=True),
                      visits_made=Count("visits", filter=in_period, distinct=True))
            .values("username", "first_name", "last_name", "households", "visits_made")
        )
        # The quota is the policy's: asked once per assistant with the counts the database made.
        verdicts = [
            adapter.decide(POLICY, {"visits_this_month": row["households"]}, on_date=period.start).values
            for row in assistants
        ]
        visits = Visit.objects.filter(visited_on__gte=period.start, visited_on__lte=period.end)
        totals = visits.aggregate(
            total=Count("pk"),
            households=Count("unit", distinct=True),
            raised=Count("pk", filter=~Q(raised_as="")),
        )
        satisfaction = dict(visits.order_by().values_list("satisfaction").annotate(n=Count("pk")))
        raised = dict(visits.exclude(raised_as="").order_by().values_list("raised_as").annotate(n=Count("pk")))

        quota = adapter.parameter_value("visits_monthly_quota", period.start)
        met = sum(1 for verdict in verdicts if verdict["meets"])
        result = Result()
        result.figures = [
            Figure(_("Visits made"), totals["total"]),
            Figure(_("Households visited"), totals["households"]),
            Figure(_("Assistants meeting the quota"), f"{met} / {len(assistants)}", _("VS-2: %(quota)s households a month") % {"quota": quota},
                   met == len(assistants) if assistants else None),
            Figure(_("Opinions passed on"), totals["raised"], "VS-3"),
        ]
        if period.days < 28:
            result.notes.append(_("The quota is monthly: choose a month to compare with it."))
        result.tables.append(
            Table(
                _("Households visited per assistant"),
                [_("Assistant"), _("Visits"), _("Households"), _("Meets the quota"), _("Short by")],
                [[_name(row), row["visits_made"], row["households"], _("Yes") if verdict["meets"] else _("No"),
                  verdict["shortfall"]] for row, verdict in zip(assistants, verdicts, strict=True)],
            )
        )
        result.tables.append(
            Table(_("Satisfaction"), [_("Satisfaction"), _("Visits")],
                  [[choice.label, satisfaction.get(choice.value, 0)] for choice in Satisfaction])
        )
        result.tables.append(
            Table(_("Opinions passed on"), [_("Raised as"), _("Visits")],
                  [[choice.label, raised.get(choice.value, 0)] for choice in RaisedAs if choice.value])
        )
        result.charts.append(
            charts.Chart(
                _("Households visited per assistant"),
                charts.bars(_("Households visited per assistant"), [_name(row) for row in assistants],
                            {_("Households"): [row["households"] for row in assistants],
                             _("Quota"): [quota for _row in assistants]}),
            )
        )
        result.charts.append(
            charts.Chart(_("Satisfaction"),
                         charts.pie(_("Satisfaction"), {c.label: satisfaction.get(c.value, 0) for c in Satisfaction}))
        )
        return result
