"""Demo customer visits (客户访问): a month of the assistant's 《访问客户记录表》 — door, phone,
face-to-face and public-area visits to households of the estate, most satisfied, a few
opinions, one raised as a request and one as a complaint (VS-1…VS-3).

Idempotent: a visit is found by its visitor and time. Deterministic: the households and
what they said come from a generator seeded by the day.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal.demo.months import local_time
from portal.estate.models import HouseholdMember, MemberRole
from portal.policies.adapter import today

from . import services
from .models import RaisedAs, Satisfaction, Visit, VisitWay

DAYS = 30
EVERY = 2  # a visit every other day: about fifteen households a month (VS-2: at least ten)
# (opinion, satisfaction, raised as)
SAYINGS = (
    ("", Satisfaction.VERY_SATISFIED, ""),
    ("", Satisfaction.SATISFIED, ""),
    ("", Satisfaction.SATISFIED, ""),
    ("希望小区多组织一些亲子活动", Satisfaction.SATISFIED, ""),
    ("晚上车场照明不足，希望增加灯具", Satisfaction.NEUTRAL, RaisedAs.REQUEST),
    ("楼下商铺油烟影响居住，多次反映未解决", Satisfaction.DISSATISFIED, RaisedAs.COMPLAINT),
    ("快递柜经常满，取件不便", Satisfaction.NEUTRAL, RaisedAs.SUGGESTION),
    ("保洁阿姨很负责，楼道很干净", Satisfaction.VERY_SATISFIED, ""),
)
WAYS = (VisitWay.DOOR, VisitWay.PHONE, VisitWay.FACE_TO_FACE, VisitWay.PUBLIC_AREA)


def load(out=None) -> None:
    assistant = get_user_model().objects.filter(username="assistant", is_active=True).first()
    if assistant is None or not services.may_record(assistant):
        return
    owners = list(
        HouseholdMember.objects.filter(role=MemberRole.OWNER, ended_on__isnull=True, household__ended_on__isnull=True)
        .select_related("person", "household__unit__building")
        .order_by("household__unit__building__name", "household__unit__number", "pk")
    )
    if not owners:
        return
    made = 0
    for offset in range(DAYS - 1, -1, -EVERY):
        day = today() - timedelta(days=offset)
        rng = random.Random(f"demo-visit:{day.isoformat()}")
        visited_at = local_time(day, rng.choice((10, 15, 16)), rng.randrange(0, 60, 5))
        if visited_at > timezone.now() or Visit.objects.filter(visitor=assistant, visited_at=visited_at).exists():
            continue
        owner = owners[rng.randrange(len(owners))]
        opinion, satisfaction, raised_as = SAYINGS[rng.randrange(len(SAYINGS))]
        way = WAYS[rng.randrange(len(WAYS))]
        services.record_visit(
            by=assistant, unit=owner.household.unit, visited_at=visited_at, way=way,
            contact_name=owner.person.name, contact_phone=owner.person.mobile, opinions=opinion,
            satisfaction=satisfaction, raised_as=raised_as,
            note="已转客服前台按投诉、建议程序登记" if raised_as else "",
        )
        made += 1
    if out is not None:
        out.write(f"Customer visits: {made} new visits in the last {DAYS} days.")
