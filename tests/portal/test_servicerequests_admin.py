"""客户需求与建议 in the admin: the desk records a call, moves it on from its page, the
supervisor reads the week's summary with its counts and signs it off (RQ-4), and the
pages are closed to groups without them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.organisation.groups import ASSISTANT, CONTENT_EDITOR, ENGINEERING, SUPERVISOR
from portal.servicerequests import services
from portal.servicerequests.models import RequestState, ServiceRequest, WeeklyRequestSummary
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT])


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR])


def desk_request(by, **fields):
    values = {"kind": "request", "content": "楼道灯不亮", "contact_name": "李娜", "phone": "13900139000", **fields}
    return services.open_at_desk(by=by, **values)


def local(moment) -> str:
    return timezone.localtime(moment, SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def test_the_desk_records_a_request_and_forwards_it(client, assistant):
    client.force_login(assistant)
    response = client.post(
        reverse("servicerequests_request:add"),
        {"kind": "request", "channel": "phone", "unit": UnitFactory().pk, "contact_name": "李娜",
         "phone": "13900139000", "content": "希望清理楼顶杂物", "received_at": local(timezone.now())},
    )
    service_request = ServiceRequest.objects.get()
    inspect = reverse("servicerequests_request:inspect", args=(service_request.pk,))
    assert response.status_code == 302 and response.url == inspect
    page = client.get(inspect).content.decode()
    assert 'data-request-step="forward"' in page and "data-history" in page and "data-request-clocks" in page

    client.post(reverse("servicerequests_request:forward", args=(service_request.pk,)), {"department": "cleaning"})
    service_request.refresh_from_db()
    assert (service_request.state, service_request.department) == (RequestState.FORWARDED, "cleaning")


@pytest.mark.parametrize("group", [ENGINEERING, CONTENT_EDITOR])
def test_the_pages_are_closed_to_groups_without_them(client, assistant, group):
    service_request = desk_request(assistant)
    client.force_login(StaffUserFactory(groups=[group]))
    for url in (
        reverse("servicerequests_request:index"),
        reverse("servicerequests_request:inspect", args=(service_request.pk,)),
        reverse("servicerequests_weekly_current"),
    ):
        assert client.get(url).status_code in (302, 403), url
    response = client.post(reverse("servicerequests_request:close", args=(service_request.pk,)))
    assert response.status_code in (302, 403)
    service_request.refresh_from_db()
    assert service_request.state == RequestState.RECEIVED


def test_the_listing_filters_overdue_and_searches_by_phone(client, assistant):
    late = desk_request(assistant, received_at=timezone.now() - timedelta(days=2), phone="13711112222")
    fresh = desk_request(assistant, phone="13633334444")
    services.forward(fresh, by=assistant, department="security")
    client.force_login(assistant)
    index = reverse("servicerequests_request:index")
    overdue = client.get(index, {"overdue": "true"}).content.decode()
    assert late.reference in overdue and fresh.reference not in overdue
    found = client.get(index, {"q": "13633334444"}).content.decode()
    assert fresh.reference in found and late.reference not in found


def test_rq4_the_weekly_summary_lists_the_week_and_is_signed_off(client, assistant, supervisor):
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
    first = desk_request(assistant, received_at=monday)
    services.reply(first, by=assistant, reply="已修好", at=monday + timedelta(hours=2))
    second = desk_request(assistant, received_at=monday + timedelta(days=2), kind="suggestion", content="建议增加座椅")
    other_week = desk_request(assistant, received_at=monday - timedelta(days=1), content="上周的需求")

    client.force_login(supervisor)
    url = reverse("servicerequests_weekly", args=("2026-11-25",))  # any day of the week
    page = client.get(url).content.decode()
    assert f'data-request="{first.reference}"' in page and f'data-request="{second.reference}"' in page
    assert other_week.reference not in page
    assert 'data-count="received">2<' in page
    assert "data-sign-summary" in page

    response = client.post(url, {"note": "本周以设施类需求为主"})
    assert response.status_code == 302
    summary = WeeklyRequestSummary.objects.get(week_start="2026-11-23")
    assert summary.signed_by == supervisor and summary.note == "本周以设施类需求为主"
    assert "data-signed" in client.get(url).content.decode()


def test_rq4_reading_a_past_week_starts_no_clock(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("servicerequests_weekly", args=("2026-01-05",))).status_code == 200
    assert not WeeklyRequestSummary.objects.filter(week_start="2026-01-05").exists()


def test_rq4_only_the_supervisor_signs_off(client, assistant):
    client.force_login(assistant)
    response = client.post(reverse("servicerequests_weekly", args=("2026-11-23",)), {"note": ""})
    assert response.status_code == 403
    assert not WeeklyRequestSummary.objects.filter(signed_at__isnull=False).exists()


def test_the_dashboard_shows_requests_due(client, assistant):
    service_request = desk_request(assistant)
    client.force_login(assistant)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-panel="servicerequests-due"' in page and service_request.reference in page
