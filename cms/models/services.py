"""Service pages (``/services/<slug>/``): what an application needs, and where it starts.

Each ServicePage serves one procedure of :class:`~portal.casework.procedures.Procedure`.
Its ``apply/`` route mounts the procedure's wizard, looked up in ``forms.registry`` at
request time, so that cms knows no wizard by name. A procedure without a wizard yet
answers with the service's description and the ways to apply in person.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from forms import registry
from portal.casework.procedures import Procedure

from ..blocks import GuideStreamBlock
from ..unit_requirements import PREVIEWS, requirements_for_visitor
from .portal import PortalPageMixin


class ServiceIndexPage(PortalPageMixin, Page):
    """``/services/``: every service an owner can apply for."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ServicePage"]
    max_count = 1
    template = "cms/service_index_page.html"

    class Meta:
        verbose_name = _("service index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = ServicePage.objects.child_of(self).live().public()
        return context


class ServicePage(PortalPageMixin, RoutablePageMixin, Page):
    """One service: the editor's description, the documents and fees for the visitor's own
    unit (from the policy library), and the online application once its wizard exists."""

    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link", "ol", "ul"])
    body = StreamField(GuideStreamBlock(), verbose_name=_("details"), blank=True)
    guide = models.ForeignKey(
        "cms.GuidePage",
        verbose_name=_("guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The guide owners should read before applying."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("procedure"),
        FieldPanel("intro"),
        FieldPanel("guide"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.ServiceIndexPage"]
    subpage_types: list[str] = []
    template = "cms/service_page.html"

    class Meta:
        verbose_name = _("service page")
        verbose_name_plural = _("service pages")

    def clean(self):
        super().clean()
        others = ServicePage.objects.filter(procedure=self.procedure).exclude(pk=self.pk)
        if self.procedure and others.exists():
            raise ValidationError({"procedure": _("Another service page already serves this procedure.")})

    def get_wizard(self):
        """The wizard view class registered for this procedure, or None."""
        return registry.get_wizard(self.procedure)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        wizard = self.get_wizard()
        context["online"] = wizard is not None
        # Whether an application the rules refuse may still go to staff for review.
        context["denied_may_be_sent"] = bool(getattr(wizard, "allow_denied", False))
        context["guide"] = self.guide if self.guide and self.guide.live else None
        context["apply_url"] = self.get_url(request) + self.reverse_subpage("apply").lstrip("/")
        context["depends_on_unit"] = self.procedure in PREVIEWS
        context["unit_requirements"] = requirements_for_visitor(request.user, self.procedure)
        context["login_url"] = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
        return context

    @path("")
    def overview(self, request):
        return self.render(request)

    @path("apply/", name="apply")
    def apply(self, request):
        """The online application: the procedure's wizard, or how to apply in person."""
        wizard = self.get_wizard()
        if wizard is None:
            return self.render(request, context_overrides={"opens_soon": True})
        return wizard.as_view(page=self)(request)
