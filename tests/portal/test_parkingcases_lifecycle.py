"""车位办理: from an owner's parking application to an active rental whose owner card opens
the car park, with the 《车位使用协议》 summary issued (POLICIES PK-1..4, CS-1..4)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from pypdf import PdfReader

from portal.audit.models import AuditEvent
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.documents.models import DocumentKind
from portal.estate.models import LedgerCategory, LedgerEntry, LedgerKind, ParkingRental, SpaceStatus, Vehicle
from portal.organisation import groups
from portal.parkingcases import services
from portal.parkingcases.models import CaseState, ParkingCase
from portal.parkingcases.services import CaseError, IllegalTransition
from tests.factories import (
    HouseholdMemberFactory,
    ParkingRentalFactory,
    ParkingSpaceFactory,
    PersonFactory,
    StaffUserFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db

START = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def staff_read_english():
    """Refusals are matched by their English text; records and emails keep the site's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def membership():
    return HouseholdMemberFactory(person__email="owner@example.com")


@pytest.fixture
def owner(membership):
    return membership.person


@pytest.fixture
def household(membership):
    return membership.household


@pytest.fixture
def car(owner, household):
    return VehicleFactory(plate="粤B6M288", owner=owner, household=household)


@pytest.fixture
def space(household):
    return ParkingSpaceFactory(estate=household.unit.building.estate, number="018", monthly_rent=Decimal("600.00"))


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[groups.ASSISTANT], last_name="王", first_name="小丽")


@pytest.fixture
def cashier():
    return StaffUserFactory(groups=[groups.CASHIER])


def application(person, household, *, vehicle=None, months=3, **answers):
    """A ``parking`` submission as the wizard stores it."""
    stored = {
        "unit": {"id": household.unit_id, "text": str(household.unit)},
        "vehicle": {"id": vehicle.pk, "text": vehicle.plate} if vehicle else None,
        "plate": "",
        "car_model": "",
        "licence_holder": "",
        "start": START.isoformat(),
        "months": months,
        **answers,
    }
    return Submission.objects.create(
        reference=f"SQ-2026-{Submission.objects.count() + 1:06d}",
        procedure=Procedure.PARKING,
        applicant=person,
        unit=household.unit,
        household=household,
        answers=stored,
    )


@pytest.fixture
def case(owner, household, car, assistant):
    return services.open_case(application(owner, household, vehicle=car), by=assistant)


def checked(case, by):
    return services.check_eligibility(case, by=by, licence_seen=True, licence_in_applicants_name=True)


def paid(case, assistant, cashier, space):
    checked(case, assistant)
    services.assign_space(case, by=assistant, space=space)
    return services.record_payment(case, by=cashier, amount=Decimal("1800.00"), receipt_number="SJ0012345")


def pdf_text(document) -> str:
    """The PDF's text without spaces (headings are printed letter-spaced)."""
    with document.pdf.open("rb") as pdf:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read())).pages)
    return "".join(text.split())


def events(case) -> list[str]:
    return list(AuditEvent.objects.for_object(case).order_by("pk").values_list("action", flat=True))


# --- The whole walk ------------------------------------------------------------------


