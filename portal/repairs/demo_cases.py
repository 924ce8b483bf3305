"""Demo repairs (报修服务): the last thirty days of orders, one or two a day.

Older orders are completed, signed for and followed up, a few of them paid repairs with
the fee in the ledger (the latest still waiting for the cashier), one in fifteen
cancelled; the day before yesterday's are picked up and not back, yesterday's still wait
for engineering past their pickup time, today's are at any step, and owner1 reported two
online this morning (an emergency nobody has received yet). The reports at once of past
days are marked read, so that engineering's dashboard shows what is current.

Idempotent: an order is found by its unit and the time it was reported. Deterministic:
units, faults and fates come from a generator with a fixed seed; times hang on today.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.casework.procedures import Procedure
from portal.casework.services import create_submission
from portal.clocks.models import AlertReceipt
from portal.demo.cast import OWNER1_UNIT
from portal.estate.models import HouseholdMember, MemberRole
from portal.followups.models import FollowUp, Outcome
from portal.followups.services import record_followup
from portal.policies.adapter import SHANGHAI

from . import schedule, services
from .models import RepairOrder

DAYS = 30
FAULTS = (
    ("other", "厨房水龙头滴水不止", "更换水龙头阀芯"),
    ("other", "卫生间地漏堵塞，排水很慢", "疏通地漏"),
    ("other", "入户门锁芯卡住，钥匙转不动", "更换锁芯"),
    ("other", "客厅顶灯不亮，换灯泡也不行", "更换镇流器"),
    ("other", "阳台推拉门滑轮损坏", "更换滑轮"),
    ("other", "空调外机噪音很大", "紧固外机支架"),
    ("burst_pipe", "厨房水管爆裂，水漫到地面", "更换爆裂管段"),
    ("power_outage", "整户突然停电，总闸合不上", "更换漏电开关"),
    ("appliance_smoking", "卫生间排风扇冒烟", "更换排风扇"),
    ("water_outage", "突然停水，邻居家有水", "修复入户阀门"),
)
PAID = (
    ("配件按公司有偿服务价目表收费，人工费30元", "户内自用设施，属业主自费维修范围", Decimal("85.00")),
    ("锁芯按进价收费，人工费20元", "锁芯为户内自用配件", Decimal("120.00")),
)


def load(out=None) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=("assistant", "engineer", "cashier"), is_active=True)}
    assistant, engineer, cashier = (users.get(name) for name in ("assistant", "engineer", "cashier"))
    if not (assistant and engineer and cashier):
        return
    members = list(
        HouseholdMember.objects.filter(role=MemberRole.OWNER, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("person", "household__unit__building").order_by("household__unit__building__name",
                                                                         "household__unit__number", "pk")
    )
    if not members:
        return
    rng = random.Random("demo-repairs")
    now = timezone.now()
    today = timezone.localdate(timezone=SHANGHAI)
    created = 0
    for days_ago in range(DAYS, -1, -1):
        day = today - timedelta(days=days_ago)
        for slot in range(rng.choice((1, 1, 2))):
            member = rng.choice(members)
            category, description, work_done = rng.choice(FAULTS)
            hour = rng.choice((8, 9, 10, 11, 14, 15, 16)) + slot * 2
            reported_at = datetime.combine(day, time(hour, rng.choice((5, 20, 35, 50))), tzinfo=SHANGHAI)
            # Every draw is made whether the order exists or not, so that a second run draws the same.
            plan = {
                "fate": _fate(rng, days_ago),
                "paid": rng.random() < 0.2 and category == "other",
                "charge": rng.choice(PAID),
                "late": rng.random() < 0.3,
                "appointment_in": timedelta(hours=rng.choice((1, 2, 3, 20))),
                "channel": rng.choice(("phone", "phone", "visit")),
                "unhappy": rng.random() < 0.1,
            }
            if reported_at > now:
                continue
            order, is_new = _order(assistant, member, category, description, reported_at, plan)
            created += is_new
            if is_new:
                _take_through(order, plan, work_done, now, assistant, engineer, cashier, member)
    created += _online_reports(now)
    _mark_old_reports_read(now)
    if out is not None:
        out.write(f"Repairs: {RepairOrder.objects.count()} orders ({created} new), "
                  f"{RepairOrder.objects.open().count()} open.")


def _fate(rng, days_ago) -> str:
    """Older orders are done (one in fifteen cancelled); the day before yesterday's are
    picked up and not back, yesterday's still wait for engineering, today's are at any step."""
    draw = rng.random()
    if days_ago >= 3:
        return "cancelled" if draw < 1 / 15 else "completed"
    if days_ago == 2:
        return "picked_up"
    if days_ago == 1:
        return "reported"
    return ("reported", "picked_up", "completed")[int(draw * 3)]


def _order(assistant, member, category, description, reported_at, plan):
    unit = member.household.unit
    existing = RepairOrder.objects.filter(unit=unit, reported_at=reported_at).first()
    if existing is not None:
        return existing, False
    order = services.open_at_desk(
        by=assistant, unit=unit, reporter=member.person, contact_name=member.person.name,
        phone=member.person.mobile or "13800000000", category=category, description=description,
        appointment_at=reported_at + plan["appointment_in"], customer_marked_urgent=False, channel=plan["channel"],
        reported_at=reported_at,
    )
    return order, True


def _take_through(order, plan, work_done, now, assistant, engineer, cashier, member):
    fate, paid = plan["fate"], plan["paid"]
    if fate == "reported":
        return
    if fate == "cancelled":
        services.cancel(order, by=assistant, reason="业主来电告知已自行修好")
        return
    if paid:
        standard, reason, fee = plan["charge"]
        services.explain_charge(order, by=assistant, price_standard=standard, reason=reason,
                                explained_at=order.reported_at)
    late = order.is_emergency and plan["late"]
    picked_up_at = min(order.pickup_by + timedelta(minutes=40 if late else -10), now)
    picked_up_at = max(picked_up_at, order.reported_at)
    order = services.pick_up(order, by=engineer, at=picked_up_at)
    if fate == "picked_up":
        return
    completed_at = min(max(order.appointment_at, picked_up_at) + timedelta(hours=1), now)
    order = services.complete(
        order, by=engineer, work_done=work_done, customer_signature_name=member.person.name,
        fee_amount=fee if paid else None, at=completed_at,
    )
    if paid and (now - completed_at).days >= 3:
        services.record_fee(order, by=cashier, receipt_number=f"SK-{order.reference[-6:]}")
    _follow_up(order, assistant, plan, now)


def _follow_up(order, assistant, plan, now) -> None:
    """The same day's follow-up call (RP-5, FU-2), two hours after the order came back; the
    last day's stay due, and one customer in ten is not satisfied."""
    followup = FollowUp.objects.for_source(order).get()
    called_at = min(order.completed_at + timedelta(hours=2), schedule.end_of_day(order.completed_at))
    if called_at > now - timedelta(days=1):
        return
    satisfied = not plan["unhappy"]
    record_followup(
        followup, user=assistant, fixed=True, satisfied=satisfied,
        other_needs="" if satisfied else "维修人员比预约时间晚到",
        outcome=Outcome.FIXED_AND_SATISFIED if satisfied else Outcome.NOT_SATISFIED, at=called_at,
    )


