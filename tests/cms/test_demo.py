"""The demo portal: every guide, service and notice of the procedures, in Chinese."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import GroupPagePermission, Page, PageLogEntry, Revision, WorkflowPage

from cms import demo
from cms.models import GuidePage, NoticePage, ServicePage
from portal.casework.procedures import Procedure

GUIDES = {
    "owner-service-guide": "业主服务指南",
    "move-in": "入伙须知",
    "renovation": "装修申报须知",
    "release-pass": "物品放行须知",
    "parking": "车位办理指南",
    "complaints-and-repairs": "投诉与报修服务承诺",
    "tenants": "租户入住与退租指南",
    "government-approvals": "政府报批办事指南",
}


def state():
    """What a load could change: the pages, their revisions and history, and who may edit them."""
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "workflows": list(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        "permissions": GroupPagePermission.objects.count(),
    }


class TestDemoPortal(TestCase):
    """The demo pages, loaded once for the class (each test runs in its own savepoint)."""

    @classmethod
    def setUpTestData(cls):
        demo.load()

    def test_every_demo_guide_renders_in_chinese(self):
        assert dict(GuidePage.objects.live().values_list("slug", "title")) == GUIDES
        for slug, title in GUIDES.items():
            response = self.client.get(f"/guides/{slug}/")

            assert response.status_code == 200, slug
            html = response.content.decode()
            assert '<html lang="zh-hans">' in html
            assert f"<h1>{title}</h1>" in html
            assert "None" not in html and "<strong>—</strong>" not in html, slug

    def test_demo_guides_quote_the_policy_library(self):
        move_in = self.client.get("/guides/move-in/").content.decode()
        renovation = self.client.get("/guides/renovation/").content.decode()

        assert "预收物业管理费：<strong>3 个月</strong>" in move_in
        assert "¥1,000.00" in move_in and "¥200.00" in move_in
        assert "<strong>3 个工作日</strong>内审批完毕" in renovation
        assert "<strong>3 个月</strong>后，可以申请退还装修押金" in renovation
        assert "<strong>15 天</strong>后，可以申请退还装修押金" in renovation
        assert "¥10,000.00" in renovation
        assert "禁止安装防护栏" in renovation

    def test_demo_has_a_service_page_for_every_procedure(self):
        assert set(ServicePage.objects.live().values_list("procedure", flat=True)) == set(Procedure.values)
        for procedure in Procedure.values:
            assert self.client.get(f"/services/{procedure}/").status_code == 200, procedure

    def test_demo_home_page_shows_notices_services_and_guides(self):
        html = self.client.get("/").content.decode()

        for notice in NoticePage.objects.live():
            assert notice.title in html
        assert "装修申请" in html and "退租" in html
        assert "装修申报须知" in html
        assert "每天 8:30–18:00" in html

    def test_loading_the_demo_again_changes_nothing(self):
        before = state()

        demo.load()

        assert state() == before


@pytest.fixture
def flushed_database(db):
    """An emptied database (as browser tests leave it), rolled back afterwards; the caches
    that remember content types and sites from the flushed state are cleared on the way out."""
    call_command("flush", interactive=False, verbosity=0)
    yield
    ContentType.objects.clear_cache()
    cache.clear()


def test_demo_loads_on_a_flushed_database(client, flushed_database):
    demo.load()

    assert client.get("/guides/renovation/").status_code == 200
    assert WorkflowPage.objects.filter(workflow__name="内容审核").exists()