def test_an_application_becomes_an_active_rental_with_its_agreement(
    case, household, car, space, assistant, cashier, django_capture_on_commit_callbacks
):
    assert case.state == CaseState.OPENED
    assert (case.start, case.end, case.months) == (START, date(2027, 2, 28), 3)

    case = checked(case, assistant)
    assert case.state == CaseState.ELIGIBILITY_CHECKED
    assert case.eligibility["decision"]["outcome"] == "allow"
    assert case.eligibility["facts"]["applicant_role"] == "owner"

    case = services.assign_space(case, by=assistant, space=space)
    assert (case.state, case.space, case.monthly_rent, case.amount_due) == (
        CaseState.SPACE_ASSIGNED, space, Decimal("600.00"), Decimal("1800.00")
    )

    case = services.record_payment(case, by=cashier, amount=Decimal("1800.00"), receipt_number="SJ0012345")
    assert (case.state, case.amount_paid, case.receipt_number) == (CaseState.PAID, Decimal("1800.00"), "SJ0012345")
    charge, payment = LedgerEntry.objects.filter(unit=household.unit, category=LedgerCategory.PARKING).order_by("pk")
    assert (charge.kind, charge.amount, charge.period_start, charge.period_end) == (
        LedgerKind.CHARGE, Decimal("1800.00"), START, date(2027, 2, 28)
    )
    assert (payment.kind, payment.amount, payment.recorded_by) == (LedgerKind.PAYMENT, Decimal("1800.00"), cashier)
    assert "SJ0012345" in payment.description

    with django_capture_on_commit_callbacks(execute=True):
        case = services.activate(case, by=assistant, ic_card_number="3000012345")
    assert case.state == CaseState.ACTIVE
    assert case.card_authorised_at is not None
    rental = ParkingRental.objects.get(household=household)
    assert (rental.space, rental.vehicle, rental.start, rental.end, rental.ic_card_number, rental.status) == (
        space, car, START, date(2027, 2, 28), "3000012345", "active"
    )
    assert case.rental == rental
    assert case.agreement.kind == DocumentKind.PARKING_AGREEMENT
    assert case.agreement_number == case.agreement.number
    text = pdf_text(case.agreement)
    assert "车位使用协议" in text
    assert "粤B6M288" in text
    assert "3000012345" in text
    assert "B1-018" in text
    assert "王小丽" in text  # the front desk signs for the company

    submission = Submission.objects.get(pk=case.submission_id)
    assert submission.status == SubmissionStatus.COMPLETED
    assert events(case) == ["opened", "eligibility_checked", "space_assigned", "payment_recorded", "activated"]
    assert mail.outbox[-1].to == ["owner@example.com"]
    assert "3000012345" in mail.outbox[-1].body


def test_staff_register_a_new_plate_from_its_licence(owner, household, space, assistant):
    submission = application(
        owner, household, plate="粤BD12345", car_model="特斯拉Model 3", licence_holder="applicant"
    )
    case = services.open_case(submission, by=assistant)
    assert case.vehicle is None

    case = services.check_eligibility(
        case, by=assistant, licence_seen=True, licence_in_applicants_name=True, licence_number="440300123456"
    )

    vehicle = Vehicle.objects.get(plate="粤BD12345")
    assert (vehicle.owner, vehicle.household, vehicle.licence_number, vehicle.model) == (
        owner, household, "440300123456", "特斯拉Model 3"
    )
    assert case.vehicle == vehicle


def test_a_licence_in_someone_elses_name_is_refused_and_registers_nothing(owner, household, space, assistant):
    submission = application(owner, household, plate="粤BD12345", licence_holder="someone_else")
    case = services.open_case(submission, by=assistant)

    case = services.check_eligibility(
        case, by=assistant, licence_seen=True, licence_in_applicants_name=False, licence_number="440300123456"
    )

    assert case.state == CaseState.REFUSED
    assert "PK-2" in case.refusal_reason
    assert not Vehicle.objects.filter(plate="粤BD12345").exists()


# --- The eligibility gate ------------------------------------------------------------


def test_a_household_that_holds_a_space_already_is_refused(
    case, household, space, assistant, django_capture_on_commit_callbacks
):
    ParkingRentalFactory(household=household)

    with django_capture_on_commit_callbacks(execute=True):
        case = checked(case, assistant)

    assert case.state == CaseState.REFUSED
    assert "每户仅办理1个车位租用" in case.refusal_reason
    assert [r["policy_id"] for r in case.eligibility["decision"]["reasons"]][0] == "PK-1"
    submission = Submission.objects.get(pk=case.submission_id)
    assert (submission.status, submission.status_note) == (SubmissionStatus.REJECTED, case.refusal_reason)
    assert events(case) == ["opened", "refused"]
    assert mail.outbox[-1].to == ["owner@example.com"]


def test_a_full_car_park_is_refused(case, household, assistant):
    ParkingSpaceFactory(estate=household.unit.building.estate, status=SpaceStatus.OUT_OF_SERVICE)
    ParkingRentalFactory(space=ParkingSpaceFactory(estate=household.unit.building.estate))

    case = checked(case, assistant)

    assert case.state == CaseState.REFUSED
    assert "停车场已满位" in case.refusal_reason
    assert case.eligibility["facts"]["free_spaces"] == 0


