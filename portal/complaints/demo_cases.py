"""Demo complaints (投诉受理): three weeks of them, of each grade and at each step.

- a phone complaint about the car-park lights, replied, closed and followed up (minor);
- an online complaint found invalid and explained (CP-1);
- a rude security guard: important, handled, the follow-up not satisfied (CP-3);
- a leak from the public pipe that damaged a home: major, a clear reply within two days,
  the new floor taking longer than 15 days with the project manager's approval (CP-2, CP-6);
- a dirty lift lobby forwarded to cleaning and not replied in time: overdue (CP-6);
- noise from next door, waiting for the customer to let engineering in;
- a fresh complaint, not yet assessed;
- this morning's sudden water cut in the high zone of 1栋, reported online by four
  households: a fifth customer about the same event makes every one of them major (CP-2).

Idempotent: each online complaint is found by its form-run token and each desk complaint
by its subject; a case is taken through its steps only while it is still where it opened.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.casework.procedures import Procedure
from portal.casework.services import create_submission
from portal.demo.cast import LOGIN_UNITS, TOWER
from portal.estate.models import HouseholdMember, MemberRole

from . import services
from .models import CaseState, Channel, ComplaintCase

OUTAGE = "1栋高区突然停水"
OUTAGE_COMPLAINANTS = 4


def load(out=None) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(
        username__in=("assistant", "supervisor", "manager"))}
    assistant, supervisor, manager = (users.get(name) for name in ("assistant", "supervisor", "manager"))
    if not (assistant and supervisor and manager):
        return
    owners = _owners(OUTAGE_COMPLAINANTS + 4)
    if len(owners) < OUTAGE_COMPLAINANTS + 4:
        return
    now = timezone.now().replace(second=0, microsecond=0)
    staff = (assistant, supervisor, manager)

    cases = [
        _car_park_lights(now, staff),
        _invalid_online(owners[4], now, staff),
        _rude_guard(owners[5], now, staff),
        _pipe_leak(owners[6], now, staff),
        _dirty_lobby(owners[7], now, staff),
        _noise(now, staff),
        _fresh(now, staff),
    ]
    outage = _outage(owners[:OUTAGE_COMPLAINANTS], now, assistant)
    if out is not None:
        out.write(f"Complaints: {len(cases) + len(outage)} demo cases, "
                  f"{OUTAGE_COMPLAINANTS} customers about “{OUTAGE}”.")


def _owners(count):
    """Owners of distinct households in the demo tower, other than the demo logins, by unit."""
    members = HouseholdMember.objects.filter(
        role=MemberRole.OWNER, ended_on__isnull=True, household__ended_on__isnull=True,
        household__unit__building__name=TOWER,
    ).exclude(person__user__isnull=False).select_related("person", "household__unit__building").order_by(
        "-household__unit__number", "pk"
    )
    found, households = [], set()
    for member in members:
        unit = member.household.unit
        if (unit.building.name, unit.number) in LOGIN_UNITS or member.household_id in households:
            continue
        households.add(member.household_id)
        found.append(member)
        if len(found) == count:
            break
    return found


def _online(member, token, *, subject, description, submitted_at, author=None, **answers):
    unit = member.household.unit
    submission, _created = create_submission(
        procedure=Procedure.COMPLAINT, applicant=member.person, author=author,
        answers={"unit": {"id": unit.pk, "text": str(unit)}, "subject": subject, "description": description,
                 **answers},
        unit=unit, household=member.household, client_token=f"demo-complaint-{token}", submitted_at=submitted_at,
    )
    return services.open_case(submission, by=author)


def _desk(subject, *, by, received_at, **kwargs):
    existing = ComplaintCase.objects.filter(channel__in=(Channel.PHONE, Channel.DESK), subject=subject).first()
    if existing is not None:
        return existing
    return services.record_complaint(by=by, subject=subject, received_at=received_at, **kwargs)


def _handled(case, staff, *, at, department, result, reply, criteria=(), opinion="按程序处理，转相关部门。"):
    """Assess, forward, agree the result and reply, each step a little after the one before."""
    assistant, supervisor, _manager = staff
    if case.state == CaseState.RECEIVED:
        services.assess(case, by=supervisor, valid=True, criteria=criteria, opinion=opinion,
                        at=at + timedelta(minutes=5))
        services.assign(case, by=assistant, department=department, at=at + timedelta(minutes=8))
        services.record_result(case, by=supervisor, result=result, at=at + timedelta(hours=3))
        services.reply(case, by=assistant, method="phone", text=reply, at=at + timedelta(hours=3, minutes=30))
    case.refresh_from_db()
    return case


def _closed(case, staff, *, at, satisfied):
    from portal.followups.services import record_followup

    assistant = staff[0]
    if case.state == CaseState.REPLIED:
        services.close(case, by=assistant, at=at)
        case.refresh_from_db()
        followup = case.followup
        if followup is not None and followup.done_at is None:
            record_followup(
                followup, user=assistant, fixed=True, satisfied=satisfied,
                other_needs="" if satisfied else "希望保安部加强服务礼仪培训",
                outcome="fixed_and_satisfied" if satisfied else "not_satisfied",
                note="业主表示满意" if satisfied else "业主认为处理结果一般", at=at + timedelta(hours=5),
            )
    return case


def _car_park_lights(now, staff):
    assistant = staff[0]
    at = now - timedelta(days=20, hours=3)
    case = _desk("地下车库B1区照明不亮", by=assistant, received_at=at, channel=Channel.PHONE,
                 complainant_name="罗先生", complainant_phone="13760001234", category="facilities",
                 description="B1区靠近电梯厅的三盏灯一直不亮，晚上停车看不清。")
    case = _handled(case, staff, at=at, department="engineering", result="工程部已更换三盏LED灯管。",
                    reply="罗先生您好，车库B1区的照明已修复，感谢您的反映。")
    return _closed(case, staff, at=at + timedelta(hours=4), satisfied=True)


def _invalid_online(member, now, staff):
    supervisor = staff[1]
    at = now - timedelta(days=16, hours=5)
    case = _online(member, "invalid", subject="要求物业赔偿快递丢失", submitted_at=at,
                   description="放在门口的快递不见了，要求物业赔偿。")
    if case.state == CaseState.RECEIVED:
        services.assess(
            case, by=supervisor, valid=False, at=at + timedelta(hours=1),
            invalid_reason="快递放置在户门口，未交由服务中心代收，不属于物业保管责任。",
            explanation="您好，您的快递未交服务中心代收，物业无保管责任；我们已调阅监控并协助您联系快递公司，"
                        "今后可使用服务中心代收服务。感谢您的理解。",
        )
    return case


def _rude_guard(member, now, staff):
    at = now - timedelta(days=12, hours=2)
    case = _online(member, "guard", subject="东门保安态度恶劣", submitted_at=at,
                   description="晚上回家时东门保安态度非常差，还大声呵斥，非常气愤。")
    case = _handled(case, staff, at=at, department="security", criteria=["severe_staff_attitude"],
                    opinion="属重要投诉，请保安部当日核实并当面致歉。",
                    result="保安部已核实，当班保安已向业主致歉并停岗培训。",
                    reply="您好，经核实当班保安言行不当，已停岗培训并向您致歉，感谢您的监督。")
    return _closed(case, staff, at=at + timedelta(hours=6), satisfied=False)


def _pipe_leak(member, now, staff):
    assistant, supervisor, manager = staff
    at = now - timedelta(days=9, hours=1)
    case = _online(member, "leak", subject="公共水管漏水泡坏木地板", submitted_at=at,
                   description="楼上公共管井水管漏水，渗进我家，客厅木地板被泡坏。")
    if case.state == CaseState.RECEIVED:
        services.assess(case, by=supervisor, valid=True, criteria=["company_fault_loss_or_injury"],
                        opinion="属重大投诉，立即上报项目经理；工程部今日维修管道并评估损失。",
                        at=at + timedelta(minutes=6))
        services.assign(case, by=supervisor, department="engineering", at=at + timedelta(minutes=9))
        services.record_result(case, by=supervisor, at=at + timedelta(hours=20),
                               result="工程部已更换漏水管段；损坏木地板由公司负责更换，已与业主确认赔偿方案。")
        services.reply(case, by=assistant, method="in_person", at=at + timedelta(hours=22),
                       text="您好，漏水管段已更换；木地板由我司负责更换，待厂家到货后安排施工，给您带来不便深表歉意。")
        case.refresh_from_db()
        services.approve_extension(case, by=manager, deadline="resolve_by",
                                   new_deadline=case.resolve_by + timedelta(days=5),
                                   reason="地板需定制更换，厂家供货需20天。")
    case.refresh_from_db()
    return case


def _dirty_lobby(member, now, staff):
    assistant, supervisor, _manager = staff
    at = now - timedelta(days=3, hours=4)
    case = _online(member, "lobby", subject="电梯厅连续几天没有清扫", submitted_at=at,
                   description="我们这层的电梯厅地面有垃圾，已经好几天没人打扫了。")
    if case.state == CaseState.RECEIVED:
        services.assess(case, by=supervisor, valid=True, opinion="转保洁部处理，当日回复业主。",
                        at=at + timedelta(minutes=7))
        services.assign(case, by=assistant, department="cleaning", at=at + timedelta(minutes=9))
    case.refresh_from_db()
    return case


def _noise(now, staff):
    assistant, supervisor, _manager = staff
    at = now - timedelta(days=1, hours=2)
    case = _desk("隔壁夜间装修噪音", by=assistant, received_at=at, channel=Channel.DESK,
                 complainant_name="孙女士", complainant_phone="13500007788", category="neighbours",
                 description="隔壁单元晚上九点以后还在装修，电钻声很大。")
    if case.state == CaseState.RECEIVED:
        services.assess(case, by=supervisor, valid=True, opinion="请工程部夜间巡查，并约业主上门确认噪音来源。",
                        at=at + timedelta(minutes=8))
        services.assign(case, by=assistant, department="engineering", at=at + timedelta(minutes=9))
        services.wait_for_customer(case, by=assistant, note="业主出差，约定周末上门确认噪音来源。")
    case.refresh_from_db()
    return case


def _fresh(now, staff):
    return _desk("垃圾桶满溢未及时清运", by=staff[0], received_at=now - timedelta(minutes=40), channel=Channel.PHONE,
                 complainant_name="周先生", complainant_phone="13922223333", category="environment",
                 description="2号门旁的垃圾桶已经满溢，气味很大。")


def _outage(members, now, assistant):
    """Four households report the water cut online; the later three say it is the same event."""
    cases = []
    first = None
    for index, member in enumerate(members):
        answers = {"same_event": first.reference} if first is not None else {}
        case = _online(
            member, f"outage-{index + 1}", subject=OUTAGE if first is None else "家里突然没水",
            description="今天早上突然停水，没有任何通知，家里老人孩子都没法用水。",
            submitted_at=now - timedelta(hours=3) + timedelta(minutes=20 * index), **answers,
        )
        first = first or case
        cases.append(case)
    return cases
