"""What every page of the owner portal shares."""

from django.conf import settings
from wagtail.search import index

from ..cjk import index_terms


class PortalPageMixin:
    """Puts the portal's home page (hotline, office hours, service desk) and the search URL in
    every page's context."""

    def get_portal_home(self):
        from .home import HomePage

        return HomePage.objects.ancestor_of(self, inclusive=True).live().specific().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_portal_home()
        context["portal_home"] = home
        context["hotline"] = (home.hotline if home else "") or settings.ESTATE_HOTLINE
        context["search_url"] = home.search_url(request) if home else ""
        return context


class ChineseSearchMixin:
    """Indexes the title and ``searchable_text_fields`` cut for Chinese search (:mod:`cms.cjk`).

    Add ``CHINESE_SEARCH_FIELD`` to the page's ``search_fields``; :func:`cms.search.search_pages`
    cuts the query the same way.
    """

    searchable_text_fields: tuple[str, ...] = ()

    def search_terms(self) -> str:
        parts = [self.title]
        for name in self.searchable_text_fields:
            field = self._meta.get_field(name)
            value = field.value_from_object(self)
            if hasattr(field, "get_searchable_content"):
                parts.extend(str(text) for text in field.get_searchable_content(value))
            else:
                parts.append(str(value or ""))
        return index_terms(" ".join(parts))


CHINESE_SEARCH_FIELD = index.SearchField("search_terms")