def test_someone_who_no_longer_lives_there_is_refused(owner, household, car, space, assistant, membership):
    case = services.open_case(application(owner, household, vehicle=car), by=assistant)
    membership.ended_on = date(2026, 6, 30)
    membership.save()

    case = checked(case, assistant)

    assert case.state == CaseState.REFUSED
    assert case.eligibility["facts"]["applicant_role"] == "non_resident"
    assert "非本小区业主或租户" in case.refusal_reason


def test_a_family_member_is_not_an_owner_or_tenant(household, space, assistant):
    spouse = HouseholdMemberFactory(household=household, family=True).person
    spouses_car = VehicleFactory(owner=spouse, household=household)
    case = services.open_case(application(spouse, household, vehicle=spouses_car), by=assistant)

    assert checked(case, assistant).state == CaseState.REFUSED


# --- Spaces and payment --------------------------------------------------------------


def test_only_a_free_space_in_service_of_the_estate_is_offered(case, household, space, assistant):
    checked(case, assistant)
    let = ParkingRentalFactory(space=ParkingSpaceFactory(estate=household.unit.building.estate)).space
    reserved = ParkingSpaceFactory(estate=household.unit.building.estate, status=SpaceStatus.RESERVED)
    elsewhere = ParkingSpaceFactory()

    for space in (let, reserved, elsewhere):
        with pytest.raises(CaseError, match="is not free"):
            services.assign_space(case, by=assistant, space=space)
    assert ParkingCase.objects.get(pk=case.pk).state == CaseState.ELIGIBILITY_CHECKED


def test_only_the_cashier_records_the_rent(case, space, assistant, cashier):
    checked(case, assistant)
    services.assign_space(case, by=assistant, space=space)

    with pytest.raises(PermissionDenied):
        services.record_payment(case, by=assistant, amount=Decimal("1800.00"), receipt_number="SJ1")
    with pytest.raises(PermissionDenied):
        services.activate(case, by=cashier, ic_card_number="3000012345")

    assert ParkingCase.objects.get(pk=case.pk).state == CaseState.SPACE_ASSIGNED
    assert not LedgerEntry.objects.filter(category=LedgerCategory.PARKING).exists()


@pytest.mark.parametrize("amount", [Decimal("600.00"), Decimal("1799.99"), Decimal("2400.00")])
def test_the_rent_is_collected_in_full(case, space, assistant, cashier, amount):
    checked(case, assistant)
    services.assign_space(case, by=assistant, space=space)

    with pytest.raises(CaseError, match="collected in full"):
        services.record_payment(case, by=cashier, amount=amount, receipt_number="SJ1")

    assert not LedgerEntry.objects.filter(category=LedgerCategory.PARKING).exists()


# --- The database's word: one rental per household and per space ----------------------


def test_a_rental_entered_meanwhile_for_the_household_refuses_activation(case, household, space, assistant, cashier):
    case = paid(case, assistant, cashier, space)
    ParkingRentalFactory(household=household)  # another case of the household got there first

    with pytest.raises(CaseError, match="already rents a parking space"):
        services.activate(case, by=assistant, ic_card_number="3000012345")

    case.refresh_from_db()
    assert (case.state, case.rental, case.agreement, case.ic_card_number) == (CaseState.PAID, None, None, "")
    assert ParkingRental.objects.filter(space=space).count() == 0
    assert events(case)[-1] == "payment_recorded"
    assert not AuditEvent.objects.filter(action="document_issued").exists()


def test_two_households_activated_for_one_space_the_second_is_refused(
    case, household, space, assistant, cashier
):
    neighbour = HouseholdMemberFactory(household__unit__building=household.unit.building)
    neighbours_car = VehicleFactory(owner=neighbour.person, household=neighbour.household)
    other = services.open_case(application(neighbour.person, neighbour.household, vehicle=neighbours_car), by=assistant)
    ParkingSpaceFactory(estate=household.unit.building.estate)  # a second free space: both pass the gate
    case, other = paid(case, assistant, cashier, space), paid(other, assistant, cashier, space)

    services.activate(case, by=assistant, ic_card_number="3000000001")
    with pytest.raises(CaseError, match="has just been let to another household"):
        services.activate(other, by=assistant, ic_card_number="3000000002")

    other.refresh_from_db()
    assert (other.state, other.rental, other.agreement) == (CaseState.PAID, None, None)
    assert list(ParkingRental.objects.values_list("household", flat=True)) == [household.pk]


