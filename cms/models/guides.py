"""Owner guides (业主服务指南, 装修申报须知, …) under ``/guides/``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import GuideStreamBlock
from .portal import CHINESE_SEARCH_FIELD, ChineseSearchMixin, PortalPageMixin


class GuideIndexPage(PortalPageMixin, Page):
    """``/guides/``: every published guide, in the order editors arrange them."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidePage"]
    max_count = 1
    template = "cms/guide_index_page.html"

    class Meta:
        verbose_name = _("guide index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.child_of(self).live().public()
        return context


class GuidePage(ChineseSearchMixin, PortalPageMixin, Page):
    """A guide for owners, written from the procedures, quoting live policy values."""

    summary = models.CharField(
        _("summary"), max_length=200, blank=True, help_text=_("One line shown in listings and search results.")
    )
    body = StreamField(GuideStreamBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [CHINESE_SEARCH_FIELD]
    searchable_text_fields = ("summary", "body")
    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types: list[str] = []
    template = "cms/guide_page.html"

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
