"""A report's :class:`~portal.reports.base.Result` as CSV, XLSX and an A4 PDF.

CSV starts with a byte-order mark so that spreadsheet programs read the Chinese as UTF-8;
figures come first, then each table under its title. XLSX has the figures on a first
sheet and one sheet per table. The PDF prints figures, charts and tables in the
project's Chinese fonts (:func:`portal.documents.rendering.render_pdf`).
"""

import base64
import csv
import re
from decimal import Decimal
from io import BytesIO, StringIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from portal.documents.rendering import render_pdf

# Characters a sheet's title may not contain, and its longest length (Excel's rules).
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return value
    return str(value)


def to_csv(report, period, result) -> str:
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(report.title), str(period)])
    writer.writerow([])
    for figure in result.figures:
        writer.writerow([str(figure.label), _cell(figure.value), str(figure.target)])
    for table in result.tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerow([str(column) for column in table.columns])
        for row in table.rows:
            writer.writerow([_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(report, period, result) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_title(gettext("Summary"), set())
    summary.append([str(report.title), str(period)])
    summary["A1"].font = Font(bold=True)
    for figure in result.figures:
        summary.append([str(figure.label), _cell(figure.value), str(figure.target)])
    used = {summary.title}
    for table in result.tables:
        sheet = workbook.create_sheet(_sheet_title(str(table.title), used))
        sheet.append([str(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title)[:28] or "Sheet"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base[:26]}({n})", n + 1
    used.add(candidate)
    return candidate


def to_pdf(report, period, result) -> bytes:
    """The report on A4 in the estate's language, charts included as SVG images."""
    with translation.override(settings.LANGUAGE_CODE):
        charts = [
            {"title": chart.title, "src": "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()}
            for chart in result.charts
        ]
        return render_pdf(
            "reports/print.html",
            {"report": report, "period": period, "result": result, "charts": charts, "record": {}},
        )
