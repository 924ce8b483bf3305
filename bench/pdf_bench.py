"""Benchmark of the printed records: how long the construction permit takes to render and
how big its PDF is.

Run from the repository root::

    .venv/bin/python bench/pdf_bench.py                 # 20 renders, the configured fonts
    .venv/bin/python bench/pdf_bench.py --runs 50
    .venv/bin/python bench/pdf_bench.py --fonts "Noto Sans CJK SC"   # compare a font stack

It prints the first render (which loads WeasyPrint and the fonts: once per process), then
the median and p90 wall-clock time and the median CPU time of the following renders, the
PDF size in KB and the fonts embedded, against the targets (< 0.5 s, < 100 KB). The machine's
load average is printed too: on a shared machine, wall-clock figures include time spent
waiting for a core, CPU time does not. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.test import override_settings  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from portal.documents.records import ConstructionPermit, render_construction_permit  # noqa: E402
from portal.documents.rendering import font_families  # noqa: E402

TARGET_SECONDS = 0.5
TARGET_KB = 100

PERMIT = ConstructionPermit(
    unit="1栋 1201",
    owner="张伟",
    contractor="深圳市美家装饰工程有限公司",
    responsible_person="王建国",
    responsible_phone="138 0013 8000",
    start=date(2026, 11, 28),
    end=date(2027, 2, 27),
    number="SG-2026-000017",
    working_hours="8:00–12:00，14:00–18:00",
    approved_by="李经理",
    issued_on=date(2026, 11, 28),
)
# As long as a real one: the QR code's density depends on it.
VERIFY_URL = (
    "https://kefu.example.com/verify/"
    "WyJjb25zdHJ1Y3Rpb25fcGVybWl0IiwxNywxNzk1ODgxNTk5XQ:cfzG4dE_rAaH_Ax6FWofc_4LYxXz9sqJEQDzCMY9xMc/"
)


def embedded_fonts(pdf: bytes) -> list[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return sorted(names)


def render() -> bytes:
    return render_construction_permit(PERMIT, verify_url=VERIFY_URL)


def measure(runs: int) -> dict:
    started = time.perf_counter()
    pdf = render()
    first = time.perf_counter() - started
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = render()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    walls.sort()
    return {
        "first": first,
        "median": statistics.median(walls),
        "p90": walls[int(len(walls) * 0.9) - 1] if len(walls) >= 10 else walls[-1],
        "cpu": statistics.median(cpus),
        "kb": len(pdf) / 1024,
        "fonts": embedded_fonts(pdf),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="renders after the first (default 20)")
    parser.add_argument("--fonts", help='font stack to try, comma-separated, e.g. "Noto Sans CJK SC"')
    args = parser.parse_args()

    overrides = {}
    if args.fonts:
        overrides["DOCUMENTS_FONT_FAMILIES"] = tuple(name.strip() for name in args.fonts.split(","))
    with override_settings(**overrides):
        stack = ", ".join(font_families())
        result = measure(args.runs)

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, load {load}")
    print(f"Font stack: {stack}")
    print(f"Embedded:   {', '.join(result['fonts'])}")
    print(f"First render (loads WeasyPrint and fonts): {result['first']:.2f} s")
    print(
        f"Construction permit, {args.runs} renders: median {result['median']:.3f} s, "
        f"p90 {result['p90']:.3f} s wall; median CPU {result['cpu']:.3f} s; {result['kb']:.1f} KB"
    )
    fast = result["median"] < TARGET_SECONDS
    small = result["kb"] < TARGET_KB
    print(
        f"Target < {TARGET_SECONDS} s: {'met' if fast else 'MISSED'}; "
        f"target < {TARGET_KB} KB: {'met' if small else 'MISSED'}"
    )
    return 0 if fast and small else 1


if __name__ == "__main__":
    sys.exit(main())
