"""日常巡查 in the admin and on the clocks: an assistant starts today's 《楼层巡检表》, records a
problem with a photo, sees only their own rounds; the photo is served only to staff who may
see the round; the weekly coverage grid (IN-1); the 30-minute forwarding and next-day check
clocks alert once each (IN-3); the dashboard panel shows today's round."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal.clocks import registry
from portal.clocks.models import Alert, AlertKind
from portal.clocks.scan import scan_clock
from portal.inspections import services
from portal.inspections.models import CheckItem, Finding, FindingState, Inspection
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.policies.adapter import SHANGHAI, today
from tests.factories import BuildingFactory, EstateFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def estate():
    estate = EstateFactory(name="锦绣花园")
    BuildingFactory(estate=estate, name="1栋", floors=8)
    return estate


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl", last_name="陈", first_name="晓琳",
                            email="chenxl@example.cn")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzh", email="linzh@example.cn")


def jpeg(name="stain.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 10)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_an_assistant_starts_todays_round_from_the_admin(client, estate, assistant):
    client.force_login(assistant)
    offer = client.get(reverse("inspections_inspection:start"))
    assert offer.status_code == 200
    assert b"data-start-inspection" in offer.content

    started = client.post(reverse("inspections_inspection:start"))
    inspection = Inspection.objects.get()
    assert started.url == reverse("inspections_inspection:inspect", args=(inspection.pk,))
    assert (inspection.inspector, inspection.day) == (assistant, today())

    again = client.get(reverse("inspections_inspection:start"))
    assert again.url == started.url  # the day's record, not a second one
    page = client.get(started.url)
    assert page.status_code == 200
    for floor in inspection.floors.all():
        assert str(floor) in page.content.decode()


def test_a_problem_is_recorded_with_its_photo_and_a_non_photo_is_refused(client, estate, assistant):
    client.force_login(assistant)
    inspection = services.start_inspection(inspector=assistant)
    url = reverse("inspections_inspection:add_finding", args=(inspection.pk,))
    refused = client.post(url, {
        "location": "1栋 3层", "item": CheckItem.HYGIENE, "description": "墙面污渍",
        "photos": SimpleUploadedFile("notes.jpg", b"just text", content_type="image/jpeg"),
    }, follow=True)
    assert "is not a JPEG or PNG photo" in refused.content.decode()
    assert not Finding.objects.exists()

    client.post(url, {"location": "1栋 3层", "item": CheckItem.HYGIENE, "description": "墙面污渍",
                      "photos": [jpeg(), jpeg("wide.jpg")]})
    finding = Finding.objects.get()
    assert (finding.state, finding.photos.count()) == (FindingState.OPEN, 2)
    assert finding.forward_by is not None


@pytest.fixture
def photographed(estate, assistant):
    inspection = services.start_inspection(inspector=assistant)
    finding = services.record_finding(
        inspection, by=assistant, location="1栋 2层", item=CheckItem.FACILITIES, description="灯不亮", photos=[jpeg()],
    )
    return inspection, finding.photos.get()


@pytest.mark.parametrize(
    "who, status",
    [("inspector", 200), ("supervisor", 200), ("other assistant", 403), ("engineering", 403)],
)
def test_a_finding_photo_is_served_only_to_staff_who_may_see_the_round(
    client, photographed, assistant, supervisor, who, status
):
    users = {
        "inspector": assistant,
        "supervisor": supervisor,
        "other assistant": StaffUserFactory(groups=[ASSISTANT]),
        "engineering": StaffUserFactory(groups=[ENGINEERING]),
    }
    client.force_login(users[who])
    _inspection, photo = photographed
    response = client.get(reverse("inspections_inspection:photo", args=(photo.pk,)))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]
        assert "attachment" in response["Content-Disposition"]


def test_an_assistant_sees_only_their_own_rounds_and_the_supervisor_sees_all(client, estate, assistant, supervisor):
    colleague = StaffUserFactory(groups=[ASSISTANT], username="wangfang")
    theirs = services.start_inspection(inspector=colleague)
    mine = services.start_inspection(inspector=assistant)

    client.force_login(assistant)
    assert client.get(reverse("inspections_inspection:inspect", args=(theirs.pk,))).status_code == 404
    listing = client.get(reverse("inspections_inspection:index"))
    assert reverse("inspections_inspection:inspect", args=(mine.pk,)) in listing.content.decode()
    assert reverse("inspections_inspection:inspect", args=(theirs.pk,)) not in listing.content.decode()
    assert client.post(reverse("inspections_inspection:checklist", args=(theirs.pk,))).status_code == 404

    client.force_login(supervisor)
    listing = client.get(reverse("inspections_inspection:index")).content.decode()
    assert reverse("inspections_inspection:inspect", args=(theirs.pk,)) in listing
    assert reverse("inspections_inspection:inspect", args=(mine.pk,)) in listing


def test_engineering_does_not_see_the_inspections(client, estate):
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))
    assert client.get(reverse("inspections_inspection:index")).status_code in (302, 403)
    assert client.get(reverse("inspections_inspection:start")).status_code == 403


def test_the_weekly_coverage_grid_shows_every_floor(client, estate, assistant):
    inspection = services.start_inspection(inspector=assistant)
    services.record_checklist(inspection, by=assistant, floors_walked=inspection.floors.values_list("pk", flat=True))
    client.force_login(assistant)
    page = client.get(reverse("inspections_inspection:coverage")).content.decode()
    assert "data-coverage-building=\"1栋\"" in page
    assert page.count("data-short") == 8  # IN-1: nothing walked twice yet
    assert "0 of 8 floors walked at least 2 times this week" in page


def test_the_dashboard_shows_todays_inspection(client, estate, assistant):
    client.force_login(assistant)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "You have not started your inspection" in page
    services.start_inspection(inspector=assistant)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Continue the inspection" in page


# --- The IN-3 clocks --------------------------------------------------------------------------


def late_finding(assistant, minutes_ago: int) -> Finding:
    found_at = timezone.now() - timedelta(minutes=minutes_ago)
    inspection = services.start_inspection(inspector=assistant, day=timezone.localdate(found_at, SHANGHAI))
    return services.record_finding(
        inspection, by=assistant, location="地下车场", item=CheckItem.FACILITIES, description="消防栓箱门损坏",
        found_at=found_at,
    )


def alerts(clock: str, kind: str) -> int:
    return Alert.objects.filter(clock=clock, kind=kind).count()


def test_in3_a_finding_not_forwarded_within_30_minutes_alerts_the_inspector_and_supervisors_once(
    estate, assistant, supervisor, django_capture_on_commit_callbacks
):
    finding = late_finding(assistant, minutes_ago=40)
    clock = registry.get("inspections.forward_by")
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_clock(clock, timezone.now()) == (0, 1)
        assert scan_clock(clock, timezone.now()) == (0, 0)
    assert alerts("inspections.forward_by", AlertKind.ESCALATION) == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert {"chenxl@example.cn", "linzh@example.cn"} <= recipients
    assert Alert.objects.get().url == reverse("inspections_inspection:inspect", args=(finding.inspection_id,))


def test_in3_a_reminder_comes_before_the_forwarding_deadline(estate, assistant):
    late_finding(assistant, minutes_ago=25)
    assert scan_clock(registry.get("inspections.forward_by"), timezone.now()) == (1, 0)


def test_in3_a_forwarded_finding_stops_the_forwarding_clock(estate, assistant):
    finding = late_finding(assistant, minutes_ago=40)
    services.forward(finding, by=assistant, to="工程部", at=timezone.now() - timedelta(minutes=20))
    assert scan_clock(registry.get("inspections.forward_by"), timezone.now()) == (0, 0)


def test_in3_a_finding_not_checked_on_site_by_the_next_day_alerts_once(estate, assistant, supervisor):
    finding = late_finding(assistant, minutes_ago=5)
    services.forward(finding, by=assistant, to="工程部")
    clock = registry.get("inspections.verify_by")
    day_after = finding.verify_by + timedelta(hours=1)
    assert scan_clock(clock, day_after) == (0, 1)
    assert scan_clock(clock, day_after + timedelta(hours=5)) == (0, 0)
    assert alerts("inspections.verify_by", AlertKind.ESCALATION) == 1

    services.verify(finding, by=assistant, resolved=True, note="已修复")
    assert scan_clock(clock, day_after + timedelta(days=3)) == (0, 0)


def test_in3_a_finding_fixed_on_the_spot_runs_no_clock(estate, assistant):
    found_at = timezone.now() - timedelta(minutes=5)
    inspection = services.start_inspection(inspector=assistant, day=timezone.localdate(found_at, SHANGHAI))
    services.record_finding(inspection, by=assistant, location="大厅", item=CheckItem.TIDINESS, description="杂物",
                            found_at=found_at, fixed_on_spot=True)
    later = timezone.now() + timedelta(days=3)
    assert scan_clock(registry.get("inspections.forward_by"), later) == (0, 0)
    assert scan_clock(registry.get("inspections.verify_by"), later) == (0, 0)
