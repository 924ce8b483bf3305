"""A case named on another record's page, linked to its own page in the admin for those who may open it.

A case's page is the inspect view of the Wagtail viewset that shows its model (the
complaint's, the repair order's, the request's…; each room names its own URLs). The link
is given when that viewset's permission policy lets the user open the page — any of add,
change, delete or view, as the inspect view asks. Otherwise, or when no viewset shows the
model or its URL does not resolve, the case is shown as text.
"""

from dataclasses import dataclass

from django.db import models
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

#: What the admin's inspect views ask of a user: any one of these on the model.
INSPECT_ACTIONS = ("add", "change", "delete", "view")


@dataclass(frozen=True)
class CaseLink:
    """A case as a page shows it: its text, and the URL of its admin page when the user may open it."""

    case: models.Model
    text: str
    url: str | None

    def __html__(self) -> SafeString:
        if self.url:
            return format_html('<a href="{}" data-case-link>{}</a>', self.url, self.text)
        return format_html("{}", self.text)

    def __str__(self) -> str:
        return self.__html__()


def _inspect_viewset(model: type[models.Model]):
    """The admin viewset with an inspect view of ``model``, or ``None``."""
    from wagtail.admin.viewsets import viewsets

    get_resolver().url_patterns  # the admin's viewsets register as its URLs load
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is model and getattr(viewset, "inspect_view_enabled", False):
            return viewset
    return None


def inspect_url(user, case: models.Model) -> str | None:
    """The URL of ``case``'s admin page if ``user`` may open it; ``None`` otherwise."""
    if case is None or user is None or not user.is_authenticated or not user.is_active:
        return None
    viewset = _inspect_viewset(type(case))
    if viewset is None or not viewset.permission_policy.user_has_any_permission(user, INSPECT_ACTIONS):
        return None
    try:
        return reverse(viewset.get_url_name("inspect"), args=(case.pk,))
    except NoReverseMatch:
        return None


def case_link(user, case: models.Model, text: str | None = None) -> CaseLink:
    """``case`` as ``text`` (default ``str(case)``), linked to its admin page when ``user`` may open it."""
    return CaseLink(case=case, text=str(case) if text is None else text, url=inspect_url(user, case))
