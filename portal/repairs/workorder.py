"""The 《维修服务单》: the work order engineering collects, signs and returns (RP-1…RP-4).

:class:`WorkOrder` is what is printed, as plain data; :func:`work_order_for` maps an
order onto it in the site's language; :func:`render_work_order` prints it as an A4 PDF
with the documents' machinery (embedded Chinese font, letterhead, nothing fetched).
The sheet prints whatever is recorded so far: blank lines are left for the signatures
still to come, so the desk can print it as soon as the order is received.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from portal.casework.review import staff_name
from portal.documents.rendering import render_pdf

TEMPLATE = "repairs/work_order.html"


@dataclass(frozen=True)
class WorkOrder:
    number: str
    unit: str
    contact: str
    phone: str
    fault: str
    description: str
    priority: str
    is_emergency: bool
    reported_at: datetime
    receiver: str
    appointment_at: datetime
    pickup_by: datetime
    is_paid: bool = False
    price_standard: str = ""
    charge_reason: str = ""
    picked_up_by: str = ""
    picked_up_at: datetime | None = None
    work_done: str = ""
    completed_at: datetime | None = None
    customer_signature_name: str = ""
    customer_signed_at: datetime | None = None
    fee_amount: Decimal | None = None


def work_order_for(order) -> WorkOrder:
    """The sheet of ``order`` as it stands, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return WorkOrder(
            number=order.reference,
            unit=str(order.unit),
            contact=order.contact_name,
            phone=order.phone,
            fault=str(order.get_category_display()),
            description=order.description,
            priority=str(order.get_priority_display()),
            is_emergency=order.is_emergency,
            reported_at=order.reported_at,
            receiver=staff_name(order.received_by),
            appointment_at=order.appointment_at,
            pickup_by=order.pickup_by,
            is_paid=order.is_paid,
            price_standard=order.price_standard,
            charge_reason=order.charge_reason,
            picked_up_by=staff_name(order.picked_up_by),
            picked_up_at=order.picked_up_at,
            work_done=order.work_done,
            completed_at=order.completed_at,
            customer_signature_name=order.customer_signature_name,
            customer_signed_at=order.customer_signed_at,
            fee_amount=order.fee_amount,
        )


def render_work_order(order) -> bytes:
    """The A4 PDF of ``order``'s 《维修服务单》."""
    return render_pdf(TEMPLATE, {"record": work_order_for(order)})
