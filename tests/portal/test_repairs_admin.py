"""报修服务 in the admin: the desk records a phone call, engineering picks up and completes
from the order's page, the 《维修服务单》 prints in Chinese, the 17:00 list and the
dashboard panels show what waits, and each page is closed to those it is not for."""

import io
import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.casework.review import staff_name
from portal.organisation.groups import ASSISTANT, CASHIER, CONTENT_EDITOR, ENGINEERING, SECURITY, SUPERVISOR
from portal.repairs import services
from portal.repairs.models import RepairOrder, RepairState
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def unit():
    return UnitFactory()


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli", last_name="陈", first_name="晓琳")


@pytest.fixture
def engineer():
    return StaffUserFactory(groups=[ENGINEERING], username="liugong", last_name="刘", first_name="国强")


def desk_order(by, unit, **fields):
    values = {
        "unit": unit, "contact_name": "张伟", "phone": "13800138000", "category": "other",
        "description": "厨房水龙头滴水", "appointment_at": timezone.now() + timedelta(hours=3), **fields,
    }
    return services.open_at_desk(by=by, **values)


def inspect_url(order):
    return reverse("repairs_order:inspect", args=(order.pk,))


def local(moment) -> str:
    return timezone.localtime(moment, SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_the_desk_records_a_phone_call(client, assistant, unit):
    client.force_login(assistant)
    assert client.get(reverse("repairs_order:add")).status_code == 200
    response = client.post(
        reverse("repairs_order:add"),
        {
            "channel": "phone", "unit": unit.pk, "contact_name": "张伟", "phone": "13800138000",
            "category": "power_outage", "description": "整户突然停电", "reported_at": local(timezone.now()),
            "appointment_at": local(timezone.now() + timedelta(hours=1)),
        },
    )
    order = RepairOrder.objects.get()
    assert response.status_code == 302 and response.url == inspect_url(order)
    assert (order.priority, order.received_by) == ("emergency", assistant)


def test_rp1_the_entry_form_refuses_missing_details(client, assistant, unit):
    client.force_login(assistant)
    response = client.post(reverse("repairs_order:add"), {"channel": "phone", "unit": unit.pk, "category": "other"})
    assert response.status_code == 400
    assert not RepairOrder.objects.exists()


def test_engineering_picks_up_and_completes_from_the_orders_page(client, assistant, engineer, unit):
    order = desk_order(assistant, unit)
    client.force_login(engineer)
    page = client.get(inspect_url(order)).content.decode()
    assert 'data-repair-step="pick_up"' in page
    assert 'data-repair-step="cancel"' not in page
    assert 'name="csrfmiddlewaretoken"' in page

    response = client.post(reverse("repairs_order:pick_up", args=(order.pk,)))
    assert response.status_code == 302
    response = client.post(
        reverse("repairs_order:complete", args=(order.pk,)),
        {"work_done": "更换阀芯", "customer_signature_name": "张伟", "customer_signed_at": local(timezone.now())},
    )
    order.refresh_from_db()
    assert order.state == RepairState.COMPLETED
    page = client.get(inspect_url(order)).content.decode()
    assert "data-history" in page and "data-followup" in page


@pytest.mark.parametrize("group", [ASSISTANT, CASHIER, SECURITY])
def test_a_step_without_its_permission_is_forbidden(client, assistant, unit, group):
    order = desk_order(assistant, unit)
    client.force_login(StaffUserFactory(groups=[group]))
    response = client.post(reverse("repairs_order:pick_up", args=(order.pk,)))
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.state == RepairState.REPORTED


@pytest.mark.parametrize("group", [SECURITY, CONTENT_EDITOR])
def test_the_pages_are_closed_to_groups_without_repairs(client, assistant, unit, group):
    order = desk_order(assistant, unit)
    client.force_login(StaffUserFactory(groups=[group]))
    for url in (
        reverse("repairs_order:index"), inspect_url(order), reverse("repairs_order:work_order", args=(order.pk,)),
        reverse("repairs_daily_list_today"), reverse("repairs_order:add"),
    ):
        assert client.get(url).status_code in (302, 403), url


def test_the_listing_filters_searches_and_exports(client, assistant, unit):
    late = desk_order(assistant, unit, phone="13711112222", reported_at=timezone.now() - timedelta(hours=5),
                      category="burst_pipe")
    fresh = desk_order(assistant, UnitFactory(), phone="13633334444")
    client.force_login(assistant)
    index = reverse("repairs_order:index")
    overdue = client.get(index, {"overdue": "true"}).content.decode()
    assert late.reference in overdue and fresh.reference not in overdue
    emergency = client.get(index, {"priority": "emergency"}).content.decode()
    assert late.reference in emergency and fresh.reference not in emergency
    found = client.get(index, {"q": "13633334444"}).content.decode()
    assert fresh.reference in found and late.reference not in found
    export = client.get(index, {"export": "csv"})
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert late.reference in text and fresh.reference in text


def test_the_work_order_prints_in_chinese(client, assistant, engineer, unit):
    order = desk_order(assistant, unit, category="burst_pipe", description="卫生间水管爆裂")
    order = services.explain_charge(order, by=assistant, price_standard="人工费按价目表", reason="户内自用管道")
    order = services.pick_up(order, by=engineer)
    order = services.complete(order, by=engineer, work_done="更换水管接头", customer_signature_name="张伟",
                              fee_amount=Decimal("120.00"))
    client.force_login(engineer)
    response = client.get(reverse("repairs_order:work_order", args=(order.pk,)))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    signed = [staff_name(engineer).replace(" ", ""), staff_name(assistant).replace(" ", "")]
    for expected in ("维修服务单", order.reference, "卫生间水管爆裂", "紧急维修", "更换水管接头", "张伟", *signed,
                     "¥120.00", "人工费按价目表", str(unit).replace(" ", "")):
        assert expected in text, expected


def test_the_1700_list_page_shows_the_days_open_orders(client, assistant, engineer, unit):
    thursday = datetime(2026, 11, 26, 10, 0, tzinfo=SHANGHAI)
    waiting = desk_order(assistant, unit, reported_at=thursday)
    done = desk_order(assistant, UnitFactory(), reported_at=thursday)
    RepairOrder.objects.filter(pk=done.pk).update(
        state="completed", picked_up_by=engineer, picked_up_at=thursday + timedelta(minutes=20),
        completed_at=thursday + timedelta(hours=2), customer_signature_name="王芳",
        customer_signed_at=thursday + timedelta(hours=2),
    )
    client.force_login(StaffUserFactory(groups=[SUPERVISOR]))
    page = client.get(reverse("repairs_daily_list", args=("2026-11-26",))).content.decode()
    assert f'data-order="{waiting.reference}"' in page
    assert f'data-order="{done.reference}"' not in page
    assert client.get(reverse("repairs_daily_list_today")).status_code == 200
    assert client.get(reverse("repairs_daily_list", args=("2026-02-30",))).status_code == 404


def test_dashboard_panels_show_orders_to_pick_up_and_to_chase(client, assistant, engineer, unit):
    fresh = desk_order(assistant, unit)
    late = desk_order(assistant, UnitFactory(), reported_at=datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))
    online = desk_order(assistant, UnitFactory())
    RepairOrder.objects.filter(pk=online.pk).update(received_by=None, channel="online")
    client.force_login(engineer)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-panel="repairs-pickup"' in page
    assert fresh.reference in page and late.reference in page
    assert 'data-panel="repairs-chase"' not in page

    client.force_login(assistant)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    chase = page.split('data-panel="repairs-chase"')[1]
    assert late.reference in chase.split("</table>")[0]
    assert online.reference in chase.split("</table>")[0]  # nobody has received it yet (RP-1)
    assert fresh.reference not in chase.split("</table>")[0]
