"""Every page type can be created where it belongs, is routable, renders and is editable."""

from datetime import timedelta
from unittest import mock

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

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

from .conftest import publish


class TestPortalPageTree(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.guide_index = publish(cls.home, GuideIndexPage(title="办事指南", slug="guides"))
        cls.guide = publish(
            cls.guide_index,
            GuidePage(
                title="入伙须知",
                slug="move-in",
                body=[
                    {"type": "steps", "value": {"heading": "办理流程", "steps": [{"title": "核实身份", "text": "出示身份证件"}]}},
                    {"type": "contact", "value": {"department": "客户服务中心", "phone": "0755-8888 6666",
                                                  "address": "1栋首层", "hours": "8:30–18:00"}},
                    {"type": "fee_table", "value": {"heading": "流转金", "rows": [
                        {"item": "写字楼电费流转金", "parameter": "move_in_office_electricity_float", "amount": "", "note": ""},
                        {"item": "住宅", "parameter": "", "amount": "无需缴纳", "note": ""},
                    ]}},
                ],
            ),
        )
        cls.notice_index = publish(cls.home, NoticeIndexPage(title="小区通知", slug="notices"))
        cls.notice = publish(
            cls.notice_index,
            NoticePage(title="停水通知", slug="outage", kind="outage", publish_date=today(),
                       end_date=today() + timedelta(days=1), body="<p>请储水。</p>"),
        )
        cls.service_index = publish(cls.home, ServiceIndexPage(title="在线办事", slug="services"))
        cls.service = publish(
            cls.service_index,
            ServicePage(title="报修", slug="repair", procedure="repair", intro="<p>告诉我们哪里坏了。</p>"),
        )

    def test_each_page_type_lives_where_it_belongs(self):
        for index_type in (GuideIndexPage, NoticeIndexPage, ServiceIndexPage):
            self.assertCanCreateAt(HomePage, index_type)
        self.assertCanCreateAt(GuideIndexPage, GuidePage)
        self.assertCanCreateAt(NoticeIndexPage, NoticePage)
        self.assertCanCreateAt(ServiceIndexPage, ServicePage)
        self.assertCanNotCreateAt(HomePage, GuidePage)
        self.assertCanNotCreateAt(GuideIndexPage, NoticePage)
        self.assertCanNotCreateAt(GuidePage, GuidePage)

    def test_every_page_is_routable_and_renders(self):
        for page in (self.home, self.guide_index, self.guide, self.notice_index, self.notice,
                     self.service_index, self.service):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def test_the_routes_of_routable_pages_render(self):
        self.assertPageIsRoutable(self.service, "apply/")
        with mock.patch("forms.registry.get_wizard", return_value=None):
            self.assertPageIsRenderable(self.service, "apply/")
        self.assertPageIsRoutable(self.home, "search/")
        self.assertPageIsRenderable(self.home, "search/", query_data={"q": "入伙"})

    def test_every_page_opens_in_the_admin_editor(self):
        # (assertPageIsEditable cannot read a StreamField back from the editor's HTML.)
        self.login()
        for page in (self.home, self.guide_index, self.guide, self.notice_index, self.notice,
                     self.service_index, self.service):
            response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertEqual(response.status_code, 200, page)
