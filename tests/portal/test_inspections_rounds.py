"""The daily inspection round (日常巡查, IN-1…IN-4): one 《楼层巡检表》 per assistant per day,
five floors drawn by the system, the areas and the IN-2 checklist, findings with photos
fixed on the spot or forwarded within 30 minutes and checked on site by the next day."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from portal.audit.models import AuditEvent
from portal.inspections import services, stats
from portal.inspections.models import Area, CheckItem, Finding, FindingPhoto, FindingState, Inspection
from portal.inspections.services import InspectionError
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.policies.adapter import SHANGHAI
from tests.factories import BuildingFactory, EstateFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


@pytest.fixture
def estate():
    estate = EstateFactory(name="锦绣花园")
    BuildingFactory(estate=estate, name="1栋", floors=6)
    BuildingFactory(estate=estate, name="2栋", floors=4)
    return estate


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl", last_name="陈", first_name="晓琳")


@pytest.fixture
def colleague():
    return StaffUserFactory(groups=[ASSISTANT], username="wangfang", last_name="王", first_name="芳")


def floors_of(inspection) -> list[str]:
    return [f"{floor.building.name} {floor.floor}" for floor in inspection.floors.select_related("building")]


def walk_everything(inspection, user):
    """Tick every area, every checklist item and every chosen floor, then complete the round."""
    services.record_checklist(
        inspection, by=user, areas=Area.values, checks=CheckItem.values,
        floors_walked=inspection.floors.values_list("pk", flat=True),
    )
    return services.complete(inspection, by=user)


def photo(name="leak.jpg", size=(40, 30), kind="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


# --- One record per assistant per day, five floors drawn (IN-1, IN-4) --------------------------


def test_an_assistant_starts_the_days_record_with_five_floors_and_a_reload_shows_the_same(estate, assistant):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)

    assert (inspection.inspector, inspection.day, inspection.estate) == (assistant, MONDAY, estate)
    assert len(floors_of(inspection)) == services.FLOORS_PER_ROUND == 5
    again = services.start_inspection(inspector=assistant, day=MONDAY)
    assert again.pk == inspection.pk
    assert floors_of(again) == floors_of(inspection)
    assert Inspection.objects.count() == 1
    assert AuditEvent.objects.for_object(inspection).get().action == "started"


def test_the_database_refuses_a_second_record_for_an_assistant_on_one_day(estate, assistant):
    """IN-1/IN-4: at most one 《楼层巡检表》 per assistant per day."""
    Inspection.objects.create(estate=estate, inspector=assistant, day=MONDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.create(estate=estate, inspector=assistant, day=MONDAY)


def test_the_floor_draw_is_the_same_for_the_same_assistant_and_day_and_differs_between_them(
    estate, assistant, colleague
):
    draw = services.choose_floors(estate, assistant, MONDAY)
    assert services.choose_floors(estate, assistant, MONDAY) == draw
    draws = {
        tuple((building.name, floor) for building, floor in services.choose_floors(estate, user, day))
        for user in (assistant, colleague)
        for day in (MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2))
    }
    assert len(draws) > 1


def test_floors_not_yet_walked_this_week_are_drawn_first(estate, assistant):
    """IN-1: full coverage of the week; a second round draws the five floors the first left."""
    first = walk_everything(services.start_inspection(inspector=assistant, day=MONDAY), assistant)
    second = services.start_inspection(inspector=assistant, day=MONDAY + timedelta(days=1))

    assert set(floors_of(first)).isdisjoint(floors_of(second))
    assert len(set(floors_of(first)) | set(floors_of(second))) == 10


def test_last_weeks_walks_do_not_count_for_this_week(estate, assistant):
    walk_everything(services.start_inspection(inspector=assistant, day=MONDAY - timedelta(days=1)), assistant)
    assert services.walked_this_week(estate, MONDAY) == {}


# --- The checklist and completing the round (IN-1, IN-2) ---------------------------------------


def test_a_round_is_complete_only_when_every_area_and_every_drawn_floor_is_covered(estate, assistant):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    first_floor = inspection.floors.first()
    services.record_checklist(
        inspection, by=assistant, areas=[Area.SITE_PLAN, Area.LOBBY], checks=[CheckItem.HYGIENE],
        floors_walked=[first_floor.pk], occupancy_note="1栋 502 开始装修",
    )

    with pytest.raises(InspectionError) as refused:
        services.complete(inspection, by=assistant)
    assert "IN-1" in str(refused.value)
    assert str(Area.GREENERY.label) in str(refused.value)

    completed = walk_everything(inspection, assistant)
    assert completed.is_completed
    assert completed.areas_done() == list(Area)
    assert completed.checks_done() == list(CheckItem)
    assert completed.floors.filter(checked=True).count() == 5


def test_a_completed_round_keeps_its_checklist(estate, assistant):
    inspection = walk_everything(services.start_inspection(inspector=assistant, day=MONDAY), assistant)
    with pytest.raises(InspectionError):
        services.record_checklist(inspection, by=assistant, areas=[])


@pytest.mark.parametrize(
    "group, own_round, allowed",
    [
        (ASSISTANT, True, True),
        (ASSISTANT, False, False),  # another assistant's record
        (SUPERVISOR, False, True),  # the supervisor oversees every round
        (ENGINEERING, False, False),
    ],
)
def test_who_may_record_on_a_round(estate, assistant, group, own_round, allowed):
    user = assistant if own_round else StaffUserFactory(groups=[group])
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    if allowed:
        services.record_checklist(inspection, by=user, areas=[Area.LOBBY])
    else:
        with pytest.raises(PermissionDenied):
            services.record_checklist(inspection, by=user, areas=[Area.LOBBY])


def test_engineering_cannot_start_an_inspection(estate):
    with pytest.raises(PermissionDenied):
        services.start_inspection(inspector=StaffUserFactory(groups=[ENGINEERING]), day=MONDAY)


# --- Findings and their IN-3 deadlines --------------------------------------------------------


@pytest.mark.parametrize(
    "found, forward_by, verify_by",
    [
        # IN-3: forwarded within 30 minutes, checked on site no later than the next day.
        ((9, 0), (9, 30), date(2026, 11, 24)),
        ((23, 50), (0, 20), date(2026, 11, 24)),  # the forwarding deadline runs past midnight
    ],
)
def test_a_finding_not_fixed_on_the_spot_stores_its_in3_deadlines(estate, assistant, found, forward_by, verify_by):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    found_at = at(MONDAY, *found)
    finding = services.record_finding(
        inspection, by=assistant, location="1栋 3层 电梯厅", item=CheckItem.FACILITIES,
        description="走廊灯不亮", found_at=found_at,
    )
    expected_forward = at(MONDAY if found[0] < 23 else MONDAY + timedelta(days=1), *forward_by)
    assert finding.state == FindingState.OPEN
    assert finding.forward_by == expected_forward
    assert finding.verify_on == verify_by
    assert finding.verify_by == at(verify_by + timedelta(days=1), 0)


def test_a_finding_fixed_on_the_spot_is_done_and_has_no_deadlines(estate, assistant):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    finding = services.record_finding(
        inspection, by=assistant, location="2栋 大厅", item=CheckItem.TIDINESS, description="宣传单散落",
        found_at=at(MONDAY, 10), fixed_on_spot=True, fix_note="已当场整理",
    )
    assert finding.state == FindingState.FIXED
    assert (finding.forward_by, finding.verify_by, finding.fixed_at) == (None, None, at(MONDAY, 10))
    assert not Finding.objects.awaiting_forward().exists()


def test_a_forwarded_finding_is_checked_on_site_and_closed(estate, assistant):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    finding = services.record_finding(
        inspection, by=assistant, location="地下车场 B区", item=CheckItem.FACILITIES, description="消防通道被占",
        found_at=at(MONDAY, 9),
    )
    services.forward(finding, by=assistant, to="保安部 赵建军", at=at(MONDAY, 9, 20))
    assert finding.state == FindingState.FORWARDED
    assert finding.forwarded_to == "保安部 赵建军"

    with pytest.raises(InspectionError):
        services.verify(finding, by=assistant, resolved=False, at=at(MONDAY + timedelta(days=1), 9))
    services.verify(finding, by=assistant, resolved=False, note="车辆仍未移走", at=at(MONDAY + timedelta(days=1), 9))
    assert finding.state == FindingState.FORWARDED
    assert finding.verify_on == MONDAY + timedelta(days=2)  # a new next-day deadline for the re-check

    services.verify(finding, by=assistant, resolved=True, note="已清理", at=at(MONDAY + timedelta(days=2), 9))
    assert (finding.state, finding.verified_by) == (FindingState.VERIFIED, assistant)
    assert [event.action for event in AuditEvent.objects.for_object(finding)] == [
        "recorded", "forwarded", "recheck_needed", "verified",
    ]
    counts = stats.finding_counts(MONDAY, MONDAY)
    # Checked within the re-check's deadline: on time.
    assert (counts.total, counts.forwarded_on_time, counts.verified, counts.verified_on_time) == (1, 1, 1, 1)


@pytest.mark.parametrize(
    "step, kwargs",
    [
        ("forward", {"to": "工程部"}),
        ("mark_fixed", {"note": "已处理"}),
    ],
)
def test_a_finding_fixed_on_the_spot_cannot_be_forwarded_or_fixed_again(estate, assistant, step, kwargs):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    finding = services.record_finding(
        inspection, by=assistant, location="绿化带", item=CheckItem.HYGIENE, description="垃圾",
        found_at=at(MONDAY, 8), fixed_on_spot=True,
    )
    with pytest.raises(InspectionError):
        getattr(services, step)(finding, by=assistant, **kwargs)


def test_a_finding_must_be_of_the_rounds_day(estate, assistant):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    with pytest.raises(InspectionError):
        services.record_finding(
            inspection, by=assistant, location="大厅", item=CheckItem.HYGIENE, description="地面脏",
            found_at=at(MONDAY - timedelta(days=1), 8),
        )


# --- Photos: checked by content, size-limited, private ----------------------------------------


def test_photos_of_a_finding_are_kept_in_private_storage(estate, assistant, settings):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    finding = services.record_finding(
        inspection, by=assistant, location="1栋 5层", item=CheckItem.HYGIENE, description="墙面污渍",
        found_at=at(MONDAY, 11), photos=[photo("stain.jpg"), photo("close-up.png", kind="PNG")],
    )
    stored = list(finding.photos.all())
    assert [(item.original_name, item.content_type) for item in stored] == [
        ("stain.jpg", "image/jpeg"), ("close-up.png", "image/png"),
    ]
    path = stored[0].file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "stain" not in stored[0].file.name  # stored under a random name


@pytest.mark.parametrize(
    "upload, code",
    [
        (SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg"), "file_type"),
        (SimpleUploadedFile("scan.pdf", b"%PDF-1.7 a scan", content_type="application/pdf"), "file_type"),
        (SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0 truncated", content_type="image/jpeg"), "damaged"),
    ],
)
def test_a_finding_refuses_files_that_are_not_photos(estate, assistant, upload, code):
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    with pytest.raises(ValidationError) as refused:
        services.record_finding(
            inspection, by=assistant, location="大厅", item=CheckItem.HYGIENE, description="地面脏",
            found_at=at(MONDAY, 8), photos=[upload],
        )
    assert refused.value.code == code
    assert not Finding.objects.exists()
    assert not FindingPhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(estate, assistant, monkeypatch):
    from forms import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    inspection = services.start_inspection(inspector=assistant, day=MONDAY)
    with pytest.raises(ValidationError) as refused:
        services.record_finding(
            inspection, by=assistant, location="大厅", item=CheckItem.HYGIENE, description="地面脏",
            found_at=at(MONDAY, 8), photos=[photo(size=(400, 300))],
        )
    assert refused.value.code == "too_big"


# --- Weekly coverage (IN-1) -------------------------------------------------------------------


def test_the_coverage_grid_counts_walks_per_floor_and_day(estate, assistant, colleague):
    monday = walk_everything(services.start_inspection(inspector=assistant, day=MONDAY), assistant)
    services.start_inspection(inspector=colleague, day=MONDAY)  # started, nothing walked yet

    grid = stats.coverage_grid(estate, MONDAY + timedelta(days=3))
    assert [coverage.building.name for coverage in grid] == ["1栋", "2栋"]
    assert [row.floor for row in grid[0].rows] == [6, 5, 4, 3, 2, 1]
    walked = {
        (coverage.building.name, row.floor): row.per_day for coverage in grid for row in coverage.rows if row.total
    }
    assert set(walked) == {tuple(name.split(" ")[0:1]) + (int(name.split(" ")[1]),) for name in floors_of(monday)}
    assert all(per_day == [1, 0, 0, 0, 0, 0, 0] for per_day in walked.values())
    assert stats.coverage_summary(estate, MONDAY) == (0, 10)  # IN-1 wants two walks of each floor
    assert stats.daily_rounds(MONDAY, MONDAY + timedelta(days=6)) == {assistant.pk: {MONDAY}}
