"""Template context shared by every page."""

from django.conf import settings


def estate(request):
    """The estate's name and service hotline, for headers and footers."""
    return {"ESTATE_NAME": settings.ESTATE_NAME, "ESTATE_HOTLINE": settings.ESTATE_HOTLINE}
