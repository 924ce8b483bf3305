"""报表 in the admin: the list of reports and each report for a chosen period, with its
CSV, XLSX and PDF. Every page needs ``reports.view_reports``."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import exports, registry
from .periods import CUSTOM, KINDS, Period

PERMISSION = "reports.view_reports"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def may_view(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


def _require(request):
    if not may_view(request.user):
        raise PermissionDenied


def index(request):
    _require(request)
    return TemplateResponse(
        request,
        "reports/admin/index.html",
        {"reports": registry.all_reports(), "page_title": _("Reports")},
    )


def report_view(request, slug):
    _require(request)
    try:
        report = registry.get(slug)
    except KeyError:
        raise Http404 from None
    period = Period.from_query(request.GET, report.default_period)
    result = report.build(period)
    export = request.GET.get("format")
    if export in FORMATS:
        return _download(report, period, result, export)
    base = reverse("reports:report", args=(slug,))
    return TemplateResponse(
        request,
        "reports/admin/report.html",
        {
            "report": report,
            "period": period,
            "result": result,
            "charts": [{"title": chart.title, "svg": mark_safe(chart.svg)} for chart in result.charts],  # noqa: S308 - pygal escapes its text
            "kinds": KINDS,
            "custom": CUSTOM,
            "previous_url": f"{base}?{urlencode(period.previous().query())}",
            "next_url": f"{base}?{urlencode(period.next().query())}",
            "export_urls": {fmt: f"{base}?{urlencode({**period.query(), 'format': fmt})}" for fmt in FORMATS},
            "page_title": report.title,
        },
    )


def _download(report, period, result, export):
    if export == "csv":
        body = exports.to_csv(report, period, result)
    elif export == "xlsx":
        body = exports.to_xlsx(report, period, result)
    else:
        body = exports.to_pdf(report, period, result)
    response = HttpResponse(body, content_type=FORMATS[export])
    filename = f"{report.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{export}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
