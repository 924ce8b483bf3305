"""/my/: owners and tenants see their own homes, arrears and applications, and nothing else."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.casework.models import Submission, SubmissionStatus
from portal.casework.procedures import Procedure
from portal.estate.models import Building, Estate, Household, HouseholdMember, LedgerEntry, Person, Unit

pytestmark = pytest.mark.django_db

MY = "/my/"


@pytest.fixture
def building():
    estate = Estate.objects.create(name="锦绣花园")
    return Building.objects.create(estate=estate, name="3栋", floors=30)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def make_unit(building, number, status="owner_occupied"):
    return Unit.objects.create(
        building=building, number=number, floor=int(number[:-2]), property_type="residential",
        building_area=Decimal("89.50"), fee_per_m2=Decimal("2.80"), status=status,
    )


def resident(django_user_model, username, name, unit, role="owner", **membership):
    """A person with a login, a member of the unit's current household."""
    user = django_user_model.objects.create_user(
        username, password="resident-pass-1", email=f"{username}@example.com"
    )
    person = Person.objects.create(name=name, user=user)
    household = Household.objects.filter(unit=unit, ended_on__isnull=True).first() or Household.objects.create(
        unit=unit, started_on=date(2024, 1, 1)
    )
    HouseholdMember.objects.create(household=household, person=person, role=role, **membership)
    return person


def owe(unit, amount):
    due = date(2026, 1, 31)
    LedgerEntry.objects.create(unit=unit, kind="charge", category="management_fee", amount=Decimal(amount),
                               entry_date=due, due_on=due)


_references = iter(range(1, 10_000))


def submit(person, unit, *, status=SubmissionStatus.SUBMITTED, due_at=None):
    household = Household.objects.get(unit=unit, ended_on__isnull=True)
    return Submission.objects.create(
        reference=f"BX-2026-{next(_references):06d}", procedure=Procedure.REPAIR, status=status,
        applicant=person, unit=unit, household=household, due_at=due_at,
    )


@pytest.fixture
def two_owners(django_user_model, building):
    first_unit, second_unit = make_unit(building, "1201"), make_unit(building, "2202")
    owner1 = resident(django_user_model, "owner1", "王建国", first_unit)
    owner2 = resident(django_user_model, "owner2", "李秀英", second_unit)
    owe(first_unit, "1234.50")
    owe(second_unit, "8765.40")
    return owner1, owner2


def test_anonymous_visitors_log_in_first_and_come_back(client, two_owners):
    response = client.get(MY)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={MY}"
    login = client.post(reverse("login"), {"username": "owner1", "password": "resident-pass-1", "next": MY})
    assert (login.status_code, login.url) == (302, MY)
    assert client.get(MY).status_code == 200


def test_an_owner_sees_their_home_arrears_and_applications_and_never_another_owners(client, two_owners):
    owner1, owner2 = two_owners
    mine = submit(owner1, owner1.memberships.get().household.unit)
    theirs = submit(owner2, owner2.memberships.get().household.unit)
    client.force_login(owner1.user)

    html = client.get(MY).content.decode()

    assert "3栋 1201" in html and "¥1,234.50" in html and mine.reference in html
    assert "2202" not in html
    assert "8,765.40" not in html
    assert theirs.reference not in html
    assert "李秀英" not in html


def test_a_page_number_shows_only_ones_own_applications(client, two_owners):
    owner1, owner2 = two_owners
    for _ in range(25):
        submit(owner2, owner2.memberships.get().household.unit)
    client.force_login(owner1.user)

    for page in ("2", "999", "-1", "abc"):
        response = client.get(MY, {"page": page})
        assert response.status_code == 200
        assert "BX-2026-" not in response.content.decode()


def test_a_tenant_sees_their_tenancy_and_the_owner_does_too(client, django_user_model, building):
    unit = make_unit(building, "1501", status="tenant_occupied")
    owner = resident(django_user_model, "owner1", "王建国", unit)
    tenant = resident(django_user_model, "tenant1", "张伟", unit, role="tenant",
                      lease_start=date(2026, 7, 1), lease_end=date(2027, 6, 30))
    case = submit(tenant, unit)
    client.force_login(tenant.user)

    response = client.get(MY)

    home = response.context["homes"][0]
    assert home.is_tenancy and home.unit == unit and home.arrears == Decimal("0.00")
    html = response.content.decode()
    assert "3栋 1501" in html and "2027-06-30" in html and case.reference in html
    client.force_login(owner.user)
    assert case.reference in client.get(MY).content.decode()


def test_a_family_member_sees_the_home_but_not_the_arrears(client, django_user_model, building):
    unit = make_unit(building, "1201")
    resident(django_user_model, "owner1", "王建国", unit)
    child = resident(django_user_model, "family1", "王小明", unit, role="family", relation="子女")
    owe(unit, "1234.50")
    client.force_login(child.user)

    response = client.get(MY)

    assert response.context["homes"][0].arrears is None
    assert "1,234.50" not in response.content.decode()


def test_someone_who_has_moved_out_no_longer_sees_the_home(client, django_user_model, building):
    unit = make_unit(building, "1201")
    former = resident(django_user_model, "tenant1", "张伟", unit, role="tenant",
                      lease_start=date(2025, 1, 1), lease_end=date(2025, 12, 31))
    HouseholdMember.objects.filter(person=former).update(ended_on=date(2025, 12, 31))
    client.force_login(former.user)

    response = client.get(MY)

    assert response.context["homes"] == []
    assert "1201" not in response.content.decode()


