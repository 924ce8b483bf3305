"""Service pages: what to bring and pay for the visitor's own unit, and where to apply."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse

from cms.models import ServicePage
from portal.estate.models import Building, Estate, Household, HouseholdMember, MemberRole, Person, Unit

pytestmark = pytest.mark.django_db


def make_resident(username, property_type, role=MemberRole.OWNER, area="100.00"):
    estate, _ = Estate.objects.get_or_create(name="锦绣花园")
    building, _ = Building.objects.get_or_create(estate=estate, name="2栋", defaults={"floors": 30})
    unit = Unit.objects.create(building=building, number=f"{Unit.objects.count() + 1}01", floor=1,
                               property_type=property_type, building_area=Decimal(area), fee_per_m2=Decimal("5.00"))
    user = get_user_model().objects.create_user(username, password="pw-for-tests-only")
    person = Person.objects.create(name=username, user=user)
    household = Household.objects.create(unit=unit, started_on=date(2024, 1, 1))
    lease = {"lease_start": date(2024, 1, 1), "lease_end": date(2030, 1, 1)} if role == MemberRole.TENANT else {}
    HouseholdMember.objects.create(household=household, person=person, role=role, **lease)
    return user


@pytest.fixture
def no_wizards():
    with mock.patch("forms.registry.get_wizard", return_value=None):
        yield


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start: html.index("</section>", start)]


def test_service_without_a_wizard_says_it_opens_online_soon(client, renovation_service, no_wizards):
    html = client.get("/services/renovation/apply/").content.decode()

    assert "装修前请先申请。" in html
    assert 'id="opens-soon-heading"' in html
    assert "0755-8888 6666" in html


def test_service_with_a_wizard_links_to_it_and_mounts_it(client, renovation_service):
    calls = []

    class Wizard:
        @classmethod
        def as_view(cls, **initkwargs):
            def view(request):
                calls.append(initkwargs["page"])
                return HttpResponse("wizard step 1")
            return view

    with mock.patch("forms.registry.get_wizard", return_value=Wizard) as get_wizard:
        overview = client.get("/services/renovation/").content.decode()
        response = client.get("/services/renovation/apply/")

    get_wizard.assert_called_with("renovation")
    assert 'href="/services/renovation/apply/"' in overview
    assert response.content == b"wizard step 1"
    assert calls == [renovation_service]


def test_anonymous_visitor_is_asked_to_log_in_for_their_units_figures(client, renovation_service, no_wizards):
    html = section(client.get("/services/renovation/").content.decode(), "your-unit-heading")

    assert "/accounts/login/?next=%2Fservices%2Frenovation%2F" in html


def test_owner_sees_the_documents_and_fees_of_their_office(client, renovation_service, no_wizards):
    client.force_login(make_resident("office-owner", "office"))

    html = section(client.get("/services/renovation/").content.decode(), "your-unit-heading")

    assert "Façade rendering" in html or "外立面效果图" in html
    assert "¥10,000.00" in html  # the office deposit of the fee standard in force
    assert "¥12,100.00" in html  # deposit, debris removal, AC, fire water-drain and fire linkage


def test_tenant_of_a_business_apartment_needs_the_lease_and_the_owners_power_of_attorney(
    client, renovation_service, no_wizards
):
    client.force_login(make_resident("tenant", "business_apartment", role=MemberRole.TENANT))

    html = section(client.get("/services/renovation/").content.decode(), "your-unit-heading")

    assert "¥3,000.00" in html
    assert "Copy of the lease contract" in html or "租赁合同复印件" in html
    assert "Façade rendering" not in html and "外立面效果图" not in html


def test_move_in_shows_three_months_prepaid_and_the_float(client, service_index, no_wizards):
    from .conftest import publish

    publish(service_index, ServicePage(title="入伙办理预约", slug="move-in", procedure="move-in", intro="<p>入伙</p>"))
    client.force_login(make_resident("new-owner", "office", area="100.00"))

    html = section(client.get("/services/move-in/").content.decode(), "your-unit-heading")

    assert "¥1,500.00" in html  # 3 × 100 m² × ¥5.00
    assert "¥2,500.00" in html  # with the ¥1,000 electricity float


def test_service_page_links_its_guide(client, renovation_service, no_wizards):
    assert 'href="/guides/renovation/"' in client.get("/services/renovation/").content.decode()


def test_one_service_page_per_procedure(renovation_service, service_index):
    duplicate = ServicePage(title="装修申请（二）", slug="renovation-2", procedure="renovation", intro="<p>x</p>")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert "procedure" in error.value.message_dict


@pytest.mark.parametrize(
    ("allow_denied", "says"),
    [
        (False, "it can be sent once they are met"),
        (True, "you can still send it for the service centre to review"),
    ],
)
def test_service_page_says_whether_a_refused_application_may_still_be_sent(
    client, renovation_service, allow_denied, says
):
    wizard = type("Wizard", (), {"allow_denied": allow_denied})
    client.cookies["django_language"] = "en"

    with mock.patch("forms.registry.get_wizard", return_value=wizard):
        html = client.get("/services/renovation/").content.decode()

    assert says in html
