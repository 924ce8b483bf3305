"""Filters for printed records: ``{{ amount|yuan }}``, ``{{ day|chinese_date }}``,
``{{ moment|chinese_datetime }}`` and ``{{ url|qr_data_uri }}``."""

from django import template

from .. import formatting
from ..qr import qr_data_uri as make_qr_data_uri

register = template.Library()

register.filter("yuan", formatting.yuan)
register.filter("chinese_date", formatting.chinese_date)
register.filter("chinese_datetime", formatting.chinese_datetime)


@register.filter
def qr_data_uri(text: str) -> str:
    return make_qr_data_uri(text) if text else ""
