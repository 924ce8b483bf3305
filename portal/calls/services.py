"""Recording visits and calls (来访来电接待, RC-1…RC-4).

- :func:`record_call` saves a new entry of 《客户来电来访记录表》 (RC-3) and audits it;
- :func:`update_call` saves a correction or what happened next (passed to a department, RC-4);
- an entry marked serious or urgent reports it to the supervisors at once (RC-2) through
  :func:`portal.clocks.services.alert_now` — once per entry, even when saved again.

The entry is validated as the model's ``clean()`` says (a call's name and number, the
department and the time it was passed on), saved with its audit event in one
transaction; the alert's email leaves after the commit.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit.services import record
from portal.clocks.recipients import members
from portal.clocks.services import alert_now
from portal.organisation.groups import SUPERVISOR

from .models import Call

ADD_PERMISSION = "calls.add_call"
CHANGE_PERMISSION = "calls.change_call"
URGENT_REASON = "calls.urgent"  # RC-2
AUDITED_FIELDS = ("at", "kind", "caller_name", "caller_phone", "unit_id", "subject", "urgent", "outcome", "reply",
                  "forwarded_to", "forwarded_at")


def _snapshot(call: Call) -> dict:
    values = {}
    for field in AUDITED_FIELDS:
        value = getattr(call, field)
        values[field] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _require(user, permission):
    if not (user and user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied(f"{user} may not record visits and calls")


def record_call(call: Call, *, by) -> Call:
    """Save the new entry ``call`` (unsaved), recorded by ``by``; an urgent one alerts the supervisors (RC-2)."""
    _require(by, ADD_PERMISSION)
    call.recorded_by = by
    call.full_clean()
    with transaction.atomic():
        call.save()
        record(call, "recorded", actor=by, to_state=call.outcome, data=_snapshot(call))
        _report_if_urgent(call)
    return call


def update_call(call: Call, *, by) -> Call:
    """Save the changes made to ``call``; the audit event keeps what they replaced."""
    _require(by, CHANGE_PERMISSION)
    call.full_clean()
    with transaction.atomic():
        before = Call.objects.select_for_update(of=("self",)).get(pk=call.pk)
        old, new = _snapshot(before), _snapshot(call)
        changed = {
            field: {"from": old[field], "to": new[field]} for field in AUDITED_FIELDS if old[field] != new[field]
        }
        call.save()
        if changed:
            record(call, "changed", actor=by, from_state=before.outcome, to_state=call.outcome,
                   data={"changed": changed})
        _report_if_urgent(call)
    return call


def _report_if_urgent(call: Call) -> None:
    if not call.urgent:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the supervisors read the site's language
        subject, body = _urgent_message(call)
    alert_now(
        call,
        reason=URGENT_REASON,
        recipients=members(SUPERVISOR),
        subject=subject,
        body=body,
        url=reverse("calls_call:inspect", args=(call.pk,)),
    )


def _urgent_message(call: Call) -> tuple[str, str]:
    values = {
        "kind": call.get_kind_display(),
        "who": " ".join(part for part in (call.caller_name, call.caller_phone) if part) or "—",
        "unit": str(call.unit) if call.unit_id else "—",
        "subject": call.subject,
        "at": timezone.localtime(call.at).strftime("%Y-%m-%d %H:%M"),
    }
    subject = _("Urgent %(kind)s: %(subject)s") % {**values, "subject": call.subject[:60]}
    body = _("%(kind)s at %(at)s from %(who)s, unit %(unit)s:\n%(subject)s") % values
    return subject, body
