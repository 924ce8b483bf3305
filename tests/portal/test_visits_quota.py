"""Proactive visits (客户访问, VS-1…VS-3): the 《访问客户记录表》 and each assistant's
monthly count of households visited against the VS-2 quota of ten."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from portal.audit.models import AuditEvent
from portal.complaints import services as complaints
from portal.complaints.models import Channel
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.policies.adapter import SHANGHAI
from portal.visits import services, stats
from portal.visits.models import RaisedAs, Satisfaction, Visit, VisitWay
from portal.visits.services import VisitError
from tests.factories import HouseholdMemberFactory, StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db

NOVEMBER = (2026, 11)


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl", last_name="陈", first_name="晓琳")


def visit(user, unit, *, day=12, hour=10, **fields):
    fields = {
        "way": VisitWay.DOOR, "contact_name": "张先生", "satisfaction": Satisfaction.SATISFIED, **fields,
    }
    return services.record_visit(
        by=user, unit=unit, visited_at=datetime(2026, 11, day, hour, tzinfo=SHANGHAI), **fields
    )


def test_a_visit_is_recorded_with_the_units_household_and_audited(assistant):
    member = HouseholdMemberFactory()
    unit = member.household.unit
    recorded = visit(
        assistant, unit, way=VisitWay.FACE_TO_FACE, contact_name=member.person.name, opinions="希望增加儿童游乐设施",
        satisfaction=Satisfaction.VERY_SATISFIED,
    )
    assert (recorded.visitor, recorded.unit, recorded.household) == (assistant, unit, member.household)
    assert recorded.visited_on.isoformat() == "2026-11-12"
    assert AuditEvent.objects.for_object(recorded).get().action == "recorded"


def test_the_day_of_a_visit_is_its_day_in_shanghai(assistant):
    late = services.record_visit(
        by=assistant, unit=UnitFactory(), way=VisitWay.PHONE, contact_name="李女士",
        satisfaction=Satisfaction.NEUTRAL, visited_at=datetime(2026, 10, 31, 17, 30, tzinfo=UTC),
    )
    assert late.visited_on.isoformat() == "2026-11-01"  # 01:30 on 1 November in Shanghai


@pytest.mark.parametrize(
    "households, meets, shortfall",
    [
        # VS-2: each assistant visits at least 10 households a month.
        (0, False, 10),
        (9, False, 1),
        (10, True, 0),
        (12, True, 0),
    ],
)
def test_vs2_the_monthly_quota_counts_households_visited(assistant, households, meets, shortfall):
    units = UnitFactory.create_batch(households)
    for index, unit in enumerate(units):
        visit(assistant, unit, day=1 + index % 28)
    row = stats.quota_for(assistant, *NOVEMBER)
    assert (row.households, row.meets, row.shortfall, row.quota) == (households, meets, shortfall, 10)


def test_vs2_a_household_visited_twice_counts_once_and_other_months_do_not_count(assistant):
    unit = UnitFactory()
    visit(assistant, unit, day=3)
    visit(assistant, unit, day=20, way=VisitWay.PHONE)
    services.record_visit(
        by=assistant, unit=UnitFactory(), way=VisitWay.DOOR, contact_name="王先生",
        satisfaction=Satisfaction.SATISFIED, visited_at=datetime(2026, 10, 30, 10, tzinfo=SHANGHAI),
    )
    assert stats.households_visited(assistant, *NOVEMBER) == 1
    assert stats.households_visited(assistant, 2026, 10) == 1


def test_vs2_the_quota_table_lists_every_assistant_fewest_visits_first(assistant):
    idle = StaffUserFactory(groups=[ASSISTANT], username="idle")
    busy = StaffUserFactory(groups=[ASSISTANT], username="busy")
    for unit in UnitFactory.create_batch(10):
        visit(busy, unit)
    visit(assistant, UnitFactory())
    table = stats.quota_table(*NOVEMBER)
    assert [(row.user.username, row.households, row.meets) for row in table] == [
        ("idle", 0, False), ("chenxl", 1, False), ("busy", 10, True),
    ]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"way": "email"}, "how the customer was visited"),
        ({"satisfaction": 7}, "how satisfied"),
        ({"contact_name": " "}, "whom you visited"),
        ({"raised_as": RaisedAs.COMPLAINT, "opinions": ""}, "opinion that was raised"),  # VS-3
    ],
)
def test_an_incomplete_visit_is_refused(assistant, fields, message):
    with pytest.raises(VisitError) as refused:
        visit(assistant, UnitFactory(), **fields)
    with translation.override("en"):
        assert message in str(refused.value)


def test_the_database_refuses_an_opinion_raised_without_the_opinion(assistant):
    recorded = visit(assistant, UnitFactory())
    recorded.raised_as = RaisedAs.REQUEST
    with pytest.raises(IntegrityError), transaction.atomic():
        recorded.save()


def test_vs3_an_opinion_is_raised_as_a_complaint_with_its_reference(assistant):
    recorded = visit(assistant, UnitFactory(), opinions="楼下餐馆油烟扰民", satisfaction=Satisfaction.DISSATISFIED)
    complaint = complaints.record_complaint(by=assistant, channel=Channel.DESK, complainant_name="张先生",
                                            subject="楼下餐馆油烟扰民")
    services.record_raised(recorded, by=assistant, raised_as=RaisedAs.COMPLAINT, reference=complaint.reference)
    assert (recorded.raised_as, recorded.raised_reference) == (RaisedAs.COMPLAINT, complaint.reference)
    assert AuditEvent.objects.for_object(recorded).last().action == "raised"


@pytest.mark.parametrize(
    "group, sees_all, may_record",
    [(ASSISTANT, False, True), (SUPERVISOR, True, True), (ENGINEERING, False, False)],
)
def test_who_records_and_who_sees_visits(assistant, group, sees_all, may_record):
    user = StaffUserFactory(groups=[group])
    visit(assistant, UnitFactory())
    assert Visit.objects.visible_to(user).exists() is sees_all
    if may_record:
        own = visit(user, UnitFactory(), day=13)
        assert own in Visit.objects.visible_to(user)
    else:
        with pytest.raises(PermissionDenied):
            visit(user, UnitFactory())


def test_a_visit_cannot_be_recorded_ahead(assistant):
    with pytest.raises(VisitError):
        services.record_visit(
            by=assistant, unit=UnitFactory(), way=VisitWay.DOOR, contact_name="张先生",
            satisfaction=Satisfaction.SATISFIED, visited_at=datetime.now(SHANGHAI) + timedelta(days=1),
        )
