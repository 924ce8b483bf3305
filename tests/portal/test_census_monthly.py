"""The monthly property-status census (房屋动态管理, ST-1/ST-2): counts by building and state,
the month's changes unit by unit, the project manager's signature, the copies to security
and the cashier, and the 《月度物业动态信息表》 as PDF and XLSX."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.audit.models import AuditEvent
from portal.census import services
from portal.clocks.models import Alert
from portal.clocks.scan import scan
from portal.policies.adapter import SHANGHAI
from portal.census.models import MonthlyCensus
from portal.estate.models import OccupancyStatus, UnitStatusChange
from portal.organisation import groups
from tests.factories import BuildingFactory, StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

S = OccupancyStatus


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[groups.ASSISTANT])


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[groups.PROJECT_MANAGER], email="manager@example.com")


@pytest.fixture
def estate():
    """Building 1栋 with two owner-occupied homes and a vacant one; 2栋 with an office."""
    one = BuildingFactory(name="1栋")
    two = BuildingFactory(name="2栋", estate=one.estate)
    units = {
        "101": UnitFactory(building=one, number="101"),
        "102": UnitFactory(building=one, number="102"),
        "103": UnitFactory(building=one, number="103", status=S.VACANT),
        "201": UnitFactory(building=two, number="201", office=True),
    }
    return {"one": one, "two": two, **units}


def back_date_history(unit, days):
    UnitStatusChange.objects.filter(unit=unit).update(changed_at=timezone.now() - timedelta(days=days))


@pytest.mark.parametrize(
    ("month", "census_due", "report_due"),
    [(date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 3)), (date(2027, 2, 1), date(2027, 2, 28), date(2027, 3, 3))],
)
def test_due_dates_come_from_the_policy_st2(month, census_due, report_due):
    census = services.open_month(month)

    assert (census.census_due, census.report_due) == (census_due, report_due)
    assert services.open_month(month) == census  # one record per month


def test_one_census_per_month_in_the_database():
    census = services.open_month(date(2026, 11, 1))

    with pytest.raises(IntegrityError):
        MonthlyCensus.objects.create(
            month=census.month, census_due=census.census_due, report_due=census.report_due,
            census_due_at=census.census_due_at, report_due_at=census.report_due_at,
        )


def test_the_deadlines_end_with_their_day_in_shanghai():
    census = services.open_month(date(2026, 11, 1))

    assert census.census_due_at == datetime(2026, 12, 1, tzinfo=SHANGHAI)
    assert census.report_due_at == datetime(2026, 12, 4, tzinfo=SHANGHAI)


def test_the_desk_is_reminded_of_the_census_and_the_overseers_told_when_it_is_late_st2(
    assistant, manager, django_capture_on_commit_callbacks
):
    supervisor = StaffUserFactory(groups=[groups.SUPERVISOR], email="supervisor@example.com")
    assistant.email = "assistant@example.com"
    assistant.save()
    census = services.open_month(date(2026, 11, 1))

    with django_capture_on_commit_callbacks(execute=True):
        scan(now=datetime(2026, 11, 28, 9, 0, tzinfo=SHANGHAI))
    reminders = Alert.objects.filter(clock="census.census_due", kind="reminder")
    assert reminders.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        scan(now=datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
        scan(now=datetime(2026, 12, 1, 9, 5, tzinfo=SHANGHAI))  # once per deadline

    escalation = Alert.objects.get(clock="census.census_due", kind="escalation", object_id=str(census.pk))
    assert (supervisor.get_full_name() or supervisor.username) in escalation.recipients
    assert (manager.get_full_name() or manager.username) in escalation.recipients


def test_signing_opens_the_next_months_record_for_the_clocks(estate, assistant, manager):
    census = services.take_census(by=assistant)

    services.sign(census, by=manager)

    assert MonthlyCensus.objects.filter(month=services.next_month(census.month), taken_at__isnull=True).exists()


def test_the_census_counts_units_by_building_and_state_st1(estate, assistant):
    census = services.take_census(by=assistant)

    counts = {(c.building.name, c.status): c.units for c in census.counts.select_related("building")}
    assert counts == {("1栋", S.OWNER_OCCUPIED): 2, ("1栋", S.VACANT): 1, ("2栋", S.OFFICE_OCCUPIED): 1}
    assert census.units_counted == 4
    assert census.taken_by == assistant
    assert [e.action for e in AuditEvent.objects.for_object(census)] == ["taken"]


def test_the_census_lists_the_months_changes_unit_by_unit(estate, assistant):
    estate["103"].change_status(S.RENOVATING, by=assistant)
    estate["102"].change_status(S.TENANT_OCCUPIED, by=assistant)
    estate["102"].change_status(S.OWNER_OCCUPIED, by=assistant)  # back where it began: no change
    estate["201"].change_status(S.VACANT, by=assistant)
    back_date_history(estate["201"], days=400)  # before this month: not this month's change

    census = services.take_census(by=assistant)

    changes = [(c.unit.number, c.from_status, c.to_status) for c in census.changes.select_related("unit")]
    assert changes == [("103", S.VACANT, S.RENOVATING)]


def test_the_census_may_be_taken_again_until_it_is_signed(estate, assistant, manager):
    services.take_census(by=assistant)
    estate["103"].change_status(S.RENOVATING, by=assistant)

    census = services.take_census(by=assistant)
    assert census.changes.count() == 1
    services.sign(census, by=manager)

    with pytest.raises(services.CensusError):
        services.take_census(by=assistant)


@pytest.mark.parametrize("group", [groups.ASSISTANT, groups.SUPERVISOR, groups.SECURITY, groups.CASHIER])
def test_only_the_project_manager_signs_st2(estate, assistant, group):
    census = services.take_census(by=assistant)

    with pytest.raises(PermissionDenied):
        services.sign(census, by=StaffUserFactory(groups=[group]))


def test_signing_copies_the_report_to_security_and_the_cashier_st2(estate, assistant, manager, django_capture_on_commit_callbacks):
    StaffUserFactory(groups=[groups.SECURITY], email="security@example.com")
    StaffUserFactory(groups=[groups.CASHIER], email="cashier@example.com")
    StaffUserFactory(groups=[groups.ENGINEERING], email="engineer@example.com")
    census = services.take_census(by=assistant)

    with django_capture_on_commit_callbacks(execute=True):
        census = services.sign(census, by=manager)

    assert census.signed_by == manager and census.signed_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == ["cashier@example.com", "security@example.com"]


def test_security_reads_only_signed_reports(client, estate, assistant, manager):
    census = services.take_census(by=assistant)
    security = StaffUserFactory(groups=[groups.SECURITY])
    client.force_login(security)

    assert client.get(reverse("census:inspect", args=(census.pk,))).status_code == 404
    services.sign(census, by=manager)
    assert client.get(reverse("census:inspect", args=(census.pk,))).status_code == 200
    assert client.get(reverse("census:pdf", args=(census.pk,))).status_code == 200


def test_engineering_does_not_read_the_census(client, estate, assistant):
    services.take_census(by=assistant)
    client.force_login(StaffUserFactory(groups=[groups.ENGINEERING]))

    assert client.get(reverse("census:index")).status_code == 403


def test_take_this_months_census_from_the_admin(client, estate, assistant):
    client.force_login(assistant)

    response = client.post(reverse("census:take"))

    census = MonthlyCensus.objects.get()
    assert response.status_code == 302
    assert census.month == timezone.localdate().replace(day=1)
    page = client.get(reverse("census:inspect", args=(census.pk,))).content.decode()
    assert "1栋" in page and "data-census-counts" in page


def test_the_manager_signs_from_the_admin(client, estate, assistant, manager):
    census = services.take_census(by=assistant)
    client.force_login(manager)

    client.post(reverse("census:sign", args=(census.pk,)))

    census.refresh_from_db()
    assert census.signed_by == manager


def test_the_report_prints_as_an_a4_pdf(client, estate, assistant):
    census = services.take_census(by=assistant)
    client.force_login(assistant)

    response = client.get(reverse("census:pdf", args=(census.pk,)))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_report_exports_as_xlsx(client, estate, assistant):
    estate["103"].change_status(S.RENOVATING, by=assistant)
    census = services.take_census(by=assistant)
    client.force_login(assistant)

    response = client.get(reverse("census:xlsx", args=(census.pk,)))

    workbook = load_workbook(BytesIO(response.content))
    counts, changes = workbook.worksheets
    rows = list(counts.iter_rows(values_only=True))
    assert rows[2][0] == "1栋"
    assert rows[2][-1] == 3  # the building's total
    assert rows[4][-1] == 4  # the estate's total
    assert list(changes.iter_rows(values_only=True))[1][:2] == ("1栋", "103")
