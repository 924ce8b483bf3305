"""The reports of the 报表 menu, registered by slug in the order they appear."""

from .base import Report

_REPORTS: dict[str, Report] = {}


def register(report_class: type[Report]) -> type[Report]:
    """Class decorator: add a report to the menu (a second report with the same slug replaces the first)."""
    _REPORTS[report_class.slug] = report_class()
    return report_class


def get(slug: str) -> Report:
    return _REPORTS[slug]


def all_reports() -> list[Report]:
    return list(_REPORTS.values())
