"""Benchmark of the review queue (案件审核): the listing staff open all day, with 100,000 cases.

Run from the repository root::

    .venv/bin/python bench/queue_bench.py                    # 100,000 cases, 30 requests per listing
    .venv/bin/python bench/queue_bench.py --cases 20000 --requests 50
    .venv/bin/python bench/queue_bench.py --keep /tmp/queue.sqlite3   # build once, reuse next time

It builds a throw-away SQLite database (migrated, then filled with ``bulk_create``: 2,000
people in 2,000 units of 20 buildings and their cases of every procedure and status over
two years), logs in a supervisor (客服主管, who sees the whole queue) and requests each listing with the Django test client, the way the admin is really
served: the default page, filtered by procedure, searched by reference, and the overdue
filter. For each it prints the queries and the templates one request takes (work that does
not depend on the machine's load), then p50 and p95 in ms over the requests against the
target (p95 < 200 ms), the CPU time of the same requests, and the machine's load average:
on a shared machine wall-clock figures include time spent waiting for a core, CPU time
does not. Exits 1 when the target is missed.
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
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _configure(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()


TARGET_P95_MS = 200.0
PEOPLE = 2_000
BUILDINGS = 20
BATCH = 5_000


def build(cases: int, seed: int = 20261128) -> None:
    """Migrate the empty database and fill it with ``cases`` submissions."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from portal.casework.models import Submission, SubmissionStatus
    from portal.casework.procedures import Procedure
    from portal.estate.models import Building, Estate, Person, Unit

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(seed)
    estate = Estate.objects.create(name="锦绣花园")
    buildings = Building.objects.bulk_create(
        Building(estate=estate, name=f"{number}栋", floors=33) for number in range(1, BUILDINGS + 1)
    )
    per_building = PEOPLE // BUILDINGS
    units = Unit.objects.bulk_create(
        Unit(building=building, number=f"{floor}{room:02d}", floor=floor, property_type="residential",
             building_area="89.50", fee_per_m2="2.80")
        for building in buildings
        for floor, room in ((index // 4 + 1, index % 4 + 1) for index in range(per_building))
    )
    surnames, given = "王李张刘陈杨赵黄周吴", "伟芳娜秀英敏静丽强磊军洋勇艳杰涛明超兰霞"
    people = Person.objects.bulk_create(
        Person(name=rng.choice(surnames) + rng.choice(given) + rng.choice(given), mobile=f"139{n:08d}")
        for n in range(PEOPLE)
    )
    procedures = list(Procedure.values)
    # Most of a queue's history is closed; a working day's worth is open.
    statuses = [SubmissionStatus.COMPLETED] * 6 + [SubmissionStatus.REJECTED, SubmissionStatus.APPROVED,
                                                    SubmissionStatus.SUBMITTED, SubmissionStatus.IN_PROGRESS,
                                                    SubmissionStatus.INFO_REQUESTED]
    now = timezone.now()
    span = timedelta(days=730)
    for start in range(0, cases, BATCH):
        batch = []
        for n in range(start, min(cases, start + BATCH)):
            index = rng.randrange(PEOPLE)
            submitted_at = now - span * (n / cases)
            batch.append(
                Submission(
                    reference=f"ZX-{submitted_at.year}-{n + 1:06d}",
                    procedure=rng.choice(procedures),
                    status=rng.choice(statuses),
                    applicant=people[index],
                    unit=units[index],
                    submitted_at=submitted_at,
                    due_at=submitted_at + timedelta(days=rng.choice((1, 3, 7))),
                    answers={"description": "厨房水管漏水"},
                )
            )
        Submission.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics for the query planner, as a database in service has


def staff_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from portal.organisation.groups import SUPERVISOR

    user, _created = get_user_model().objects.get_or_create(
        username="bench-supervisor", defaults={"is_staff": True, "last_name": "赵", "first_name": "主管"}
    )
    user.groups.set([Group.objects.get(name=SUPERVISOR)])
    client = Client()
    client.force_login(user)
    return client


def listings() -> list[tuple[str, dict]]:
    from portal.casework.models import Submission

    reference = Submission.objects.order_by("pk").values_list("reference", flat=True)[
        Submission.objects.count() // 2
    ]
    return [
        ("default page", {}),
        ("procedure = repair", {"procedure": "repair"}),
        (f"search {reference}", {"q": reference}),
        ("overdue", {"overdue": "true"}),
    ]


def measure(client, url: str, params: dict, requests: int):
    """The queries and the templates rendered (each include and cell counts) of one
    request after a warm-up, then ``requests`` wall-clock and CPU timings in ms, and the
    slowest queries."""
    from django.db import connection
    from django.template.base import Template

    response = client.get(url, params)  # warm-up: templates, caches
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}")
    queries: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    templates = 0
    render = Template._render

    def counted(template, context):
        nonlocal templates
        templates += 1
        return render(template, context)

    Template._render = counted
    try:
        with connection.execute_wrapper(timed):
            client.get(url, params)
    finally:
        Template._render = render
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    slowest = sorted(queries, reverse=True)[:3]
    return (len(queries), templates, timings, cpu,
            [f"{seconds * 1000:.1f} ms  {sql[:200]}" for seconds, sql in slowest])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="database file to build once and reuse")
    parser.add_argument("--verbose", action="store_true", help="print the slowest queries of each listing")
    args = parser.parse_args()

    database = args.keep or Path(tempfile.mkdtemp(prefix="queue-bench-")) / "queue.sqlite3"
    fresh = not database.exists()
    _configure(database)

    from django.test.utils import override_settings
    from django.urls import reverse

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.2f}")
    if fresh:
        started = time.perf_counter()
        build(args.cases)
        print(f"built {args.cases:,} cases in {time.perf_counter() - started:.0f} s ({database})")
    from portal.casework.models import Submission

    print(f"{Submission.objects.count():,} cases, {args.requests} requests per listing, target p95 < "
          f"{TARGET_P95_MS:.0f} ms")
    missed = False
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        client = staff_client()
        url = reverse("casework_submission:index")
        print(f"{'listing':<30}{'queries':>8}{'templates':>10}{'p50 ms':>9}{'p95 ms':>9}{'cpu p50':>9}"
              f"{'cpu p95':>9}")
        for name, params in listings():
            queries, templates, timings, cpu, slowest = measure(client, url, params, args.requests)
            p50, p95 = statistics.median(timings), percentile(timings, 0.95)
            missed |= p95 >= TARGET_P95_MS
            print(f"{name:<30}{queries:>8}{templates:>10}{p50:>9.1f}{p95:>9.1f}{statistics.median(cpu):>9.1f}"
                  f"{percentile(cpu, 0.95):>9.1f}{'' if p95 < TARGET_P95_MS else '  MISSED'}")
            if args.verbose:
                for line in slowest:
                    print(f"    {line}")
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    if not args.keep:
        for path in database.parent.glob(f"{database.name}*"):
            path.unlink()
        database.parent.rmdir()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
