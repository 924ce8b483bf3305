"""The review queue's columns, printed with ``format_html`` rather than a template per cell.

A page of the queue is 20 rows of 8 cells. Printed the way Wagtail prints a listing (a
template per cell, the row's menu and the status tags as components of templates of
their own: 300 templates a page), the cells took a third of the request's CPU time;
printed here, they take a few per cent. Each column prints the markup of Wagtail's own
cell templates (``wagtailadmin/tables/cell.html``, ``status_tag_cell.html``, and
``title_cell.html`` with its "more options" menu, which stays a template, one per row:
``casework/admin/reference_cell.html``), so the queue looks and behaves as every other
admin listing.

Choice labels are looked up in a table built once: ``get_FOO_display()`` rebuilds a
dictionary of every translated label on each call.
"""

from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, TitleColumn

from .. import review
from .answers import shanghai


class TextColumn(Column):
    """A cell of text: ``get_text(instance)``, escaped, as Wagtail's ``cell.html`` prints it."""

    def get_text(self, instance) -> str:
        value = self.get_value(instance)
        return "" if value is None else str(value)

    def render_cell_html(self, instance, parent_context):
        return format_html("<td{}>{}</td>", self.class_attribute, self.get_text(instance))

    @cached_property
    def class_attribute(self):
        return format_html(' class="{}"', self.classname) if self.classname else ""


class ChoiceColumn(TextColumn):
    """The translated label of a choice field (``choices``: its ``(value, label)`` pairs),
    or the value itself when it is none of them, as ``get_FOO_display()`` reads; sortable
    by the field."""

    def __init__(self, name, choices, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)
        self.labels = dict(choices)

    def get_text(self, instance) -> str:
        value = getattr(instance, self.name)
        return str(self.labels.get(value, value))


class StatusColumn(ChoiceColumn):
    """The status as a tag, highlighted (``w-status--primary``) when ``primary(instance)``."""

    def __init__(self, name, choices, primary, **kwargs):
        super().__init__(name, choices, **kwargs)
        self.primary = primary

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td{}><span class="w-status{}">{}</span></td>',
            self.class_attribute,
            " w-status--primary" if self.primary(instance) else "",
            self.get_text(instance),
        )


class LocalTimeColumn(TextColumn):
    """An instant as ``Y-m-d H:i`` in Asia/Shanghai, sortable by its field."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        super().__init__(name, **kwargs)

    def get_text(self, instance) -> str:
        return shanghai(getattr(instance, self.name))


class DueTimeColumn(LocalTimeColumn):
    """The due time, in red and tagged "overdue" once an open case is past it (the markup
    of ``casework/admin/due_cell.html``, which the rooms' listings print)."""

    def render_cell_html(self, instance, parent_context):
        if not review.is_overdue(instance):
            return super().render_cell_html(instance, parent_context)
        return format_html(
            '<td{}><span class="w-text-critical-200 w-font-bold" data-overdue>{}</span> '
            '<span class="w-status w-status--label w-bg-critical-200 w-text-white">{}</span></td>',
            self.class_attribute,
            self.get_text(instance),
            gettext("Overdue"),
        )


class ReferenceColumn(ButtonsColumnMixin, TitleColumn):
    """The reference, linked to the case page, with the row's "more options" menu: one
    item, the case page (cases are neither edited, copied nor deleted in the admin).

    ``title(instance)`` names the case in the menu's label, as ``str(submission)`` does.
    Being a ``ButtonsColumnMixin``, the column is used as it is by Wagtail's index view,
    which would otherwise wrap it to build each row's buttons as components.
    """

    cell_template_name = "casework/admin/reference_cell.html"

    def __init__(self, name, title, **kwargs):
        super().__init__(name, **kwargs)
        self.title = title

    def get_cell_context_data(self, instance, parent_context):
        return {
            "value": getattr(instance, self.name),
            "link_url": self.get_link_url(instance, parent_context),
            "title": self.title(instance),
        }
