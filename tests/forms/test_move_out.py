"""退租: a tenant gives notice of moving out; fees owed up to the day and a missing
release pass are theirs to put right first, the meters and the owner's agreement are
the service centre's steps."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from portal.casework.models import Submission, SubmissionStatus
from portal.casework.services import create_submission
from tests.factories import HouseholdMemberFactory, LedgerEntryFactory, UserFactory

from .conftest import Wizard, make_resident, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


@pytest.fixture(autouse=True)
def in_english(client):
    """The tenant reads the English pages, so that what is asserted does not depend on the translations."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def day(days: int = 0) -> date:
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def household(owner):
    return owner.memberships.get().household


@pytest.fixture
def tenant(household):
    return HouseholdMemberFactory(
        household=household, tenant=True, person__name="陈静", person__user=UserFactory(username="chenjing"),
        lease_start=day(-300), lease_end=day(65),
    ).person


@pytest.fixture
def move_out(client, tenant):
    client.force_login(tenant.user)
    return Wizard(client, "move-out")


def release_pass_for(household, applicant, *, purpose="move_out", days_ago=1):
    submission, _created = create_submission(
        procedure="release-pass", applicant=applicant, answers={"purpose": purpose}, unit=household.unit,
        household=household, submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    return submission


def give_notice(move_out, household, *, when=10):
    move_out.start()
    return move_out.post("move_out", unit=household.unit_id, move_out_date=day(when).isoformat(),
                         take_away_0="书桌", take_away_1="1", take_away_2="纸箱", take_away_3="12")


def test_a_tenant_with_a_release_pass_and_nothing_owed_gives_notice(move_out, tenant, household):
    pass_ = release_pass_for(household, tenant)
    first = move_out.start()
    assert first.context["form"]["unit"].value() == household.unit_id  # the unit they rent

    confirm = give_notice(move_out, household)

    assert step_of(confirm) == "confirm"
    assert confirm.context["can_submit"] is True  # meters and the owner's agreement are the desk's steps
    preview = dict(confirm.context["preview_rows"])
    assert preview[f"Fees owed up to {day(10).isoformat()}"] == "Nothing: all settled."
    assert preview["Release pass"] == f"Applied for: {pass_.reference}."
    assert preview["Meters"].startswith("The cashier's staff read")
    assert preview["Owner's agreement"].startswith("The service centre asks the owner")
    move_out.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="move-out")
    assert submission.applicant == tenant
    assert submission.household == household
    assert submission.answers["take_away"] == [{"item": "书桌", "quantity": 1}, {"item": "纸箱", "quantity": 12}]
    assert submission.answers["move_out_date"] == day(10).isoformat()
    # As it stood: meters not read, the owner not asked yet.
    assert submission.decision["outcome"] == "deny"
    assert submission.decision["values"]["missing"] == ["MO-2", "MO-3"]


def test_fees_owed_up_to_the_move_out_day_must_be_paid_first(move_out, tenant, household):
    release_pass_for(household, tenant)
    LedgerEntryFactory(unit=household.unit, category="electricity", amount=Decimal("215.30"),
                       entry_date=day(-10), due_on=day(5), description="电费")

    confirm = give_notice(move_out, household, when=10)

    assert confirm.context["can_submit"] is False
    assert [reason.policy_id for reason in confirm.context["denial_reasons"]] == ["MO-2"]
    page = confirm.content.decode()
    assert "尚欠215.30元" in page
    assert "Pay the amount owed at the cashier" in page
    assert "/services/release-pass/" not in page
    assert step_of(move_out.post("confirm", confirm="on")) == "confirm"
    assert not Submission.objects.filter(procedure="move-out").exists()

    before_it_is_due = give_notice(move_out, household, when=2)
    assert before_it_is_due.context["can_submit"] is True


def test_without_a_release_pass_the_tenant_is_sent_to_apply_for_one(move_out, tenant, household):
    release_pass_for(household, tenant, purpose="temporary")  # not for moving out

    confirm = give_notice(move_out, household)

    assert [reason.policy_id for reason in confirm.context["denial_reasons"]] == ["MO-1"]
    assert "/services/release-pass/" in confirm.content.decode()
    assert dict(confirm.context["preview_rows"])["Release pass"] == "Not applied for yet."


def test_a_release_pass_from_an_earlier_tenancy_does_not_count(move_out, tenant, household, owner):
    release_pass_for(household, owner, days_ago=400)  # before this tenant's lease began

    confirm = give_notice(move_out, household)

    assert [reason.policy_id for reason in confirm.context["denial_reasons"]] == ["MO-1"]


def test_a_rejected_release_pass_does_not_count(move_out, tenant, household):
    rejected = release_pass_for(household, tenant)
    rejected.status = SubmissionStatus.REJECTED
    rejected.save()

    assert give_notice(move_out, household).context["can_submit"] is False


def test_an_owner_is_told_this_is_for_tenants(owner_client):
    response = owner_client.get("/apply/move-out/")

    assert response.status_code == 403
    assert "for tenants moving out" in response.content.decode()
    assert owner_client.post("/apply/move-out/", {"move-out-current_step": "move_out"}).status_code == 403


def test_a_unit_the_applicant_does_not_rent_is_refused(move_out, tenant, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    move_out.start()

    response = move_out.post("move_out", unit=stranger.memberships.get().household.unit_id,
                             move_out_date=day(10).isoformat(), take_away_0="书桌", take_away_1="1")

    assert step_of(response) == "move_out"
    assert "not registered to you" in str(response.context["form"].errors["unit"])
    assert not Submission.objects.exists()


def test_the_items_taken_and_a_day_ahead_are_needed(move_out, tenant, household):
    move_out.start()

    response = move_out.post("move_out", unit=household.unit_id, move_out_date=day(-1).isoformat())

    assert step_of(response) == "move_out"
    assert set(response.context["form"].errors) == {"move_out_date", "take_away"}


def test_a_step_that_does_not_exist_is_answered_with_a_message(move_out, tenant):
    move_out.start()
    response = move_out.post("keys", whatever="x")

    assert response.status_code == 400
    assert step_of(response) == "move_out"


def test_a_tenant_gives_notice_from_the_service_page(client, tenant, household):
    release_pass_for(household, tenant)
    services = ensure_home_page().add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(title="退租", slug="move-out", procedure="move-out",
                                            intro="<p>租户退租请提前办理。</p>"))
    client.force_login(tenant.user)
    move_out = Wizard(client, "move-out")
    move_out.url = "/services/move-out/apply/"

    assert step_of(give_notice(move_out, household)) == "confirm"
    done = move_out.post("confirm", confirm="on")

    submission = Submission.objects.get(procedure="move-out")
    assert done.url == f"/services/move-out/apply/?receipt={submission.reference}"
    assert submission.reference in client.get(done.url).content.decode()