def test_new_residents_see_friendly_empty_states(english, django_user_model, building):
    owner = resident(django_user_model, "owner1", "王建国", make_unit(building, "1201"))
    english.force_login(owner.user)

    html = english.get(MY).content.decode()

    assert "You have not submitted any applications yet." in html
    assert "No documents have been issued to you yet." in html


def test_the_due_date_of_an_open_application_is_shown_in_shanghai_time(english, two_owners):
    owner1, _ = two_owners
    unit = owner1.memberships.get().household.unit
    submit(owner1, unit, due_at=datetime(2026, 12, 1, 1, 30, tzinfo=UTC))
    submit(owner1, unit, status=SubmissionStatus.COMPLETED, due_at=datetime(2026, 10, 1, 1, 0, tzinfo=UTC))
    english.force_login(owner1.user)

    html = english.get(MY).content.decode()

    assert "2026-12-01 09:30" in html
    assert "2026-10-01 09:00" not in html


def test_staff_without_a_resident_record_get_a_friendly_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("clerk", password="x", is_staff=True))

    response = client.get(MY)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "accounts/no_resident_record.html"


def test_the_dashboard_can_be_read_in_english(client, two_owners):
    owner1, _ = two_owners
    client.force_login(owner1.user)

    client.post(reverse("set_language"), {"language": "en", "next": MY})
    html = client.get(MY).content.decode()

    assert '<html lang="en">' in html
    assert "My homes" in html


def test_the_number_of_queries_does_not_grow_with_the_number_of_applications(client, two_owners,
                                                                              django_assert_num_queries):
    owner1, _ = two_owners
    unit = owner1.memberships.get().household.unit
    soon = timezone.now() + timedelta(days=1)
    submit(owner1, unit, due_at=soon)
    client.force_login(owner1.user)
    client.get(MY)  # warm caches that are not the dashboard's (content types, site)
    with CaptureQueriesContext(connection) as one_case:
        client.get(MY)

    for _ in range(49):
        submit(owner1, unit, due_at=soon)
    with django_assert_num_queries(len(one_case.captured_queries)):
        response = client.get(MY)
    assert response.context["cases"].paginator.count == 50


def _issue(unit, number):
    from portal.documents.services import issue_document

    return issue_document("permit", unit=unit, number=number, render=lambda url: b"%PDF-1.4 test")


def test_an_owner_sees_records_issued_for_their_home_and_never_another_owners(english, two_owners):
    owner1, owner2 = two_owners
    mine = _issue(Unit.objects.get(number="1201"), "SG-2026-0001")
    _issue(Unit.objects.get(number="2202"), "SG-2026-0002")
    english.force_login(owner1.user)

    html = english.get(MY).content.decode()

    assert "SG-2026-0001" in html
    assert reverse("documents:download", args=[mine.pk]) in html
    assert "SG-2026-0002" not in html
    assert "No documents have been issued to you yet" not in html


def test_unfinished_applications_are_listed_with_a_link_to_continue(english, two_owners):
    from portal.casework.models import Draft

    owner1, owner2 = two_owners
    draft = Draft.objects.create(person=owner1, procedure=Procedure.REPAIR, run_token="a" * 32, step="fault",
                                 path="/services/repair/apply/")
    Draft.objects.create(person=owner2, procedure=Procedure.PARKING, run_token="b" * 32, step="vehicle",
                         path="/services/parking/apply/")
    english.force_login(owner1.user)

    html = english.get(MY).content.decode()

    assert "Unfinished applications" in html
    assert draft.resume_url in html
    assert "/services/parking/apply/" not in html


def test_a_case_reads_its_submission_time_as_提交时间_and_no_empty_value_reads_none(client, two_owners):
    owner1, _owner2 = two_owners
    submit(owner1, owner1.memberships.get().household.unit)  # nothing due, no note
    client.force_login(owner1.user)

    html = client.get(MY).content.decode()

    assert "<dt>提交时间</dt>" in html
    assert "<dt>已提交</dt>" not in html
    assert "None" not in html


def test_a_case_asked_more_information_shows_the_question_and_the_way_to_amend(english, two_owners, monkeypatch):
    owner1, _owner2 = two_owners
    case = submit(owner1, owner1.memberships.get().household.unit, status=SubmissionStatus.INFO_REQUESTED)
    case.status_note = "请补充漏水位置的照片。"
    case.save()
    monkeypatch.setattr("portal.accounts.views.amendable_procedures", lambda: frozenset({Procedure.REPAIR}))
    english.force_login(owner1.user)

    html = english.get(MY).content.decode()

    assert "The service centre needs more information:" in html
    assert "请补充漏水位置的照片。" in html
    assert reverse("my_amend_case", args=(case.reference,)) in html


def test_a_case_entered_at_the_desk_says_so(english, two_owners):
    owner1, _owner2 = two_owners
    case = submit(owner1, owner1.memberships.get().household.unit)
    case.channel = "desk"
    case.save()
    english.force_login(owner1.user)

    assert "At the service centre" in english.get(MY).content.decode()
