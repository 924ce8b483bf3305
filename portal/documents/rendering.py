"""HTML templates to A4 PDFs with WeasyPrint, in an embedded Chinese font.

Fonts are chosen by fontconfig family name (``DOCUMENTS_FONT_FAMILIES``, first match wins,
glyph by glyph), never by file: a Noto CJK collection opens on its Japanese face otherwise.
A record is never printed with a missing glyph: when no installed font can draw a character,
:func:`render_pdf` raises :class:`MissingGlyphsError` naming the characters and the packages
to install, instead of returning a PDF with empty boxes.

Templates and stylesheets resolve relative URLs against this app's static folder, read from
disk: rendering needs no web server and fetches nothing from the network.

WeasyPrint is imported on first use: a process that never prints does not load it.
"""

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

STATIC_DIR = Path(__file__).resolve().parent / "static" / "documents"
DEFAULT_LOGO = STATIC_DIR / "logo.svg"

# WenQuanYi Micro Hei subsets to a few KB per page; Noto Sans CJK SC draws what it lacks
# (rare characters of names) and is the font when it is the only one installed.
DEFAULT_FONT_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC")

FONT_PACKAGES = "fonts-wqy-microhei or fonts-noto-cjk"


class MissingGlyphsError(RuntimeError):
    """No installed font can draw some characters of a record."""

    def __init__(self, characters: str):
        self.characters = characters
        super().__init__(
            f"No installed font can draw {characters!r}: install a Chinese font "
            f"({FONT_PACKAGES}) so that fontconfig finds one of "
            f"{', '.join(font_families())}."
        )


def font_families() -> tuple[str, ...]:
    return tuple(getattr(settings, "DOCUMENTS_FONT_FAMILIES", DEFAULT_FONT_FAMILIES))


def logo_path() -> Path:
    """The estate's logo: ``settings.ESTATE_LOGO`` (a file path) or the app's default emblem."""
    configured = getattr(settings, "ESTATE_LOGO", "")
    return Path(configured).resolve() if configured else DEFAULT_LOGO


def local_files_only(roots):
    """A WeasyPrint URL fetcher of ``data:`` URIs and of files inside ``roots``; anything
    else (the network, other files) is refused."""
    from weasyprint.urls import URLFetcher

    allowed = tuple(Path(root).resolve() for root in roots)

    class LocalFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlparse(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in allowed):
                    raise ValueError(f"Not a file a record may include: {url}")
            return super().fetch(url, headers)

    return LocalFilesOnly(allowed_protocols={"file", "data"})


def _font_stylesheet():
    from weasyprint import CSS

    names = ", ".join(f'"{name}"' for name in font_families())
    return CSS(string=f"html {{ font-family: {names}, sans-serif; }}")


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render ``template_name`` with ``context`` to the bytes of an A4 PDF.

    The page size and layout come from the template's stylesheet (``record.css``). The
    context gains ``estate_name``, ``logo_url`` and ``today``. Text is translated into
    ``language`` (default: the site's language, ``settings.LANGUAGE_CODE``): a record is
    an office form in the estate's language whoever prints it.

    Raises :class:`MissingGlyphsError` when a character has no font.
    """
    from weasyprint import HTML

    logo = logo_path()
    context = {
        "estate_name": settings.ESTATE_NAME,
        "logo_url": logo.as_uri(),
        "today": timezone.localdate(),
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    document = HTML(
        string=html,
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=local_files_only([STATIC_DIR, logo.parent]),
    ).render(stylesheets=[_font_stylesheet()])
    pdf = document.write_pdf()
    missing = "".join(
        sorted({chr(codepoint) for font in document.fonts.values() for codepoint in font.missing})
    )
    if missing:
        raise MissingGlyphsError(missing)
    return pdf
