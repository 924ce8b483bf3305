"""Search over the guides and notices an owner can read."""

from dataclasses import dataclass, field

from wagtail.models import Page

from .cjk import query_terms


@dataclass(frozen=True)
class SearchResults:
    guides: list[Page] = field(default_factory=list)
    notices: list[Page] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.guides) + len(self.notices)

    def __bool__(self) -> bool:
        return self.total > 0


def search_pages(home: Page, query: str, limit: int = 20) -> SearchResults:
    """Live, public guides and notices under ``home`` holding every word of ``query``."""
    from .models import GuidePage, NoticePage

    terms = query_terms(query)
    if not terms:
        return SearchResults()

    def matching(model):
        pages = model.objects.descendant_of(home).live().public()
        return list(pages.search(terms, operator="and")[:limit])

    return SearchResults(guides=matching(GuidePage), notices=matching(NoticePage))
