"""Demo daily inspections (日常巡查): the assistant's rounds of the last two weeks, each with
its floors walked and the problems found — most fixed on the spot, some forwarded and
checked on site the next day — and yesterday's forwarded leak still to be checked today.
Today's round is left for the assistant to start.

Idempotent: a day that already has the assistant's round is left as it is. Deterministic:
the floors come from the seeded draw, the problems from a generator seeded by the day.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from portal.demo.months import local_time
from portal.policies.adapter import today

from . import services
from .models import Area, CheckItem, Inspection

DAYS = 14
# (where, checklist item, what, how it was handled: "fixed" or whom it was forwarded to)
PROBLEMS = (
    ("{building} {floor}层 走廊", CheckItem.HYGIENE, "走廊地面有油渍", "fixed"),
    ("{building} {floor}层 电梯厅", CheckItem.FACILITIES, "电梯厅顶灯不亮", "工程部 刘国强"),
    ("{building} {floor}层 消防通道", CheckItem.TIDINESS, "消防通道堆放纸箱杂物", "fixed"),
    ("{building} 首层大厅", CheckItem.POSTS_MANNED, "大堂岗位无人值守约10分钟", "保安部 赵建军"),
    ("中心绿化带", CheckItem.HYGIENE, "草坪内有烟头和塑料袋", "fixed"),
    ("地下车场 B区", CheckItem.FACILITIES, "车场B区一处消防栓箱门损坏", "工程部 刘国强"),
    ("{building} {floor}层 管井", CheckItem.FACILITIES, "管井门下渗水", "工程部 刘国强"),
    ("{building} 首层大厅", CheckItem.CUSTOMER_OPINIONS, "业主反映大堂空调温度偏低", "fixed"),
)

LEAK = PROBLEMS[6]


def load(out=None) -> None:
    assistant = get_user_model().objects.filter(username="assistant", is_active=True).first()
    if assistant is None or not services.may_record(assistant):
        return
    made = findings = 0
    last = today() - timedelta(days=1)
    for offset in range(DAYS, 0, -1):
        day = today() - timedelta(days=offset)
        if Inspection.objects.filter(inspector=assistant, day=day).exists():
            continue
        rng = random.Random(f"demo-inspection:{day.isoformat()}")
        inspection = services.start_inspection(inspector=assistant, day=day, at=local_time(day, 8, 30))
        services.record_checklist(
            inspection, by=assistant, areas=Area.values, checks=CheckItem.values,
            floors_walked=list(inspection.floors.values_list("pk", flat=True)),
            occupancy_note=rng.choice(["", "", "发现一户开始装修，已核对装修许可证", "一户空置房已有人入住，已更新房屋动态"]),
        )
        floor = inspection.floors.select_related("building").order_by("pk").first()
        problems = [PROBLEMS[rng.randrange(len(PROBLEMS))] for _ in range(rng.choice((0, 1, 1, 2)))]
        if day == last:
            problems = [*problems[:1], LEAK]
        for number, (where, item, what, handled) in enumerate(problems):
            found_at = local_time(day, 9 + 2 * number, rng.randrange(60))
            finding = services.record_finding(
                inspection, by=assistant, location=where.format(building=floor.building.name, floor=floor.floor),
                item=item, description=what, found_at=found_at, fixed_on_spot=handled == "fixed",
                fix_note="已当场处理" if handled == "fixed" else "",
            )
            findings += 1
            if handled != "fixed":
                services.forward(finding, by=assistant, to=handled, at=found_at + timedelta(minutes=rng.randrange(5, 25)))
                if day != last:  # yesterday's is checked today, by the assistant
                    services.verify(finding, by=assistant, resolved=True, note="已到现场核实，问题已处理",
                                    at=local_time(day + timedelta(days=1), 10))
        services.complete(inspection, by=assistant, at=local_time(day, 11, 30))
        made += 1
    if out is not None:
        out.write(f"Daily inspections: {made} new rounds, {findings} problems found.")
