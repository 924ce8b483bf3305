"""Benchmark of the reports (报表): every report over 10,000 units and 100,000 cases.

Run from the repository root::

    .venv/bin/python bench/reports_bench.py                       # 10,000 units, 100,000 cases
    .venv/bin/python bench/reports_bench.py --keep /tmp/reports-bench.sqlite3   # build once, reuse next time
    .venv/bin/python bench/reports_bench.py --units 2000 --cases 20000 --runs 3

It builds a throw-away SQLite database (migrated, then filled with ``bulk_create``: the
units in buildings of 25 floors, and over the past year complaints, service requests,
repairs, follow-up calls, visits, inspection rounds with their floors and findings, and a
survey round with its questionnaires), then builds each report for a week, a month and the
whole year, ``--runs`` times each, and prints the median wall-clock and CPU time per
report and period against the target (< 2 s per report). The machine's load average is
printed too: on a shared machine wall-clock figures include time spent waiting for a
core, CPU time does not. Exits 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 2.0
FLOORS = 25
BATCH = 5_000
# Shares of the cases, by kind (they add up to 1).
MIX = {
    "complaints": 0.25,
    "requests": 0.20,
    "repairs": 0.25,
    "followups": 0.15,
    "visits": 0.08,
    "findings": 0.03,
    "inspections": 0.02,
    "survey": 0.02,
}


def _configure(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()


def _instant(rng: random.Random, first: date, days: int) -> datetime:
    from portal.policies.adapter import SHANGHAI

    day = first + timedelta(days=rng.randrange(days))
    return datetime.combine(day, clock_time(rng.randrange(8, 20), rng.randrange(60)), tzinfo=SHANGHAI)


def build(units: int, cases: int, today: date, seed: int = 20261128) -> dict[str, int]:
    """Migrate the empty database and fill it; returns the rows written per kind."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    from portal.complaints.models import ComplaintCase
    from portal.estate.models import Building, Estate, Household, Unit
    from portal.followups.models import FollowUp
    from portal.inspections.models import Finding, Inspection, InspectionFloor
    from portal.organisation import groups
    from portal.repairs.models import RepairOrder
    from portal.servicerequests.models import ServiceRequest
    from portal.surveys.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyRound
    from portal.visits.models import Visit

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(seed)
    first, days = today - timedelta(days=365), 365
    counts = {kind: int(cases * share) for kind, share in MIX.items()}

    estate = Estate.objects.create(name="锦绣花园")
    per_building = FLOORS * 8
    buildings = Building.objects.bulk_create(
        Building(estate=estate, name=f"{n}栋", floors=FLOORS) for n in range(1, units // per_building + 2)
    )
    unit_rows = Unit.objects.bulk_create(
        (Unit(building=buildings[n // per_building], number=f"{n % per_building // 8 + 1}{n % 8 + 1:02d}",
              floor=n % per_building // 8 + 1, property_type="residential", building_area="89.50", fee_per_m2="2.80",
              status=rng.choice(["owner_occupied", "owner_occupied", "tenant_occupied", "vacant", "renovating"]))
         for n in range(units)),
        batch_size=BATCH,
    )
    households = Household.objects.bulk_create(
        (Household(unit=unit, started_on=date(2020, 1, 1)) for unit in unit_rows), batch_size=BATCH
    )
    User = get_user_model()
    assistant_group = Group.objects.get(name=groups.ASSISTANT)
    assistants = [User.objects.create(username=f"assistant{n}", last_name="陈", first_name=f"助理{n}", is_staff=True)
                  for n in range(8)]
    for user in assistants:
        user.groups.add(assistant_group)
    engineer = User.objects.create(username="engineer", is_staff=True)

    def reply_fields(received, grade):
        hours = {"minor": 12, "important": 24, "major": 48}[grade]
        reply_by = received + timedelta(hours=hours)
        replied = received + timedelta(hours=rng.uniform(1, hours * 1.3))
        return reply_by, replied

    complaints = []
    for n in range(counts["complaints"]):
        received = _instant(rng, first, days)
        valid = rng.random() > 0.1
        grade = rng.choice(["minor", "minor", "minor", "important", "major"]) if valid else "invalid"
        fields = {}
        if valid:
            reply_by, replied = reply_fields(received, grade)
            resolve_by = received + timedelta(days=15 if grade == "major" else 1)
            fields = dict(reply_by=reply_by, replied_at=replied, resolve_by=resolve_by,
                          resolved_at=received + timedelta(hours=rng.uniform(2, 400)), state="closed",
                          closed_at=received + timedelta(days=16))
        complaints.append(ComplaintCase(
            reference=f"TS{n:07d}", complainant_name="业主", received_at=received, valid=valid, grade=grade,
            subject=rng.choice(["电梯故障", "噪音扰民", "垃圾清运", "停车管理", "物业费", "绿化养护", "门禁失灵"]),
            category=rng.choice(["facilities", "service", "environment", "security", "fees", "neighbours", "other"]),
            unit=rng.choice(unit_rows), **fields,
        ))
    ComplaintCase.objects.bulk_create(complaints, batch_size=BATCH)

    requests = []
    for n in range(counts["requests"]):
        received = _instant(rng, first, days)
        forwarded = received + timedelta(minutes=rng.uniform(1, 15))
        requests.append(ServiceRequest(
            reference=f"XQ{n:07d}", kind=rng.choice(["request", "request", "suggestion"]), contact_name="业主",
            content="需求", received_at=received, forward_by=received + timedelta(minutes=10),
            reply_by=received + timedelta(days=1), department=rng.choice(["engineering", "security", "cleaning"]),
            forwarded_at=forwarded, replied_at=received + timedelta(hours=rng.uniform(1, 30)), state="closed",
            closed_at=received + timedelta(days=2), channel=rng.choice(["online", "phone", "visit"]),
            serious=rng.random() < 0.05,
        ))
    ServiceRequest.objects.bulk_create(requests, batch_size=BATCH)

    repairs = []
    for n in range(counts["repairs"]):
        reported = _instant(rng, first, days)
        emergency = rng.random() < 0.15
        completed = reported + timedelta(hours=rng.uniform(0.5, 6 if emergency else 72))
        paid = rng.random() < 0.3
        repairs.append(RepairOrder(
            reference=f"BX{n:07d}", unit=rng.choice(unit_rows), contact_name="业主", phone="13800000000",
            category=rng.choice(["burst_pipe", "power_outage", "other", "other"]) if emergency else "other",
            description="故障", reported_at=reported, appointment_at=reported, pickup_by=reported + timedelta(hours=1),
            priority="emergency" if emergency else "general", state="completed", picked_up_by=engineer,
            picked_up_at=reported + timedelta(minutes=30), completed_at=completed, customer_signed_at=completed,
            customer_signature_name="业主", is_paid=paid, charge_explained_at=reported if paid else None,
            fee_amount=Decimal(rng.randrange(20, 500)) if paid else None, fee_recorded_at=completed if paid else None,
        ))
    RepairOrder.objects.bulk_create(repairs, batch_size=BATCH)

    complaint_type = ContentType.objects.get_for_model(ComplaintCase)
    followups = []
    for n in range(counts["followups"]):
        closed = _instant(rng, first, days)
        followups.append(FollowUp(
            source_type=complaint_type, source_id=n + 1, kind=rng.choice(["complaint", "repair", "request"]),
            closed_at=closed, due_by=closed + timedelta(days=1),
            done_at=closed + timedelta(hours=rng.uniform(1, 30)),
        ))
    FollowUp.objects.bulk_create(followups, batch_size=BATCH)

    visits = []
    for _n in range(counts["visits"]):
        visited = _instant(rng, first, days)
        visits.append(Visit(
            visitor=rng.choice(assistants), visited_at=visited, visited_on=visited.date(), unit=rng.choice(unit_rows),
            contact_name="业主", way=rng.choice(["face_to_face", "door", "phone", "public_area"]),
            satisfaction=rng.choice([3, 4, 4, 5, 5]),
        ))
    Visit.objects.bulk_create(visits, batch_size=BATCH)

    inspections, seen = [], set()
    while len(inspections) < counts["inspections"]:
        inspector, day = rng.choice(assistants), first + timedelta(days=rng.randrange(days))
        if (inspector.pk, day) in seen:
            continue
        seen.add((inspector.pk, day))
        inspections.append(Inspection(
            estate=estate, inspector=inspector, day=day,
            started_at=datetime.combine(day, clock_time(9), tzinfo=_instant(rng, first, 1).tzinfo),
            completed_at=datetime.combine(day, clock_time(11), tzinfo=_instant(rng, first, 1).tzinfo),
            area_site_plan=True, area_greenery=True, area_lobby=True, area_car_park=rng.random() < 0.9,
        ))
    inspections = Inspection.objects.bulk_create(inspections, batch_size=BATCH)
    floors = []
    for inspection in inspections:
        for building, floor in {(rng.choice(buildings), rng.randrange(1, FLOORS + 1)) for _ in range(5)}:
            floors.append(InspectionFloor(inspection=inspection, building=building, floor=floor, checked=True))
    InspectionFloor.objects.bulk_create(floors, batch_size=BATCH)
    findings = []
    for _n in range(counts["findings"]):
        inspection = rng.choice(inspections)
        found = datetime.combine(inspection.day, clock_time(10), tzinfo=inspection.started_at.tzinfo)
        findings.append(Finding(
            inspection=inspection, found_at=found, location="大堂", item="hygiene", description="问题", state="verified",
            forward_by=found + timedelta(minutes=30), forwarded_at=found + timedelta(minutes=rng.uniform(5, 45)),
            verify_by=found + timedelta(days=1), verified_at=found + timedelta(hours=rng.uniform(2, 30)),
        ))
    Finding.objects.bulk_create(findings, batch_size=BATCH)

    survey = SurveyRound.objects.create(
        estate=estate, title="满意度调查", window_start=today - timedelta(days=120), starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=105), households=len(households), distributed=int(len(households) * 0.7),
    )
    questions = [SurveyQuestion.objects.create(round=survey, department=department, text=department, position=n)
                 for n, department in enumerate(["customer_service", "engineering", "security", "cleaning", "greenery"])]
    responded = rng.sample(households, min(len(households), counts["survey"]))
    responses = SurveyResponse.objects.bulk_create(
        (SurveyResponse(round=survey, household=household, unit_id=household.unit_id, channel="paper",
                        submitted_at=datetime.combine(survey.starts_on, clock_time(10), tzinfo=survey_tz()))
         for household in responded),
        batch_size=BATCH,
    )
    SurveyAnswer.objects.bulk_create(
        (SurveyAnswer(response=response, question=question, score=rng.choice([2, 3, 4, 4, 5, 5]))
         for response in responses for question in questions),
        batch_size=BATCH,
    )
    return {
        "units": len(unit_rows), "complaints": len(complaints), "requests": len(requests), "repairs": len(repairs),
        "follow-ups": len(followups), "visits": len(visits), "inspections": len(inspections),
        "inspected floors": len(floors), "findings": len(findings), "survey responses": len(responses),
    }


def survey_tz():
    from portal.policies.adapter import SHANGHAI

    return SHANGHAI


def time_reports(today: date, runs: int) -> list[tuple[str, str, float, float]]:
    from portal.reports import registry
    from portal.reports.periods import Period

    periods = {
        "week": Period.week_of(today - timedelta(days=7)),
        "month": Period.month_of(today - timedelta(days=31)),
        "year": Period(today - timedelta(days=365), today),
    }
    results = []
    for report in registry.all_reports():
        for name, period in periods.items():
            walls, cpus = [], []
            for _run in range(runs):
                wall, cpu = time.perf_counter(), time.process_time()
                report.build(period)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            results.append((report.slug, name, statistics.median(walls), statistics.median(cpus)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="Builds per report and period (the median is shown).")
    parser.add_argument("--keep", type=Path, help="Build into this SQLite file and reuse it if it exists.")
    args = parser.parse_args()

    database = args.keep or Path(tempfile.mkdtemp(prefix="reports-bench-")) / "bench.sqlite3"
    reuse = bool(args.keep and args.keep.exists())
    _configure(database)
    from portal.policies.adapter import today as shanghai_today

    today = shanghai_today()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.2f}")
    if reuse:
        print(f"reusing {database}")
    else:
        started = time.perf_counter()
        written = build(args.units, args.cases, today)
        print(f"built {database} in {time.perf_counter() - started:.1f} s (migrate included): "
              + ", ".join(f"{n:,} {kind}" for kind, n in written.items()))

    results = time_reports(today, args.runs)
    print(f"{'report':<14}{'period':<8}{'wall s':>9}{'cpu s':>9}")
    worst = 0.0
    for slug, period, wall, cpu in results:
        worst = max(worst, wall)
        print(f"{slug:<14}{period:<8}{wall:>9.3f}{cpu:>9.3f}")
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    met = worst < TARGET_SECONDS
    print(f"slowest report {worst:.3f} s — target < {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'}")
    if not args.keep:
        database.unlink(missing_ok=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
