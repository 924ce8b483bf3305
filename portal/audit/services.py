"""Recording audit events. Callers record inside the transaction that makes the change,
so a change and its audit event are saved together or not at all."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def record(target, action: str, *, actor=None, from_state: str = "", to_state: str = "",
           note: str = "", data: dict | None = None) -> AuditEvent:
    """Append an event about ``target`` (any saved model instance)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        action=action,
        actor=actor,
        from_state=from_state or "",
        to_state=to_state or "",
        note=note,
        data=data or {},
    )
