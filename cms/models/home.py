"""The portal's front page at ``/`` (and its ``search/`` route)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..search import search_pages
from .guides import GuideIndexPage, GuidePage
from .notices import NoticeIndexPage, NoticePage
from .portal import PortalPageMixin
from .services import ServiceIndexPage, ServicePage


class HomePage(PortalPageMixin, RoutablePageMixin, Page):
    """Hotline and office hours, the latest notices, the services and the guides."""

    intro = RichTextField(_("introduction"), blank=True)
    hotline = models.CharField(
        _("service hotline"),
        max_length=30,
        blank=True,
        help_text=_("Leave blank to show the estate's hotline from the settings."),
    )
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    service_desk = models.CharField(
        _("service desk"), max_length=200, blank=True, help_text=_("Where owners find the customer-service desk.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("hotline"), FieldPanel("office_hours"), FieldPanel("service_desk")],
            heading=_("How to reach us"),
        ),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.GuideIndexPage", "cms.NoticeIndexPage", "cms.ServiceIndexPage"]
    template = "cms/home_page.html"
    latest_notices = 5

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = (
            NoticePage.objects.descendant_of(self).live().public().current().newest_first()[: self.latest_notices]
        )
        context["services"] = ServicePage.objects.descendant_of(self).live().public()
        context["guides"] = GuidePage.objects.descendant_of(self).live().public()
        indexes = {"guide_index": GuideIndexPage, "notice_index": NoticeIndexPage, "service_index": ServiceIndexPage}
        for name, model in indexes.items():
            context[name] = model.objects.child_of(self).live().public().first()
        return context

    def search_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("search").lstrip("/")

    @path("")
    def front(self, request):
        return self.render(request)

    @path("search/", name="search")
    def search(self, request):
        """``/search/?q=``: guides and notices matching the words asked."""
        query = request.GET.get("q", "").strip()[:100]
        return self.render(
            request,
            template="cms/search_results.html",
            context_overrides={"query": query, "results": search_pages(self, query)},
        )
