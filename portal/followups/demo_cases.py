"""Demo follow-up calls (客户回访): every demo call passed to a department is followed up once
the department has dealt with it (FU-1, CP-8) — most called back within the day and
satisfied, one late, one not reached, one not satisfied, and the latest still due or overdue.

Idempotent: a follow-up is found by its source (open_followup). Deterministic: outcomes come
from a generator seeded by the source.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.calls import demo_cases as demo_calls
from portal.calls.models import Call, CallOutcome

from . import services
from .models import FollowUpKind, Outcome

HANDLED_AFTER = timedelta(hours=5)  # the department's work, after the call was passed on
# (outcome, fixed, satisfied, anything else, hours after closing)
CALLS = (
    (Outcome.FIXED_AND_SATISFIED, True, True, "", 3),
    (Outcome.FIXED_AND_SATISFIED, True, True, "", 20),
    (Outcome.FIXED_AND_SATISFIED, True, True, "希望以后维修前先电话预约", 6),
    (Outcome.NOT_SATISFIED, True, False, "维修人员迟到一小时", 18),
    (Outcome.FIXED_AND_SATISFIED, True, True, "", 8),
    (Outcome.FIXED_AND_SATISFIED, True, True, "", 2),
    (Outcome.UNREACHABLE, None, None, "", 4),
    (Outcome.FIXED_AND_SATISFIED, True, True, "", 30),  # late: after the day
)
LEFT_OPEN = timedelta(days=3)  # the desk's follow-ups of the last three days: due, or overdue


def load(out=None) -> None:
    assistant = get_user_model().objects.filter(username="assistant", is_active=True).first()
    if assistant is None or not services.may_record(assistant):
        return
    demo_calls.load(None)  # the sources: idempotent, so harmless when already loaded
    now = timezone.now()
    opened = recorded = 0
    forwarded = Call.objects.filter(outcome=CallOutcome.FORWARDED).select_related("unit").order_by("at", "pk")
    for call in forwarded:
        closed_at = call.forwarded_at + HANDLED_AFTER
        if closed_at > now:
            continue
        followup = services.open_followup(
            call, kind=FollowUpKind.REQUEST, closed_at=closed_at, unit=call.unit, contact_name=call.caller_name,
            contact_phone=call.caller_phone, by=assistant,
        )
        opened += followup.opened_at >= now
        if followup.done_at is not None or now - closed_at < LEFT_OPEN:
            continue
        rng = random.Random(f"demo-followup:{call.pk}:{call.at.isoformat()}")
        outcome, fixed, satisfied, other_needs, hours = rng.choice(CALLS)
        services.record_followup(
            followup, user=assistant, fixed=fixed, satisfied=satisfied, other_needs=other_needs, outcome=outcome,
            note="客户未接电话，稍后再联系" if outcome == Outcome.UNREACHABLE else "",
            at=closed_at + timedelta(hours=hours),
        )
        recorded += 1
    if out is not None:
        out.write(f"Follow-up calls: {opened} opened, {recorded} calls recorded.")
