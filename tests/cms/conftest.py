"""A small portal tree under the home page that the migrations create."""

from datetime import timedelta

import pytest

from cms.models import (
    GuideIndexPage,
    GuidePage,
    HomePage,
    NoticeIndexPage,
    NoticePage,
    ServiceIndexPage,
    ServicePage,
)
from cms.policy_values import today


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish it through a revision, as editors do."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    home = HomePage.objects.get()
    home.office_hours = "每天 8:30–18:00"
    home.service_desk = "1栋首层大堂"
    home.save_revision().publish()
    return home


@pytest.fixture
def guide_index(home):
    return publish(home, GuideIndexPage(title="办事指南", slug="guides"))


@pytest.fixture
def notice_index(home):
    return publish(home, NoticeIndexPage(title="小区通知", slug="notices"))


@pytest.fixture
def service_index(home):
    return publish(home, ServiceIndexPage(title="在线办事", slug="services"))


@pytest.fixture
def renovation_guide(guide_index):
    return publish(
        guide_index,
        GuidePage(
            title="装修申报须知",
            slug="renovation",
            summary="装修申请要准备的资料和费用",
            body=[
                {"type": "heading", "value": "装修施工图纸"},
                {"type": "checklist", "value": {"heading": "", "items": ["平面图", "天花图"]}},
                {
                    "type": "policy_value",
                    "value": {"lead_in": "写字楼自竣工验收之日起", "parameter": "renovation_office_refund_days",
                              "after": "后可申请退还押金。"},
                },
                {"type": "paragraph", "value": "<p>禁止安装防护栏。</p>"},
            ],
        ),
    )


@pytest.fixture
def parking_guide(guide_index):
    return publish(
        guide_index,
        GuidePage(
            title="车位办理指南",
            slug="parking",
            summary="每户限租一个车位",
            body=[{"type": "paragraph", "value": "<p>请携带行驶证。</p>"}],
        ),
    )


@pytest.fixture
def outage_notice(notice_index):
    return publish(
        notice_index,
        NoticePage(
            title="停水通知",
            slug="water-outage",
            kind="outage",
            publish_date=today() - timedelta(days=1),
            end_date=today() + timedelta(days=2),
            summary="1栋供水管道检修停水",
            body="<p>请提前储水。</p>",
        ),
    )


@pytest.fixture
def renovation_service(service_index, renovation_guide):
    return publish(
        service_index,
        ServicePage(
            title="装修申请",
            slug="renovation",
            procedure="renovation",
            intro="<p>装修前请先申请。</p>",
            guide=renovation_guide,
        ),
    )


@pytest.fixture
def portal(renovation_guide, parking_guide, outage_notice, renovation_service, home):
    """Every page type, published: the home page is returned."""
    return home
