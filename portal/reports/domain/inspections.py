"""Daily inspection coverage (《楼层巡检表》, IN-1, IN-3).

IN-1: each assistant makes a round every day (site plan, greenery, lobbies, car park and
five floors) and every floor is walked twice a week. For the period: each assistant's
days with a completed round and floors walked; the floors of the estate walked at least
twice; and the problems found, forwarded within 30 minutes and checked on site by the
next day (IN-3).
"""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Building
from portal.inspections.models import Finding, FindingState, InspectionFloor
from portal.inspections.services import WEEKLY_PASSES
from portal.organisation.groups import ASSISTANT

from .. import charts
from ..base import Figure, Report, Result, Table, percent, rate
from ..periods import WEEK
from ..registry import register


def _name(row) -> str:
    return f"{row['last_name']}{row['first_name']}".strip() or row["username"]


@register
class InspectionsReport(Report):
    slug = "inspections"
    title = _("Inspection coverage")
    record_name = "《楼层巡检表》"
    policies = ("IN-1", "IN-3")
    default_period = WEEK
    description = _("Daily rounds per assistant, floors walked twice a week, and the problems found.")

    def build(self, period):
        in_period = Q(inspections__day__gte=period.start, inspections__day__lte=period.end)
        completed = in_period & Q(inspections__completed_at__isnull=False)
        assistants = list(
            get_user_model().objects.filter(Q(groups__name=ASSISTANT) | in_period)
            .distinct().order_by("last_name", "first_name", "username")
            .annotate(
                rounds=Count("inspections__day", filter=completed, distinct=True),
                all_areas=Count("inspections", distinct=True, filter=completed & Q(
                    inspections__area_site_plan=True, inspections__area_greenery=True,
                    inspections__area_lobby=True, inspections__area_car_park=True)),
                floors=Count("inspections__floors", filter=completed & Q(inspections__floors__checked=True)),
            )
            .values("username", "first_name", "last_name", "rounds", "all_areas", "floors")
        )
        walks = InspectionFloor.objects.filter(
            checked=True, inspection__day__gte=period.start, inspection__day__lte=period.end
        )
        floors_total = Building.objects.aggregate(n=Sum("floors"))["n"] or 0
        # One row per floor walked at least twice (the database groups and counts the walks).
        twice = Counter(
            building for building, _floor in walks.order_by().values("building", "floor")
            .annotate(n=Count("pk")).filter(n__gte=WEEKLY_PASSES).values_list("building", "floor")
        )
        floors_twice = sum(twice.values())
        by_building = list(Building.objects.order_by("estate__name", "name").values("pk", "name", "floors"))
        findings = Finding.objects.filter(
            found_at__gte=period.start_at, found_at__lt=period.end_at
        ).aggregate(
            total=Count("pk"),
            fixed=Count("pk", filter=Q(state=FindingState.FIXED)),
            forwarded=Count("pk", filter=Q(forwarded_at__isnull=False)),
            forwarded_on_time=Count("pk", filter=Q(forwarded_at__lte=F("forward_by"))),
            to_verify=Count("pk", filter=Q(verify_by__isnull=False)),
            verified_on_time=Count("pk", filter=Q(verified_at__lte=F("verify_by"))),
        )

        coverage = rate(floors_twice, floors_total)
        result = Result()
        result.figures = [
            Figure(_("Days in the period"), period.days),
            Figure(_("Floors walked at least twice"), f"{floors_twice} / {floors_total}", _("IN-1: every floor twice a week"),
                   floors_twice >= floors_total if floors_total else None),
            Figure(_("Floor coverage"), percent(coverage), "IN-1"),
            Figure(_("Problems found"), findings["total"]),
            Figure(_("Forwarded within 30 minutes"),
                   percent(rate(findings["forwarded_on_time"], findings["forwarded"])), "IN-3"),
            Figure(_("Checked on site by the next day"),
                   percent(rate(findings["verified_on_time"], findings["to_verify"])), "IN-3"),
        ]
        result.tables.append(
            Table(
                _("Rounds per assistant"),
                [_("Assistant"), _("Days with a completed round"), _("Daily round rate"),
                 _("Rounds covering every area"), _("Floors walked")],
                [[_name(row), row["rounds"], percent(rate(row["rounds"], period.days)), row["all_areas"], row["floors"]]
                 for row in assistants],
            )
        )
        result.tables.append(
            Table(
                _("Floors walked at least twice, by building"),
                [_("Building"), _("Floors"), _("Walked at least twice"), _("Coverage")],
                [[row["name"], row["floors"], twice.get(row["pk"], 0),
                  percent(rate(twice.get(row["pk"], 0), row["floors"]))] for row in by_building],
            )
        )
        result.tables.append(
            Table(
                _("Problems found"),
                [_("Found"), _("Fixed on the spot"), _("Forwarded"), _("Forwarded within 30 minutes"),
                 _("Checked on site on time")],
                [[findings["total"], findings["fixed"], findings["forwarded"], findings["forwarded_on_time"],
                  findings["verified_on_time"]]],
            )
        )
        result.charts.append(
            charts.Chart(
                _("Days with a completed round"),
                charts.bars(_("Days with a completed round"), [_name(row) for row in assistants],
                            {_("Days with a completed round"): [row["rounds"] for row in assistants],
                             _("Days in the period"): [period.days for _row in assistants]}),
            )
        )
        result.charts.append(
            charts.Chart(
                _("Floors walked at least twice, by building"),
                charts.bars(_("Floors walked at least twice, by building"), [row["name"] for row in by_building],
                            {_("Floors"): [row["floors"] for row in by_building],
                             _("Walked at least twice"): [twice.get(row["pk"], 0) for row in by_building]}),
            )
        )
        return result
