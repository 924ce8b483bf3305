"""The reports of the 报表 menu, in menu order (each module registers its report)."""

from .domain import complaints, requests, repairs, inspections, visits, surveys  # noqa: F401
