"""Demo visits and calls (来访来电接待): three weeks of the front desk's 《客户来电来访记录表》 —
questions answered on the spot, faults passed to engineering, security or cleaning (RC-4),
a few visitors at the counter, and one urgent call reported to the supervisor (RC-2).

Idempotent: an entry is found by its time and the assistant who logged it. Deterministic:
callers and subjects come from a generator seeded by the day.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.demo.months import local_time
from portal.estate.models import HouseholdMember, MemberRole
from portal.policies.adapter import today

from . import services
from .models import Call, CallKind, CallOutcome, Department

DAYS = 21
# (subject, reply, department it is passed to or "", urgent)
MATTERS = (
    ("咨询装修申请需要哪些资料", "已告知所需资料及办理流程，可在网上服务大厅提交", "", False),
    ("咨询本月物业管理费金额及缴费方式", "已查询账户并告知金额，可到收银处或网上缴纳", "", False),
    ("卫生间天花板渗水", "已登记，转工程部上门查看", Department.ENGINEERING, False),
    ("楼道声控灯不亮", "已转工程部维修", Department.ENGINEERING, False),
    ("地下车库有陌生车辆长时间占用车位", "已转保安部核查", Department.SECURITY, False),
    ("楼下垃圾桶满溢未清运", "已通知保洁班清运", Department.CLEANING, False),
    ("咨询快递柜使用和取件时间", "已告知快递柜位置和开放时间", "", False),
    ("询问小区游泳池开放时间", "已告知开放时间及办卡方式", "", False),
    ("门禁卡失效，无法进入单元门", "已请客户到服务中心重新激活门禁卡", "", False),
    ("草坪洒水喷头损坏漏水", "已转绿化班组维修", Department.LANDSCAPING, False),
)
URGENT = ("电梯困人，轿厢内有老人", "已立即通知工程部和保安部赶赴现场，并报告客服主管", Department.ENGINEERING, True)
VISITOR_NAMES = ("王女士", "刘先生", "")


def load(out=None) -> None:
    assistant = get_user_model().objects.filter(username="assistant", is_active=True).first()
    if assistant is None or not assistant.has_perm(services.ADD_PERMISSION):
        return
    owners = list(
        HouseholdMember.objects.filter(role=MemberRole.OWNER, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("person", "household__unit__building")
        .order_by("household__unit__building__name", "household__unit__number", "pk")
    )
    if not owners:
        return
    made = 0
    for offset in range(DAYS - 1, -1, -1):
        day = today() - timedelta(days=offset)
        rng = random.Random(f"demo-call:{day.isoformat()}")
        for number in range(rng.randint(1, 3)):
            # Every draw is made before the entry is looked for, so a second run draws the same.
            at = local_time(day, 9 + 3 * number + rng.randrange(3), rng.randrange(0, 60, 5))
            subject, reply, department, urgent = URGENT if (offset == 4 and number == 0) else rng.choice(MATTERS)
            owner = owners[rng.randrange(len(owners))]
            visit = not urgent and rng.random() < 0.25
            visitor_name = rng.choice(VISITOR_NAMES)
            passed_after = timedelta(minutes=rng.randint(2, 9))
            if at > timezone.now() or Call.objects.filter(recorded_by=assistant, at=at).exists():
                continue
            call = Call(
                at=at,
                kind=CallKind.VISIT if visit else CallKind.PHONE,
                caller_name=visitor_name if visit else owner.person.name,
                caller_phone="" if visit else owner.person.mobile or "13800138000",
                unit=None if visit else owner.household.unit,
                subject=subject,
                urgent=urgent,
                outcome=CallOutcome.FORWARDED if department else CallOutcome.ANSWERED,
                reply=reply,
                forwarded_to=department,
                forwarded_at=at + passed_after if department else None,
            )
            services.record_call(call, by=assistant)
            made += 1
    if out is not None:
        out.write(f"Visitors and calls: {made} new entries in the last {DAYS} days.")
