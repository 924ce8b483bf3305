"""What every report is: a period in, headline figures, tables and charts out.

A report subclasses :class:`Report`, names the records and policy IDs it restates, and
implements :meth:`Report.build` with database aggregation only (``aggregate``,
``annotate`` with conditional ``Count``/``Avg``, ``Trunc*``): the rows of a case table
are never read into Python one by one. The same :class:`Result` is shown in the admin,
exported as CSV or XLSX and printed as PDF (:mod:`portal.reports.exports`).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise

from .charts import Chart
from .periods import WEEK, Period

PERCENT = Decimal("0.1")


def rate(part: int | None, whole: int | None) -> Decimal | None:
    """``part / whole`` as a percentage to one place; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(PERCENT, rounding=ROUND_HALF_UP)


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class Figure:
    """A headline number: ``label``, ``value`` as shown, and the target it is held to."""

    label: str | Promise
    value: Any
    target: str | Promise = ""
    met: bool | None = None


@dataclass(frozen=True)
class Table:
    title: str | Promise
    columns: list
    rows: list[list]


@dataclass
class Result:
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str | Promise] = field(default_factory=list)

    def table(self, title) -> Table:
        return next(table for table in self.tables if str(table.title) == str(title))

    def figure(self, label) -> Figure:
        return next(figure for figure in self.figures if str(figure.label) == str(label))


class Report:
    """One report of the admin's 报表 menu."""

    #: URL segment and key of the registry.
    slug: str = ""
    title: str | Promise = ""
    #: The procedures' record it stands for, e.g. 《部门日、周汇报表》.
    record_name: str | Promise = ""
    #: The policy IDs it reports on.
    policies: tuple[str, ...] = ()
    default_period: str = WEEK
    #: A short sentence under the title.
    description: str | Promise = ""

    def build(self, period: Period) -> Result:
        raise NotImplementedError
