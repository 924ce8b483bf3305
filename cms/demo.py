"""Demo content of the owner portal, loaded by ``python manage.py load_demo``.

Every function here is idempotent: it brings the content to the demo state and a
second call changes nothing. It also rebuilds what Wagtail's migrations create (the
default locale, the root page, the root collection, the default site) when a flushed
database has lost them, as browser tests do.
"""

from django.apps import apps as django_apps
from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from portal.organisation.moderation import apply_page_moderation

from . import demo_content
from .models import HomePage

HOME_SLUG = "home"
HOME_INTRO = (
    "<p>欢迎来到{estate}物业客服中心。业主和租户可以在这里在线办理入伙、装修申请、"
    "物品放行、车位租用和报修，查看办事指南与小区通知，并随时了解办理进度。</p>"
    "<p>客服中心服务时间为每天 8:30–18:00；紧急报修（爆管、电器冒烟、突然停水停电）"
    "24 小时受理，请直接拨打服务热线。</p>"
)


def home_title() -> str:
    return f"{settings.ESTATE_NAME}物业客服中心"


def home_intro() -> str:
    return HOME_INTRO.format(estate=settings.ESTATE_NAME)


def ensure_default_locale() -> Locale:
    """The locale of ``LANGUAGE_CODE``, which Wagtail gives every new page."""
    language_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    return locale


def ensure_root_collection() -> Collection:
    """The root of the image and document collections (the admin needs it)."""
    root = Collection.get_first_root_node()
    if root is None:
        root = Collection.add_root(instance=Collection(name="Root"))
    return root


def ensure_root_page() -> Page:
    """The tree's root page (depth 1), which is never served itself."""
    ensure_default_locale()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


@transaction.atomic
def ensure_home_page() -> HomePage:
    """The single :class:`~cms.models.HomePage`, served at ``/`` by the default site.

    Wagtail's default welcome page is removed; the home page's title and introduction
    are brought to the demo text (through a published revision, so the page history
    stays true); the default site points at it on ``localhost:80``.
    """
    root = ensure_root_page()
    ensure_root_collection()
    for welcome in root.get_children().filter(slug=HOME_SLUG).exact_type(Page):
        welcome.delete()

    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title=home_title(), slug=HOME_SLUG, intro=home_intro())
        )
        home.save_revision().publish()
    elif (home.title, home.draft_title, home.slug, home.intro) != (
        home_title(),
        home_title(),
        HOME_SLUG,
        home_intro(),
    ) or home.has_unpublished_changes:
        home.title = home.draft_title = home_title()
        home.slug = HOME_SLUG
        home.intro = home_intro()
        home.save_revision().publish()

    _ensure_default_site(home)
    return home


def _ensure_default_site(home: Page) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.filter(hostname="localhost", port=80).first() or Site(
            hostname="localhost", port=80
        )
    wanted = {"hostname": "localhost", "port": 80, "root_page_id": home.pk, "is_default_site": True}
    if site.pk is None or any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()
    return site


def load(stdout=None) -> None:
    """Load the portal's demo content; ``stdout`` (a command's output) hears what was done.

    After the home page: who may edit and approve pages (the 内容审核 workflow), then the
    guides, services and notices of :mod:`cms.demo_content`.
    """
    home = ensure_home_page()
    apply_page_moderation(django_apps)
    created = demo_content.load(home)
    if stdout is not None:
        stdout.write(f"Home page: {home.title} at {home.url}")
        for line in created:
            stdout.write(f"  created {line}")
