"""Template helpers of the owner portal."""

from django import template

from ..money import yuan as format_yuan

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """``{{ amount|yuan }}`` -> ``¥3,000.00``."""
    if amount is None or amount == "":
        return ""
    return format_yuan(amount)


@register.filter
def tel_href(phone) -> str:
    """``"0755-8888 6666"`` -> ``"tel:075588886666"``; empty when the text holds no number."""
    digits = "".join(ch for ch in str(phone or "") if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if sum(ch.isdigit() for ch in digits) >= 3 else ""
