"""Template filters of the survey pages."""

from django import template

from .. import stats

register = template.Library()


@register.filter
def percent(fraction) -> str:
    """A fraction as a percentage: ``0.6250`` → ``62.5%``."""
    return stats.percent(fraction)