def _online_reports(now) -> int:
    """Two reports owner1 sent online this morning: one received, one nobody has taken yet."""
    member = HouseholdMember.objects.filter(
        household__unit__building__name=OWNER1_UNIT[0], household__unit__number=OWNER1_UNIT[1],
        role=MemberRole.OWNER, ended_on__isnull=True,
    ).select_related("person", "household__unit").first()
    if member is None:
        return 0
    unit, person = member.household.unit, member.person
    created = 0
    morning = min(now - timedelta(minutes=30), datetime.combine(timezone.localdate(timezone=SHANGHAI),
                                                                time(9, 0), tzinfo=SHANGHAI))
    for number, (category, description, urgent, minutes) in enumerate(
        (("other", "主卧窗户关不严，漏风", False, 0), ("burst_pipe", "厨房水槽下水管漏水", True, 40))
    ):
        submitted_at = morning - timedelta(minutes=minutes)
        submission, is_new = create_submission(
            procedure=Procedure.REPAIR, applicant=person, author=person.user, unit=unit,
            household=member.household, submitted_at=submitted_at, client_token=f"demo-repair-{number}",
            answers={"unit": {"id": unit.pk, "text": str(unit)}, "phone": person.mobile or "13800000000",
                     "category": category, "description": description, "urgent": urgent,
                     "appointment_at": (submitted_at + timedelta(hours=3)).isoformat()},
        )
        order = services.open_from_submission(submission, by=person.user)
        if is_new and number == 0:
            assistant = get_user_model().objects.get(username="assistant")
            services.receive(order, by=assistant)
        created += is_new
    return created


def _mark_old_reports_read(now) -> None:
    """Reports at once about orders of past days are read; today's stay on the dashboards."""
    content_type = ContentType.objects.get_for_model(RepairOrder)
    old = RepairOrder.objects.filter(reported_at__lt=now - timedelta(days=1)).values_list("pk", flat=True)
    AlertReceipt.objects.filter(
        alert__content_type=content_type, alert__object_id__in=[str(pk) for pk in old], read_at__isnull=True,
    ).update(read_at=now)
