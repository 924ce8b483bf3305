"""A repair at the service centre (报修服务, RP-1…RP-6): recorded with all its details,
classified, engineering told at once, the order picked up and signed for, completed and
signed by the customer, followed up the same day, and a paid repair's fee in the ledger."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.clocks.models import Alert, AlertKind, AlertReceipt
from portal.estate.models import LedgerCategory, LedgerEntry, LedgerKind
from portal.followups.models import FollowUp
from portal.organisation.groups import ASSISTANT, CASHIER, ENGINEERING, SECURITY, SUPERVISOR
from portal.repairs import schedule, services
from portal.repairs.models import Channel, Priority, RepairOrder, RepairState
from portal.repairs.services import IllegalTransition, MissingDetails, RepairError
from tests.factories import HouseholdMemberFactory, PersonFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def owner():
    person = PersonFactory(name="张伟", email="zhangwei@example.cn", user=UserFactory(username="zhangwei"))
    return HouseholdMemberFactory(person=person).person


@pytest.fixture
def unit(owner):
    return owner.memberships.get().household.unit


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenzhuli", last_name="陈", first_name="晓琳")


@pytest.fixture
def engineer():
    return StaffUserFactory(groups=[ENGINEERING], username="liugong", last_name="刘", first_name="国强")


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzhuguan", last_name="林", first_name="志华")


@pytest.fixture
def cashier():
    return StaffUserFactory(groups=[CASHIER], username="zhoushouyin", last_name="周", first_name="丽萍")


def desk_order(by, place, owner=None, **fields):
    values = {
        "unit": place,
        "contact_name": "张伟",
        "phone": "13800138000",
        "category": "other",
        "description": "厨房水龙头滴水",
        "appointment_at": timezone.now() + timedelta(hours=3),
        "reporter": owner,
        **fields,
    }
    return services.open_at_desk(by=by, **values)


def online_report(unit, applicant, *, channel="online", author=None, **answers) -> Submission:
    answers = {
        "unit": {"id": unit.pk, "text": str(unit)},
        "phone": "13800138000",
        "category": "burst_pipe",
        "description": "卫生间水管爆裂，水漫到客厅",
        "urgent": False,
        "appointment_at": (timezone.now() + timedelta(hours=1)).isoformat(),
        **answers,
    }
    return Submission.objects.create(
        reference=f"ZX-2026-{Submission.objects.count() + 1:06d}",
        procedure=Procedure.REPAIR,
        applicant=applicant,
        unit=unit,
        answers=answers,
        channel=channel,
        author=author,
    )


def told(alert) -> list[str]:
    return sorted(AlertReceipt.objects.filter(alert=alert).values_list("user__username", flat=True), reverse=True)


# --- RP-1: every detail recorded -----------------------------------------------------------


@pytest.mark.parametrize(
    "missing",
    ["description", "phone", "contact_name", "appointment_at", "unit"],
)
def test_rp1_a_desk_order_needs_every_detail(assistant, unit, missing):
    fields = {missing: None if missing in ("appointment_at", "unit") else "  "}
    with pytest.raises(MissingDetails) as refusal:
        desk_order(assistant, unit, **fields)
    assert refusal.value.fields == [missing]
    assert "RP-1" in str(refusal.value)
    assert not RepairOrder.objects.exists()


def test_rp1_the_database_refuses_an_order_without_a_phone(assistant, unit):
    order = desk_order(assistant, unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        RepairOrder.objects.filter(pk=order.pk).update(phone="")


def test_rp1_a_desk_order_records_its_receiver_and_times(assistant, unit, owner):
    order = desk_order(assistant, unit, owner)
    assert order.received_by == assistant
    assert order.received_at == order.reported_at
    assert order.channel == Channel.PHONE
    assert order.reference.startswith("BX-")
    assert order.state == RepairState.REPORTED
    assert AuditEvent.objects.for_object(order).get().action == "opened"


def test_only_the_desk_enters_orders(engineer, unit):
    with pytest.raises(PermissionDenied):
        desk_order(engineer, unit)


def test_an_online_report_opens_its_order_without_a_receiver(unit, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = online_report(unit, owner)
    order = submission.repair_order
    assert order.channel == Channel.ONLINE
    assert order.received_by is None
    assert order.phone == "13800138000"
    assert order.description == "卫生间水管爆裂，水漫到客厅"
    assert order.reported_at == submission.submitted_at
    assert services.open_from_submission(submission) == order  # opened once


def test_a_report_the_desk_entered_for_a_customer_in_person_has_its_receiver(
    assistant, unit, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = online_report(unit, owner, channel="desk", author=assistant)
    order = submission.repair_order
    assert (order.channel, order.received_by) == (Channel.VISIT, assistant)


# --- RP-3: classification -------------------------------------------------------------------


@pytest.mark.parametrize(
    "category, urgent, priority",
    [
        ("burst_pipe", False, Priority.EMERGENCY),
        ("appliance_smoking", False, Priority.EMERGENCY),
        ("water_outage", False, Priority.EMERGENCY),
        ("power_outage", False, Priority.EMERGENCY),
        ("other", True, Priority.EMERGENCY),
        ("other", False, Priority.GENERAL),
    ],
)
def test_rp3_orders_are_classified_by_the_policy(assistant, unit, category, urgent, priority):
    order = desk_order(assistant, unit, category=category, customer_marked_urgent=urgent)
    assert order.priority == priority
    assert order.decision["procedure"] == "repair.classify"
    assert [reason["policy_id"] for reason in order.decision["reasons"]] == ["RP-3"]


# --- RP-4: engineering told at once ---------------------------------------------------------


def test_rp4_an_emergency_is_reported_to_engineering_at_once(
    assistant, engineer, supervisor, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = desk_order(assistant, unit, category="burst_pipe")
    alert = Alert.objects.get(kind=AlertKind.IMMEDIATE)
    assert alert.clock == "repairs.emergency"
    assert alert.object_id == str(order.pk)
    assert told(alert) == ["liugong", "linzhuguan"]
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [engineer.email, supervisor.email]
    )
    assert order.reference in mail.outbox[0].subject


def test_rp4_a_general_order_is_sent_to_engineering_too(assistant, engineer, unit):
    order = desk_order(assistant, unit)
    alert = Alert.objects.get(kind=AlertKind.IMMEDIATE)
    assert alert.clock == "repairs.reported"
    assert told(alert) == ["liugong"]
    assert order.reference in alert.subject


@pytest.mark.parametrize(
    "priority, reported, pickup_by",
    [
        # RP-4: an emergency within 30 minutes, day or night.
        (Priority.EMERGENCY, datetime(2026, 11, 28, 23, 50), datetime(2026, 11, 29, 0, 20)),
        # A general order within two office hours (08:30–17:30, every day).
        (Priority.GENERAL, datetime(2026, 11, 27, 10, 0), datetime(2026, 11, 27, 12, 0)),
        (Priority.GENERAL, datetime(2026, 11, 27, 16, 30), datetime(2026, 11, 28, 9, 30)),
        (Priority.GENERAL, datetime(2026, 11, 27, 21, 0), datetime(2026, 11, 28, 10, 30)),
        (Priority.GENERAL, datetime(2026, 11, 28, 6, 0), datetime(2026, 11, 28, 10, 30)),
    ],
)
def test_rp4_pickup_deadlines(priority, reported, pickup_by):
    reported = reported.replace(tzinfo=SHANGHAI)
    assert schedule.pickup_deadline(priority, reported) == pickup_by.replace(tzinfo=SHANGHAI)


def test_rp4_the_stored_pickup_deadline(assistant, unit):
    order = desk_order(assistant, unit, category="burst_pipe")
    assert order.pickup_by == order.reported_at + timedelta(minutes=30)


# --- The lifecycle ----------------------------------------------------------------------------


def test_a_repair_from_report_to_follow_up(
    assistant, engineer, unit, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = online_report(unit, owner, category="other")
    order = submission.repair_order

    with pytest.raises(IllegalTransition, match="RP-1"):
        services.pick_up(order, by=engineer)  # nobody at the desk has received it yet

    order = services.receive(order, by=assistant)
    assert order.received_by == assistant

    with django_capture_on_commit_callbacks(execute=True):
        order = services.pick_up(order, by=engineer)
    assert (order.state, order.picked_up_by) == (RepairState.PICKED_UP, engineer)
    assert order.picked_up_at is not None
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_PROGRESS
    assert mail.outbox[-1].to == ["zhangwei@example.cn"]

    with django_capture_on_commit_callbacks(execute=True):
        order = services.complete(order, by=engineer, work_done="更换水龙头阀芯", customer_signature_name="张伟")
    assert order.state == RepairState.COMPLETED
    assert order.customer_signature_name == "张伟"
    assert order.customer_signed_at == order.completed_at
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.COMPLETED
    assert order.reference in mail.outbox[-1].subject

    # RP-5, FU-1: the same-day follow-up call.
    followup = FollowUp.objects.for_source(order).get()
    assert followup.kind == "repair"
    assert followup.contact_phone == "13800138000"
    assert followup.due_by == schedule.end_of_day(order.completed_at)
    assert timezone.localtime(followup.due_by, SHANGHAI).date() == timezone.localtime(
        order.completed_at, SHANGHAI
    ).date()

    assert [event.action for event in AuditEvent.objects.for_object(order).order_by("at", "id")] == [
        "opened", "received", "picked_up", "completed",
    ]


def test_rp4_completion_needs_the_customers_signature(assistant, engineer, unit):
    order = services.pick_up(desk_order(assistant, unit), by=engineer)
    with pytest.raises(RepairError, match="RP-4"):
        services.complete(order, by=engineer, work_done="已修复", customer_signature_name=" ")
    order.refresh_from_db()
    assert order.state == RepairState.PICKED_UP
    assert not FollowUp.objects.exists()


# --- RP-2, RP-6: a paid repair ----------------------------------------------------------------


def test_rp2_rp6_a_paid_repair_is_explained_first_and_its_fee_goes_to_the_ledger(
    assistant, engineer, cashier, unit
):
    order = desk_order(assistant, unit, description="更换卫生间坐便器水箱配件")
    order = services.explain_charge(
        order, by=assistant, price_standard="配件按价目表收费，人工费30元", reason="配件属业主户内自用设施"
    )
    assert order.is_paid and order.charge_explained_at is not None
    order = services.pick_up(order, by=engineer)

    with pytest.raises(RepairError, match="RP-2"):
        services.complete(order, by=engineer, work_done="更换进水阀", customer_signature_name="张伟")
    order = services.complete(
        order, by=engineer, work_done="更换进水阀", customer_signature_name="张伟", fee_amount=Decimal("85.00")
    )
    assert order.fee_amount == Decimal("85.00")

    with pytest.raises(PermissionDenied):
        services.record_fee(order, by=assistant)
    order = services.record_fee(order, by=cashier, receipt_number="SK-0099")
    charge = order.fee_entry
    assert (charge.kind, charge.category, charge.amount, charge.unit) == (
        LedgerKind.CHARGE, LedgerCategory.REPAIR, Decimal("85.00"), unit,
    )
    assert order.reference in charge.description
    payment = LedgerEntry.objects.get(kind=LedgerKind.PAYMENT)
    assert payment.amount == Decimal("85.00") and "SK-0099" in payment.description

    with pytest.raises(IllegalTransition):
        services.record_fee(order, by=cashier)  # once
    assert LedgerEntry.objects.filter(kind=LedgerKind.CHARGE).count() == 1


def test_rp2_a_free_repair_takes_no_fee(assistant, engineer, cashier, unit):
    order = services.pick_up(desk_order(assistant, unit), by=engineer)
    with pytest.raises(RepairError, match="RP-2"):
        services.complete(order, by=engineer, work_done="已修复", customer_signature_name="张伟",
                          fee_amount=Decimal("20"))
    order = services.complete(order, by=engineer, work_done="已修复", customer_signature_name="张伟")
    with pytest.raises(IllegalTransition):
        services.record_fee(order, by=cashier)


def test_rp2_the_database_refuses_a_paid_repair_never_explained(assistant, unit):
    order = desk_order(assistant, unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        RepairOrder.objects.filter(pk=order.pk).update(is_paid=True)


# --- Who may do what; illegal steps --------------------------------------------------------------


@pytest.mark.parametrize(
    "group, action",
    [
        (ASSISTANT, "pick_up"),
        (CASHIER, "pick_up"),
        (SECURITY, "pick_up"),
        (ENGINEERING, "cancel"),
        (ENGINEERING, "receive"),
        (SUPERVISOR, "record_fee"),
    ],
)
def test_steps_need_their_permission(assistant, unit, group, action):
    order = desk_order(assistant, unit)
    user = StaffUserFactory(groups=[group])
    step = {
        "pick_up": lambda: services.pick_up(order, by=user),
        "cancel": lambda: services.cancel(order, by=user, reason="重复报修"),
        "receive": lambda: services.receive(order, by=user),
        "record_fee": lambda: services.record_fee(order, by=user),
    }[action]
    with pytest.raises(PermissionDenied):
        step()
    order.refresh_from_db()
    assert order.state == RepairState.REPORTED


def test_illegal_steps_are_refused_and_change_nothing(assistant, engineer, unit):
    order = desk_order(assistant, unit)
    with pytest.raises(IllegalTransition):
        services.complete(order, by=engineer, work_done="已修复", customer_signature_name="张伟")
    order = services.cancel(order, by=assistant, reason="业主已自行修好")
    for step in (
        lambda: services.pick_up(order, by=engineer),
        lambda: services.cancel(order, by=assistant, reason="再次取消"),
        lambda: services.explain_charge(order, by=assistant, price_standard="x", reason="y"),
    ):
        with pytest.raises(IllegalTransition):
            step()
    order.refresh_from_db()
    assert order.state == RepairState.CANCELLED
    assert sorted(event.action for event in AuditEvent.objects.for_object(order)) == ["cancelled", "opened"]


def test_available_actions_follow_the_group_and_the_state(assistant, engineer, cashier, unit):
    order = desk_order(assistant, unit)
    assert services.available_actions(assistant, order) == ["explain_charge", "cancel"]
    assert services.available_actions(engineer, order) == ["explain_charge", "pick_up"]
    assert services.available_actions(cashier, order) == []
