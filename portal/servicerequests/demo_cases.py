"""Demo requests and suggestions (客户需求、建议受理): the last thirty days of them.

Older ones are forwarded, replied and closed, and followed up (a few replied late, some
answered at the desk without a department); the last day holds one not yet forwarded and
past its ten minutes, one forwarded and waiting for the reply, one with a reply promised
for next week, one replied and not yet closed, and a serious one reported to the
supervisor. The summaries of the past four weeks are signed off; this week's is due.

Idempotent: an entry is found by its content and the time it came in (the last day's
within a day of it). Deterministic:
a generator with a fixed seed; times hang on today.
"""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.estate.models import HouseholdMember, MemberRole
from portal.followups.models import FollowUp, Outcome
from portal.followups.services import record_followup
from portal.policies.adapter import SHANGHAI

from . import schedule, services
from .models import RequestKind, ServiceRequest

DAYS = 30
ENTRIES = (
    (RequestKind.REQUEST, "希望物业协助联系开通燃气", "engineering", "已联系燃气公司，明天上门开通。"),
    (RequestKind.REQUEST, "申请增加一张门禁卡", "security", "门禁卡已办好，请到客服中心领取。"),
    (RequestKind.REQUEST, "楼道声控灯不亮", "engineering", "工程部已更换声控灯。"),
    (RequestKind.REQUEST, "快递经常放在门口，希望统一存放", "management", "已与快递公司沟通，统一放在快递柜。"),
    (RequestKind.SUGGESTION, "建议在儿童游乐区增加遮阳棚", "landscaping", "已纳入下季度改造计划。"),
    (RequestKind.SUGGESTION, "建议垃圾分类点增加洗手池", "cleaning", "感谢建议，下月安装。"),
    (RequestKind.SUGGESTION, "建议地下车库增加指示牌", "security", "已安排制作指示牌。"),
    (RequestKind.REQUEST, "希望调整小区大门开放时间", "security", "经研究维持现行时间，并说明原因。"),
)


def load(out=None) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=("assistant", "supervisor"), is_active=True)}
    assistant, supervisor = users.get("assistant"), users.get("supervisor")
    if not (assistant and supervisor):
        return
    members = list(
        HouseholdMember.objects.filter(role=MemberRole.OWNER, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("person", "household__unit__building").order_by("household__unit__building__name",
                                                                         "household__unit__number", "pk")
    )
    if not members:
        return
    rng = random.Random("demo-requests")
    now = timezone.now()
    today = timezone.localdate(timezone=SHANGHAI)
    created = 0
    for days_ago in range(DAYS, 1, -1):
        day = today - timedelta(days=days_ago)
        if rng.random() < 0.3:
            continue
        plan = {
            "member": rng.choice(members),
            "entry": rng.choice(ENTRIES),
            "at": datetime.combine(day, time(rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 15, 30, 45))),
                                   tzinfo=SHANGHAI),
            "forward_after": timedelta(minutes=rng.choice((3, 5, 8, 25))),
            "reply_after": timedelta(hours=rng.choice((2, 5, 20, 30))),
            "on_the_spot": rng.random() < 0.15,
        }
        created += _closed(plan, assistant, now)
    created += _recent(members, now, assistant)
    _sign_past_weeks(today, supervisor)
    if out is not None:
        out.write(f"Requests and suggestions: {ServiceRequest.objects.count()} ({created} new), "
                  f"{ServiceRequest.objects.open().count()} open.")


def _entry(assistant, member, kind, content, received_at, *, window=timedelta(0), **fields):
    """The entry of ``content`` received at ``received_at`` (give or take ``window``), recorded once."""
    existing = ServiceRequest.objects.filter(
        content=content, received_at__gte=received_at - window, received_at__lte=received_at + window
    ).first()
    if existing is not None:
        return existing, False
    service_request = services.open_at_desk(
        by=assistant, kind=kind, content=content, contact_name=member.person.name,
        phone=member.person.mobile or "", unit=member.household.unit, person=member.person,
        received_at=received_at, channel="phone", **fields,
    )
    return service_request, True


def _closed(plan, assistant, now) -> int:
    kind, content, department, answer = plan["entry"]
    service_request, is_new = _entry(assistant, plan["member"], kind, content, plan["at"])
    if not is_new:
        return 0
    if not plan["on_the_spot"]:
        services.forward(service_request, by=assistant, department=department,
                         at=plan["at"] + plan["forward_after"])
    replied_at = min(plan["at"] + plan["reply_after"], now)
    service_request = services.reply(service_request, by=assistant, reply=answer, at=replied_at)
    service_request = services.close(service_request, by=assistant, at=min(replied_at + timedelta(hours=1), now))
    _follow_up(service_request, assistant, plan, now)
    return 1


def _follow_up(service_request, assistant, plan, now) -> None:
    """The follow-up call, made a few hours after closing (FU-2); the last day's stay due."""
    followup = FollowUp.objects.for_source(service_request).get()
    called_at = service_request.closed_at + timedelta(hours=3)
    if called_at > now - timedelta(days=1):
        return
    satisfied = not plan["on_the_spot"] or plan["reply_after"] < timedelta(hours=24)
    record_followup(
        followup, user=assistant, fixed=True, satisfied=satisfied,
        other_needs="" if satisfied else "希望答复更及时",
        outcome=Outcome.FIXED_AND_SATISFIED if satisfied else Outcome.NOT_SATISFIED, at=called_at,
    )


def _recent(members, now, assistant) -> int:
    """The last day's entries, each at a different step."""
    created = 0
    base = now.replace(second=0, microsecond=0)
    recent = (
        (members[0], RequestKind.REQUEST, "电梯按键失灵，希望尽快处理", base - timedelta(minutes=40), {}, None),
        (members[1 % len(members)], RequestKind.REQUEST, "希望清理楼顶平台的杂物", base - timedelta(hours=6), {},
         "cleaning"),
        (members[2 % len(members)], RequestKind.SUGGESTION, "建议增设电动自行车充电桩", base - timedelta(hours=3),
         {"promised_by": base + timedelta(days=5)}, "management"),
        (members[3 % len(members)], RequestKind.REQUEST, "地下车库入口积水严重，车辆无法进出",
         base - timedelta(minutes=15), {"serious": True}, None),
        (members[4 % len(members)], RequestKind.REQUEST, "希望修剪窗外遮光的树枝", base - timedelta(hours=20), {},
         "landscaping"),
    )
    for member, kind, content, received_at, fields, department in recent:
        # Found again on a later run within the day: the times hang on the moment of loading.
        service_request, is_new = _entry(assistant, member, kind, content, received_at, window=timedelta(days=1),
                                         **fields)
        if is_new and department:
            service_request = services.forward(service_request, by=assistant, department=department,
                                               at=received_at + timedelta(minutes=6))
            if department == "landscaping":  # replied, the desk has not closed it yet
                services.reply(service_request, by=assistant, reply="绿化部将于本周六修剪。",
                               at=received_at + timedelta(hours=4))
        created += is_new
    return created


def _sign_past_weeks(today, supervisor) -> None:
    """The summaries of the past four weeks are signed off; this week's stays due."""
    this_week = schedule.week_start(today)
    for weeks_ago in range(4, 0, -1):
        summary = services.ensure_weekly_summary(this_week - timedelta(days=7 * weeks_ago))
        if summary.signed_at is None:
            services.sign_weekly_summary(summary, by=supervisor, note="本周需求以设施维修类为主，均已按时答复。")
    services.ensure_weekly_summary(this_week)
