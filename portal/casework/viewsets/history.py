"""A case's audit history as its page shows it (``casework/admin/includes/history.html``)."""

from collections.abc import Callable

from portal.audit.models import AuditEvent

from ..review import staff_name
from .answers import shanghai


def history_rows(obj, *, labels, states=(), detail: Callable | None = None, when: Callable = shanghai) -> list[dict]:
    """``obj``'s audit events, oldest first, as ``casework/admin/includes/history.html`` reads
    them: ``when(at)``, who, what (by ``labels``, with ``detail(event)`` where given), the
    states from and to (by ``states``, ``(value, label)`` pairs) and the note."""
    state_labels = dict(states)

    def state(value):
        return str(state_labels.get(value, value)) if value else ""

    rows = []
    for event in AuditEvent.objects.for_object(obj).select_related("actor"):
        row = {
            "at": when(event.at),
            "actor": staff_name(event.actor),
            "action": str(labels.get(event.action, event.action)),
            "from_state": state(event.from_state),
            "to_state": state(event.to_state),
            "note": event.note,
        }
        if detail is not None:
            row["detail"] = detail(event)
        rows.append(row)
    return rows
