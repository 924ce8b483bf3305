"""The home page: hotline and hours, the latest notices, the services and the guides."""

from datetime import timedelta

import pytest

from cms.models import NoticePage
from cms.policy_values import today

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_chinese(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "物业客服中心" in html
    assert "登录" in html


def test_home_page_shows_the_hotline_and_office_hours(client, home, settings):
    html = client.get("/").content.decode()

    assert settings.ESTATE_HOTLINE in html
    assert "每天 8:30–18:00" in html
    assert "1栋首层大堂" in html


def test_home_page_links_every_service_and_guide(client, portal):
    html = client.get("/").content.decode()

    assert 'href="/services/renovation/"' in html
    assert 'href="/guides/renovation/"' in html
    assert 'href="/guides/parking/"' in html


def test_home_page_lists_current_notices_newest_first(client, notice_index, outage_notice):
    publish(notice_index, NoticePage(title="社区活动：邻里文化节", slug="festival", kind="event",
                                     publish_date=today(), body="<p>欢迎参加。</p>"))
    publish(notice_index, NoticePage(title="已结束的通知", slug="ended", publish_date=today() - timedelta(days=9),
                                     end_date=today() - timedelta(days=1), body="<p>旧闻</p>"))
    publish(notice_index, NoticePage(title="下周的通知", slug="future", publish_date=today() + timedelta(days=7),
                                     body="<p>尚未发布</p>"))

    html = client.get("/").content.decode()

    assert html.index("社区活动：邻里文化节") < html.index("停水通知")
    assert "已结束的通知" not in html
    assert "下周的通知" not in html
    assert 'href="/notices/"' in html


def test_home_page_does_not_list_unpublished_notices(client, outage_notice):
    outage_notice.unpublish()

    assert "停水通知" not in client.get("/").content.decode()
