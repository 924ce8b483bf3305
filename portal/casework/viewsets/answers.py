"""A case's answers and decision snapshot, as staff read them.

Answers are stored as plain JSON keyed by form field name (records as
``{"id", "text"}``, instants as ISO date-times with offset, choices as their codes).
The labels of a procedure's fields are known to the forms that asked them: they are
registered here with :func:`register_answer_fields` (the owner-facing forms do so for
their steps), so this module never imports them. A key nobody registered is shown
with a label from :data:`COMMON_LABELS`, else its name made readable.

Instants are shown in Asia/Shanghai, ``2026-03-01 09:30``.
"""

import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SHANGHAI = ZoneInfo("Asia/Shanghai")
EMPTY = "—"

_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

_FIELDS: dict[str, dict[str, forms.Field]] = {}

# Labels of answers that many procedures share, for keys no form registered.
COMMON_LABELS = {
    "unit": _("Unit"),
    "phone": _("Contact phone"),
    "description": _("Description"),
    "review_anyway": _("Asked for a review although the conditions are not met"),
}

# Labels of the decision values the policy library computes (DECISIONS.md).
VALUE_LABELS = {
    "priority": _("Priority"),
    "grade": _("Grade"),
    "report_immediately": _("Report to the supervisor at once"),
    "forward_by": _("Forward by"),
    "reply_by": _("Reply by"),
    "resolve_by": _("Resolve by"),
    "follow_up_within_hours": _("Follow up within (hours)"),
    "due": _("Due by"),
    "missing": _("Not satisfied"),
    "required_documents": _("Documents required"),
    "required_pledges": _("Documents to sign"),
    "government_approvals": _("Government approvals"),
    "items": _("Fees"),
    "total": _("Total"),
    "total_due": _("Total due"),
    "refundable_from": _("Refundable from"),
    "refund_amount": _("Refund amount"),
    "amount_owed": _("Amount owed"),
    "consent_from": _("Consent needed from"),
    "flagged": _("Flagged for attention"),
}

# Readable forms of coded decision values.
VALUE_CODES = {
    "priority": {"emergency": _("Emergency"), "general": _("General")},
    "grade": {
        "invalid": _("Invalid"),
        "minor": _("Minor"),
        "important": _("Important"),
        "major": _("Major"),
    },
}

OUTCOME_LABELS = {
    "allow": _("Allowed"),
    "deny": _("Not allowed"),
    "info": _("For information"),
}


def register_answer_fields(procedure: str, fields: Mapping[str, forms.Field]) -> None:
    """Make the answers of ``procedure`` read with the labels and choices of ``fields``
    (``{answer key: form field}``, e.g. a step's ``base_fields``). Call once per step;
    later calls add to earlier ones, in order."""
    _FIELDS.setdefault(procedure, {}).update(fields)


def answer_fields(procedure: str) -> dict[str, forms.Field]:
    return _FIELDS.get(procedure, {})


def readable_answers(procedure: str, answers: Mapping) -> list[tuple[str, str]]:
    """``(label, value)`` for every answer, registered fields first in their order."""
    fields = answer_fields(procedure)
    keys = [key for key in fields if key in answers] + [key for key in answers if key not in fields]
    return [(answer_label(key, fields.get(key)), format_answer(answers[key], fields.get(key))) for key in keys]


def answer_label(key: str, field: forms.Field | None = None) -> str:
    if field is not None and field.label:
        return str(field.label)
    if key in COMMON_LABELS:
        return str(COMMON_LABELS[key])
    return humanize(key)


def humanize(key: str) -> str:
    """``appointment_at`` → ``Appointment at``."""
    return capfirst(key.replace("_", " ").replace("-", " ").strip())


def format_answer(value, field: forms.Field | None = None) -> str:
    """How a stored answer reads: records by their text, yes/no, choices by label,
    instants in Asia/Shanghai; nothing given is a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return "、".join(format_answer(item, field) for item in value)
    if isinstance(value, dict):
        if "text" in value:
            return str(value["text"])
        return "；".join(f"{humanize(str(key))}: {format_answer(item)}" for key, item in value.items())
    if isinstance(value, str):
        choices = _choice_labels(field)
        if value in choices:
            return str(choices[value])
        return format_instant(value)
    return str(value)


def format_instant(value: str) -> str:
    """An ISO date-time as ``Y-m-d H:i`` in Asia/Shanghai; any other text unchanged."""
    if not _INSTANT.match(value):
        return value
    try:
        parsed = parse_datetime(value)
    except ValueError:
        return value
    if parsed is None:
        return value
    return shanghai(parsed)


def shanghai(value: datetime | None) -> str:
    """``value`` as ``Y-m-d H:i`` in Asia/Shanghai (naive values are taken to be there)."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=SHANGHAI)
    return timezone.localtime(value, SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _choice_labels(field) -> dict:
    # A ModelChoiceField's choices would query the database: records are stored with their text.
    if not isinstance(field, forms.ChoiceField) or isinstance(field, forms.ModelChoiceField):
        return {}
    return {str(key): label for key, label in _flat(field.choices)}


def _flat(choices):
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            yield from _flat(label)
        else:
            yield key, label


def readable_decision(snapshot: Mapping | None) -> dict | None:
    """The decision stored with a case, for display: ``outcome`` and its label,
    ``values`` as ``(label, value)``, ``reasons`` (each with its ``policy_id``) and
    ``params_version``. ``None`` when no decision was stored."""
    if not snapshot:
        return None
    outcome = snapshot.get("outcome", "")
    values = snapshot.get("values") or {}
    return {
        "procedure": snapshot.get("procedure", ""),
        "outcome": outcome,
        "outcome_label": str(OUTCOME_LABELS.get(outcome, outcome)),
        "values": [(value_label(key), format_value(key, value)) for key, value in values.items()],
        "reasons": [
            {"policy_id": reason.get("policy_id", ""), "message": reason.get("message", "")}
            for reason in snapshot.get("reasons") or []
        ],
        "params_version": snapshot.get("params_version", ""),
    }


def value_label(key: str) -> str:
    return str(VALUE_LABELS[key]) if key in VALUE_LABELS else humanize(key)


def format_value(key: str, value) -> str:
    codes = VALUE_CODES.get(key, {})
    if isinstance(value, str) and value in codes:
        return str(codes[value])
    if isinstance(value, list) and value and all(isinstance(item, dict) and "code" in item for item in value):
        return "；".join(f"{item['code']} {format_answer(item.get('amount'))}" for item in value)
    return format_answer(value)
