"""Repeated rows of the same few answers in one form field: the items to carry out
(item and quantity), the family members (name, relation, mobile).

A :class:`RowsField` shows a fixed number of rows. A row left blank is ignored, a row
partly filled is an error that names the row, and at least ``min_rows`` rows must be
filled. Its value is :class:`Rows`: a list of dicts (kept as such with the case) that
reads back as one line per row.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Rows(list):
    """The filled rows, each a dict of column name to value; ``str()`` gives one line
    per row, written with ``line`` (a ``str.format`` template over the column names)."""

    def __init__(self, rows=(), *, line: str = ""):
        super().__init__(rows)
        self.line = line

    def __str__(self) -> str:
        return "\n".join(
            self.line.format(**{name: "" if value is None else value for name, value in row.items()}).strip()
            for row in self
        )


class RowsWidget(forms.MultiWidget):
    """One input per column and row, laid out row by row; every input is labelled with
    its column and row number for screen readers."""

    def __init__(self, columns, rows: int, attrs=None):
        self.columns = columns
        widgets = []
        for row in range(1, rows + 1):
            for _name, field in columns:
                widget = copy.deepcopy(field.widget)
                widget.attrs["aria-label"] = format_lazy("{label} {row}", label=field.label, row=row)
                widget.attrs["placeholder"] = field.label
                widgets.append(widget)
        super().__init__(widgets, attrs)

    def decompress(self, value):
        flat = []
        for row in list(value or [])[: len(self.widgets) // len(self.columns)]:
            flat += [row.get(name) for name, _field in self.columns]
        return flat + [None] * (len(self.widgets) - len(flat))

    def get_context(self, name, value, attrs):
        if value and isinstance(value, (list, tuple)) and isinstance(value[0], dict):
            value = self.decompress(value)
        return super().get_context(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        subwidgets = self.get_context(name, value, attrs)["widget"]["subwidgets"]
        inputs = [
            widget.render(context["name"], context["value"], context["attrs"], renderer)
            for widget, context in zip(self.widgets, subwidgets)
        ]
        width = len(self.columns)
        rows = ((mark_safe("".join(inputs[start:start + width])),) for start in range(0, len(inputs), width))
        rows_html = format_html_join("", '<div class="wizard-row">{}</div>', rows)
        return format_html('<div class="wizard-rows">{}</div>', rows_html)


class RowsField(forms.MultiValueField):
    """Up to ``rows`` rows of ``columns`` (``[(name, field), ...]``).

    A column field that is required must be filled in every row that is used; the
    others may stay empty. ``line`` writes a row back for the owner (default: the
    values separated by spaces).
    """

    default_error_messages = {
        "required": _("Fill in at least one row."),
        "too_few": _("Fill in at least %(min_rows)s rows."),
        "incomplete_row": _("Row %(row)s: fill in “%(column)s” too, or leave the whole row empty."),
        "invalid_cell": _("Row %(row)s: %(message)s"),
    }

    def __init__(self, columns, *, rows: int = 6, min_rows: int = 1, line: str = "", **kwargs):
        self.columns = list(columns)
        self.rows = rows
        self.min_rows = min_rows
        self.line = line or " ".join(f"{{{name}}}" for name, _field in self.columns)
        cells = []
        for _row in range(rows):
            for _name, field in self.columns:
                cell = copy.deepcopy(field)
                cell.required = False
                cells.append(cell)
        kwargs.setdefault("required", min_rows > 0)
        super().__init__(
            fields=cells, widget=RowsWidget(self.columns, rows), require_all_fields=False, **kwargs
        )

    def clean(self, value):
        if not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        width = len(self.columns)
        rows, errors = [], []
        for index in range(self.rows):
            cells = list(value[index * width:(index + 1) * width]) + [None] * width
            if all(cell in self.empty_values for cell in cells[:width]):
                continue
            row = {}
            for offset, (name, column) in enumerate(self.columns):
                cell, field = cells[offset], self.fields[index * width + offset]
                if cell in self.empty_values and column.required:
                    errors.append(self._error("incomplete_row", row=index + 1, column=column.label))
                    continue
                try:
                    row[name] = field.clean(cell)
                except ValidationError as error:
                    errors.extend(
                        self._error("invalid_cell", row=index + 1, message=message) for message in error.messages
                    )
            rows.append(row)
        if errors:
            raise ValidationError(errors)
        if not rows and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(rows) < self.min_rows and rows:
            raise ValidationError(self.error_messages["too_few"], code="too_few", params={"min_rows": self.min_rows})
        value = Rows(rows, line=self.line)
        self.run_validators(value)
        return value

    def compress(self, data_list):
        return Rows(data_list or (), line=self.line)

    def _error(self, code, **params) -> ValidationError:
        return ValidationError(self.error_messages[code], code=code, params=params)
