"""我的提醒: a member of staff finds their unread alerts on the admin dashboard, opens one
(which marks it read) or marks them all read; nobody sees another's alerts."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from portal.clocks import services
from portal.organisation.groups import ASSISTANT, SUPERVISOR
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

DUE = datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="wangzhuguan")


def alert(recipients, *, subject="逾期：回复客户 ZX-2026-000001", url="/admin/estate/unit/"):
    return services.send_alert(UnitFactory(), clock="tests.reply_by", kind="escalation", due_at=DUE,
                               recipients=recipients, subject=subject, body="请尽快处理。", url=url)


def test_unread_alerts_are_on_the_dashboard_and_open_marks_read(client, supervisor):
    alert([supervisor])
    client.force_login(supervisor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "我的提醒" in page and "逾期：回复客户 ZX-2026-000001" in page
    receipt = services.unread_for(supervisor).get()
    response = client.get(reverse("clocks:open_alert", args=(receipt.pk,)))
    assert response.status_code == 302 and response["Location"] == "/admin/estate/unit/"
    assert "我的提醒" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_mark_all_read(client, supervisor):
    alert([supervisor], subject="一")
    alert([supervisor], subject="二")
    client.force_login(supervisor)
    assert client.get(reverse("clocks:mark_all_read")).status_code == 405
    client.post(reverse("clocks:mark_all_read"))
    assert services.unread_for(supervisor).count() == 0


def test_nobody_opens_anothers_alert(client, supervisor):
    alert([supervisor])
    receipt = services.unread_for(supervisor).get()
    client.force_login(StaffUserFactory(groups=[ASSISTANT]))
    assert client.get(reverse("clocks:open_alert", args=(receipt.pk,))).status_code == 404
    assert "逾期：回复客户" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert services.unread_for(supervisor).count() == 1


def test_a_link_elsewhere_is_not_followed(client, supervisor):
    alert([supervisor], url="https://example.net/phish")
    client.force_login(supervisor)
    receipt = services.unread_for(supervisor).get()
    assert client.get(reverse("clocks:open_alert", args=(receipt.pk,)))["Location"] == reverse("wagtailadmin_home")


def test_mark_all_read_works_from_the_dashboard_with_csrf_checks_on(supervisor):
    from django.test import Client

    alert([supervisor], subject="一")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(supervisor)
    page = browser.get(reverse("wagtailadmin_home")).content.decode()
    form = page.split(f'action="{reverse("clocks:mark_all_read")}"', 1)[1].split("</form>", 1)[0]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    browser.post(reverse("clocks:mark_all_read"), {"csrfmiddlewaretoken": token})

    assert services.unread_for(supervisor).count() == 0
