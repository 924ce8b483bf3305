"""来访来电接待 in the admin: the desk enters a call on a form, finds it by number, name or
unit, filters the log and exports it; the project manager reads it; others see nothing."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal.calls import services
from portal.calls.models import Call, CallKind, CallOutcome
from portal.clocks.models import Alert
from portal.organisation.groups import ASSISTANT, ENGINEERING, PROJECT_MANAGER, SUPERVISOR
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli")


def logged(by, **fields):
    values = {"kind": CallKind.PHONE, "caller_name": "张伟", "caller_phone": "13800138000", "subject": "咨询"}
    return services.record_call(Call(**{**values, **fields}), by=by)


def form_data(**fields):
    return {
        "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "kind": CallKind.PHONE, "caller_name": "王芳",
        "caller_phone": "139 0013 9000", "unit": "", "subject": "楼道灯不亮", "outcome": CallOutcome.FORWARDED,
        "reply": "", "forwarded_to": "engineering", "forwarded_at": "", **fields,
    }


def test_the_desk_enters_a_call_on_the_form(client, assistant):
    StaffUserFactory(groups=[SUPERVISOR])
    unit = UnitFactory()
    client.force_login(assistant)
    assert client.get(reverse("calls_call:add")).status_code == 200
    response = client.post(reverse("calls_call:add"), form_data(unit=unit.pk, urgent="on"))
    assert response.status_code == 302
    entry = Call.objects.get()
    assert (entry.caller_phone, entry.unit, entry.forwarded_to, entry.recorded_by) == (
        "13900139000", unit, "engineering", assistant)
    assert entry.forwarded_at is not None
    assert Alert.objects.filter(object_id=str(entry.pk)).count() == 1  # RC-2


def test_a_call_without_a_number_is_refused_on_the_form(client, assistant):
    client.force_login(assistant)
    response = client.post(reverse("calls_call:add"), form_data(caller_phone=""))
    assert response.status_code == 200
    assert "RC-3" in response.content.decode()
    assert Call.objects.count() == 0


def test_the_desk_corrects_an_entry(client, assistant):
    entry = logged(assistant)
    client.force_login(assistant)
    client.post(reverse("calls_call:edit", args=(entry.pk,)),
                form_data(caller_phone="0755-88886666", outcome=CallOutcome.ANSWERED, forwarded_to=""))
    entry.refresh_from_db()
    assert entry.caller_phone == "0755-88886666" and entry.outcome == CallOutcome.ANSWERED
    page = client.get(reverse("calls_call:inspect", args=(entry.pk,))).content.decode()
    assert "Changed" in page
    assert client.get(f"/admin/calls/call/delete/{entry.pk}/").status_code == 404


def test_the_log_is_searched_and_filtered(client, assistant):
    unit = UnitFactory()
    logged(assistant, caller_name="张伟", caller_phone="13800138000")
    logged(assistant, caller_name="李娜", caller_phone="13700137000", unit=unit)
    logged(assistant, kind=CallKind.VISIT, caller_name="赵敏", caller_phone="")
    client.force_login(assistant)
    index = reverse("calls_call:index")
    by_number = client.get(index, {"q": "1370013"}).content.decode()
    assert "李娜" in by_number and "张伟" not in by_number
    by_unit = client.get(index, {"q": unit.number}).content.decode()
    assert "李娜" in by_unit and "赵敏" not in by_unit
    visits = client.get(index, {"kind": "visit"}).content.decode()
    assert "赵敏" in visits and "张伟" not in visits
    today = timezone.localdate().isoformat()
    assert "张伟" in client.get(index, {"at_after": today, "at_before": today}).content.decode()


def test_the_log_exports_to_excel(client, assistant):
    logged(assistant, caller_name="张伟")
    client.force_login(assistant)
    response = client.get(reverse("calls_call:index"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert "Caller's number" in rows[0]
    assert "张伟" in rows[1] and "13800138000" in rows[1]


def test_the_project_manager_reads_but_does_not_enter(client, assistant):
    entry = logged(assistant)
    client.force_login(StaffUserFactory(groups=[PROJECT_MANAGER]))
    assert client.get(reverse("calls_call:index")).status_code == 200
    assert client.get(reverse("calls_call:inspect", args=(entry.pk,))).status_code == 200
    assert client.get(reverse("calls_call:add")).status_code in (302, 403)
    client.post(reverse("calls_call:add"), form_data())
    assert Call.objects.count() == 1


def test_other_staff_see_nothing(client, assistant):
    logged(assistant)
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))
    assert client.get(reverse("calls_call:index")).status_code in (302, 403)
