"""报表: periods, who may read the reports, and each report as CSV, XLSX and PDF."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.organisation import groups
from portal.reports import registry
from portal.reports.base import rate
from portal.reports.periods import CUSTOM, MONTH, WEEK, Period
from tests.factories import HouseholdMemberFactory, StaffUserFactory, UserFactory


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"period": WEEK, "on": "2026-11-26"}, Period(date(2026, 11, 23), date(2026, 11, 29), WEEK)),
        ({"period": MONTH, "on": "2026-02-10"}, Period(date(2026, 2, 1), date(2026, 2, 28), MONTH)),
        ({"period": CUSTOM, "start": "2026-01-15", "end": "2026-01-30"}, Period(date(2026, 1, 15), date(2026, 1, 30))),
    ],
)
def test_a_period_from_the_query_string(query, expected):
    assert Period.from_query(query) == expected


def test_a_bad_period_falls_back_to_the_current_week():
    period = Period.from_query({"period": CUSTOM, "start": "2026-02-01", "end": "2025-01-01"})

    assert period.kind == WEEK and period.days == 7


@pytest.mark.parametrize(("part", "whole", "expected"), [(1, 3, "33.3"), (2, 2, "100.0"), (0, 5, "0.0"), (3, 0, None)])
def test_rates_are_percentages_to_one_place(part, whole, expected):
    value = rate(part, whole)

    assert (str(value) if value is not None else None) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("group", [groups.ASSISTANT, groups.SUPERVISOR, groups.ARCHIVIST, groups.PROJECT_MANAGER])
def test_the_desk_and_the_manager_read_the_reports(client, group):
    client.force_login(StaffUserFactory(groups=[group]))

    assert client.get(reverse("reports:index")).status_code == 200
    for report in registry.all_reports():
        assert client.get(reverse("reports:report", args=(report.slug,))).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "group", [groups.ENGINEERING, groups.SECURITY, groups.CASHIER, groups.CONTENT_EDITOR]
)
def test_other_staff_are_refused(client, group):
    client.force_login(StaffUserFactory(groups=[group]))

    assert client.get(reverse("reports:index")).status_code == 403
    for report in registry.all_reports():
        assert client.get(reverse("reports:report", args=(report.slug,)) + "?format=csv").status_code == 403


@pytest.mark.django_db
def test_owners_are_refused(client):
    owner = HouseholdMemberFactory().person
    owner.user = UserFactory()
    owner.save()
    client.force_login(owner.user)

    response = client.get(reverse("reports:index"))

    assert response.status_code in (302, 403)
    assert b"data-reports" not in response.content


@pytest.fixture
def supervisor(client, db):
    client.force_login(StaffUserFactory(groups=[groups.SUPERVISOR]))
    return client


def all_slugs():
    return [report.slug for report in registry.all_reports()]


@pytest.mark.parametrize("slug", all_slugs())
def test_every_report_exports_csv_xlsx_and_pdf(supervisor, slug):
    url = reverse("reports:report", args=(slug,))

    csv = supervisor.get(url + "?period=month&on=2026-11-01&format=csv")
    xlsx = supervisor.get(url + "?period=month&on=2026-11-01&format=xlsx")
    pdf = supervisor.get(url + "?period=month&on=2026-11-01&format=pdf")

    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8").startswith("\ufeff" + str(registry.get(slug).title).split()[0][:2])
    assert load_workbook(BytesIO(xlsx.content)).worksheets
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert f'{slug}-20261101-20261130.pdf' in pdf["Content-Disposition"]


@pytest.mark.parametrize("slug", all_slugs())
def test_every_report_shows_its_charts_as_inline_svg(supervisor, slug):
    response = supervisor.get(reverse("reports:report", args=(slug,)))

    html = response.content.decode()
    assert "<svg" in html
    assert "<script type=\"text/javascript\">window.pygal" not in html
