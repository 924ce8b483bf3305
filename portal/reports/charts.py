"""SVG charts with pygal, readable in the admin and printed in the PDF.

Charts carry no script (pygal's tooltips are left out) and name the project's Chinese
fonts by family, as the printed records do, so the labels draw in the browser and in
WeasyPrint alike.
"""

import re

from dataclasses import dataclass

import pygal
from pygal.style import Style

from portal.documents.rendering import font_families


@dataclass(frozen=True)
class Chart:
    """A chart of a report: its title and its SVG."""

    title: object
    svg: str


def _style() -> Style:
    fonts = ", ".join(f"'{name}'" for name in font_families()) + ", sans-serif"
    return Style(
        font_family=fonts,
        label_font_family=fonts,
        major_label_font_family=fonts,
        value_font_family=fonts,
        value_label_font_family=fonts,
        title_font_family=fonts,
        legend_font_family=fonts,
        tooltip_font_family=fonts,
        background="white",
        plot_background="white",
        colors=("#007d7e", "#e9b04d", "#cd4444", "#5b6c8f", "#2e7d32", "#8e44ad", "#6d4c41"),
        title_font_size=18,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
    )


def _config(chart_class, title, **options):
    return chart_class(
        title=str(title),
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        width=800,
        height=360,
        legend_at_bottom=True,
        print_values=True,
        **options,
    )


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def _render(chart) -> str:
    """The SVG, without the configuration script pygal writes for its tooltips."""
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def bars(title, labels, series: dict, *, stacked=False, horizontal=False) -> str:
    """A bar chart: one bar per label for each series ``{name: [value per label]}``."""
    chart_class = (pygal.StackedBar if stacked else pygal.HorizontalBar if horizontal else pygal.Bar)
    chart = _config(chart_class, title, x_label_rotation=0 if len(labels) < 8 else 30)
    chart.x_labels = [str(label) for label in labels]
    for name, values in series.items():
        chart.add(str(name), [None if value is None else float(value) for value in values])
    return _render(chart)


def pie(title, parts: dict) -> str:
    """A pie of ``{label: count}``; empty parts are left out."""
    chart = _config(pygal.Pie, title, inner_radius=0.4)
    for label, value in parts.items():
        if value:
            chart.add(str(label), value)
    return _render(chart)


def line(title, labels, series: dict) -> str:
    chart = _config(pygal.Line, title)
    chart.x_labels = [str(label) for label in labels]
    for name, values in series.items():
        chart.add(str(name), [None if value is None else float(value) for value in values])
    return _render(chart)
