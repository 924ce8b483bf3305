"""Announcements: outages, surveys, community events."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..policy_values import today
from .portal import CHINESE_SEARCH_FIELD, ChineseSearchMixin, PortalPageMixin


class NoticeKind(models.TextChoices):
    OUTAGE = "outage", _("Outage or works")
    SURVEY = "survey", _("Survey")
    EVENT = "event", _("Community event")
    GENERAL = "general", _("General")


class NoticeQuerySet(PageQuerySet):
    def current(self, on_date: date | None = None):
        """Notices published by ``on_date`` (default today) that have not ended before it."""
        on_date = on_date or today()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date), publish_date__lte=on_date)

    def newest_first(self):
        return self.order_by("-publish_date", "-first_published_at", "-pk")


class NoticePage(ChineseSearchMixin, PortalPageMixin, Page):
    """One announcement, shown on the home page from ``publish_date`` until ``end_date``."""

    kind = models.CharField(_("kind"), max_length=10, choices=NoticeKind.choices, default=NoticeKind.GENERAL)
    publish_date = models.DateField(_("publish date"), default=today)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave blank for a notice that does not expire.")
    )
    summary = models.CharField(_("summary"), max_length=200, blank=True, help_text=_("One line for listings."))
    body = RichTextField(_("body"), features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3"])

    objects = PageManager.from_queryset(NoticeQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("publish_date"), FieldPanel("end_date")], heading=_("When and what")
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [CHINESE_SEARCH_FIELD, index.FilterField("publish_date")]
    searchable_text_fields = ("summary", "body")
    parent_page_types = ["cms.NoticeIndexPage"]
    subpage_types: list[str] = []
    template = "cms/notice_page.html"

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def clean(self):
        super().clean()
        if self.end_date and self.publish_date and self.end_date < self.publish_date:
            raise ValidationError({"end_date": _("A notice cannot end before it is published.")})

    def has_ended(self, on_date: date | None = None) -> bool:
        return self.end_date is not None and self.end_date < (on_date or today())


class NoticeIndexPage(PortalPageMixin, Page):
    """``/notices/``: current notices first, then earlier ones, a page at a time."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NoticePage"]
    max_count = 1
    per_page = 10
    template = "cms/notice_index_page.html"

    class Meta:
        verbose_name = _("notice index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.child_of(self).live().public()
        on_date = today()
        context["current_notices"] = notices.current(on_date).newest_first()
        earlier = notices.filter(Q(end_date__lt=on_date)).newest_first()
        context["earlier_notices"] = Paginator(earlier, self.per_page).get_page(request.GET.get("page"))
        return context
