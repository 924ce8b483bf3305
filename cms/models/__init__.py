"""Page types of the owner portal, one module per section of the site."""

from .guides import GuideIndexPage, GuidePage
from .home import HomePage
from .notices import NoticeIndexPage, NoticePage
from .services import ServiceIndexPage, ServicePage

__all__ = [
    "GuideIndexPage",
    "GuidePage",
    "HomePage",
    "NoticeIndexPage",
    "NoticePage",
    "ServiceIndexPage",
    "ServicePage",
]
