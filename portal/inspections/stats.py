"""Inspection coverage and the timeliness of findings (IN-1, IN-3).

- :func:`coverage_grid`: every floor of every building of an estate and how many times it
  was walked each day of a week; IN-1 wants every floor twice a week.
- :func:`daily_rounds`: which assistants completed a round on which day (IN-1: every day).
- :func:`finding_counts`: findings of a period by outcome, and how many met their IN-3 deadlines.

These are the figures the admin's coverage page, the dashboard and the reports read.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q

from portal.estate.models import Building

from .models import Finding, FindingState, Inspection, InspectionFloor
from .services import WEEKLY_PASSES, week_start


@dataclass
class FloorRow:
    floor: int
    per_day: list[int]  # walks on Monday … Sunday

    @property
    def total(self) -> int:
        return sum(self.per_day)

    @property
    def meets(self) -> bool:
        return self.total >= WEEKLY_PASSES


@dataclass
class BuildingCoverage:
    building: Building
    rows: list[FloorRow] = field(default_factory=list)

    @property
    def floors_covered(self) -> int:
        """Floors walked at least twice this week (IN-1)."""
        return sum(1 for row in self.rows if row.meets)


def week_days(start: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range(7)]


def coverage_grid(estate, any_day: date) -> list[BuildingCoverage]:
    """Walks per floor and day in ``any_day``'s week (Monday to Sunday), highest floor first."""
    start = week_start(any_day)
    walks = Counter(
        (building_id, floor, day)
        for building_id, floor, day in InspectionFloor.objects.filter(
            checked=True, inspection__estate=estate, inspection__day__gte=start,
            inspection__day__lt=start + timedelta(days=7),
        ).values_list("building_id", "floor", "inspection__day")
    )
    days = week_days(start)
    grid = []
    for building in Building.objects.filter(estate=estate).order_by("name", "pk"):
        coverage = BuildingCoverage(building=building)
        for floor in range(building.floors, 0, -1):
            coverage.rows.append(FloorRow(floor=floor, per_day=[walks[(building.pk, floor, day)] for day in days]))
        grid.append(coverage)
    return grid


def coverage_summary(estate, any_day: date) -> tuple[int, int]:
    """``(floors walked at least twice, all floors)`` in ``any_day``'s week (IN-1)."""
    grid = coverage_grid(estate, any_day)
    return sum(building.floors_covered for building in grid), sum(len(building.rows) for building in grid)


def daily_rounds(start: date, end: date) -> dict[int, set[date]]:
    """``{inspector id: days with a completed round}`` from ``start`` to ``end`` inclusive (IN-1)."""
    rounds = defaultdict(set)
    for inspector_id, day in Inspection.objects.filter(
        day__gte=start, day__lte=end, completed_at__isnull=False
    ).values_list("inspector_id", "day"):
        rounds[inspector_id].add(day)
    return dict(rounds)


@dataclass(frozen=True)
class FindingCounts:
    total: int
    fixed_on_spot: int
    forwarded: int
    forwarded_on_time: int
    verified: int
    verified_on_time: int
    open: int


def finding_counts(start: date, end: date, estate=None) -> FindingCounts:
    """Findings of rounds from ``start`` to ``end`` inclusive, by outcome and IN-3 timeliness."""
    findings = Finding.objects.filter(inspection__day__gte=start, inspection__day__lte=end)
    if estate is not None:
        findings = findings.filter(inspection__estate=estate)
    counts = findings.aggregate(
        total=Count("pk"),
        fixed_on_spot=Count("pk", filter=Q(state=FindingState.FIXED)),
        forwarded=Count("pk", filter=Q(forwarded_at__isnull=False)),
        forwarded_on_time=Count("pk", filter=Q(forwarded_at__isnull=False, forwarded_at__lte=F("forward_by"))),
        verified=Count("pk", filter=Q(state=FindingState.VERIFIED)),
        verified_on_time=Count("pk", filter=Q(state=FindingState.VERIFIED, verified_at__lt=F("verify_by"))),
        open=Count("pk", filter=Q(state__in=(FindingState.OPEN, FindingState.FORWARDED))),
    )
    return FindingCounts(**counts)