def test_two_cases_of_one_household_the_second_activation_is_refused(
    owner, household, car, space, assistant, cashier
):
    first = services.open_case(application(owner, household, vehicle=car), by=assistant)
    second = services.open_case(application(owner, household, vehicle=car), by=assistant)
    other_space = ParkingSpaceFactory(estate=household.unit.building.estate)
    first, second = paid(first, assistant, cashier, space), paid(second, assistant, cashier, other_space)

    services.activate(first, by=assistant, ic_card_number="3000000001")
    with pytest.raises(CaseError, match="one space per household"):
        services.activate(second, by=assistant, ic_card_number="3000000002")

    assert ParkingRental.objects.filter(household=household).count() == 1
    assert ParkingCase.objects.get(pk=second.pk).state == CaseState.PAID


# --- Refusals and illegal transitions --------------------------------------------------


def test_the_desk_refuses_an_open_case_with_a_reason(case, space, assistant, cashier):
    paid(case, assistant, cashier, space)

    with pytest.raises(CaseError, match="Give the reason"):
        services.refuse(case, by=assistant, reason="  ")
    case = services.refuse(case, by=assistant, reason="业主撤回申请")

    assert (case.state, case.refusal_reason) == (CaseState.REFUSED, "业主撤回申请")
    assert events(case)[-1] == "refused"
    assert Submission.objects.get(pk=case.submission_id).status == SubmissionStatus.REJECTED


def test_steps_out_of_order_are_refused(case, space, assistant, cashier):
    with pytest.raises(IllegalTransition):
        services.assign_space(case, by=assistant, space=space)
    with pytest.raises(IllegalTransition):
        services.activate(case, by=assistant, ic_card_number="3000012345")
    checked(case, assistant)
    with pytest.raises(IllegalTransition):
        checked(case, assistant)
    with pytest.raises(IllegalTransition):
        services.record_payment(case, by=cashier, amount=Decimal("1800.00"), receipt_number="SJ1")

    services.refuse(case, by=assistant, reason="车位不足")
    for step in (lambda: services.refuse(case, by=assistant, reason="again"), lambda: checked(case, assistant)):
        with pytest.raises(IllegalTransition):
            step()
    assert events(case) == ["opened", "eligibility_checked", "refused"]


def test_an_active_rental_is_not_refused_afterwards(case, space, assistant, cashier):
    services.activate(paid(case, assistant, cashier, space), by=assistant, ic_card_number="3000012345")

    with pytest.raises(IllegalTransition):
        services.refuse(case, by=assistant, reason="late")


def test_staff_without_the_permission_change_nothing(case):
    outsider = StaffUserFactory(groups=[groups.ENGINEERING])

    with pytest.raises(PermissionDenied):
        checked(case, outsider)
    with pytest.raises(PermissionDenied):
        services.open_case(application(PersonFactory(), case.submission.household), by=outsider)


def test_one_case_per_application_and_only_for_parking(case, assistant):
    with pytest.raises(CaseError):
        services.open_case(case.submission, by=assistant)
    other = application(case.submission.applicant, case.submission.household)
    other.procedure = Procedure.REPAIR
    other.save()
    with pytest.raises(CaseError):
        services.open_case(other, by=assistant)


@pytest.mark.parametrize("group", [groups.ASSISTANT, groups.SUPERVISOR, groups.PROJECT_MANAGER])
def test_the_desk_groups_handle_parking_cases(group):
    user = StaffUserFactory(groups=[group])
    assert user.has_perm("parkingcases.handle_parkingcase")
    assert not user.has_perm("parkingcases.record_parking_payment")


def test_the_cashier_records_payments_only():
    user = StaffUserFactory(groups=[groups.CASHIER])
    assert user.has_perm("parkingcases.record_parking_payment")
    assert not user.has_perm("parkingcases.handle_parkingcase")
