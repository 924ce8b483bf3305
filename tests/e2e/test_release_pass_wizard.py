"""An owner on a phone applies for a goods release pass: from the 物品放行 service page,
through the login, the three steps and the check of the answers, to the reference
number; and, moving out with a bill unpaid, is told what is owed before submitting."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.models import ServiceIndexPage, ServicePage
from portal.casework.models import Submission
from portal.demo.cast import OWNER1_UNIT
from portal.estate.models import Unit
from tests.factories import LedgerEntryFactory

OWNER = "owner1"
DEMO_PASSWORD = "demo12345"
REFERENCE = re.compile(r"ZX-\d{4}-\d{6}")


@pytest.fixture
def service_page(site):
    """The demo's 物品放行 service page (made here if the demo has none)."""
    page = ServicePage.objects.filter(procedure="release-pass").first()
    if page is None:
        services = ServiceIndexPage.objects.first()
        page = services.add_child(instance=ServicePage(
            title="物品放行", slug="release-pass", procedure="release-pass", intro="<p>大件物品出门须办理放行条。</p>"
        ))
    return f"{site}{page.url}"


@pytest.fixture
def owner1_unit(demo_estate):
    building, number = OWNER1_UNIT
    return Unit.objects.get(building__name=building, number=number)


def log_in_from_the_service_page(page, service_page):
    page.goto(service_page)
    page.locator('a[href$="/release-pass/apply/"]').click()
    page.get_by_label("用户名").fill(OWNER)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/release-pass/apply/$"))


def fill_the_steps(page, unit, *, purpose):
    next_button = page.locator("button.primary")
    page.locator('select[name="carrier-unit"]').select_option(str(unit.pk))
    expect(page.locator('input[name="carrier-carrier"][value="owner"]')).to_be_checked()  # from the register
    expect(page.locator('input[name="carrier-carrier_id_number"]')).not_to_be_empty()
    next_button.click()

    page.locator('input[name="items-items_0"]').fill("双人床")
    page.locator('input[name="items-items_1"]').fill("1")
    page.locator('input[name="items-items_2"]').fill("纸箱")
    page.locator('input[name="items-items_3"]').fill("8")
    next_button.click()

    page.locator(f'input[name="purpose-purpose"][value="{purpose}"]').check()
    page.locator('input[name="purpose-pass_date"]').fill(timezone.localdate().isoformat())
    next_button.click()


def test_an_owner_applies_for_a_release_pass_and_gets_a_reference(page, service_page, owner1_unit):
    log_in_from_the_service_page(page, service_page)
    fill_the_steps(page, owner1_unit, purpose="temporary")

    answers = page.locator(".wizard-answers")
    expect(answers).to_contain_text("双人床 × 1")
    expect(answers).to_contain_text("纸箱 × 8")
    expect(page.locator(".wizard-decision.denied")).to_have_count(0)
    page.locator('input[name="confirm-confirm"]').check()
    page.locator("button.primary").click()

    reference = page.locator(".wizard-reference strong")
    expect(reference).to_have_text(REFERENCE)
    submission = Submission.objects.get(reference=reference.inner_text())
    assert submission.procedure == "release-pass"
    assert submission.unit == owner1_unit
    assert submission.answers["items"] == [{"item": "双人床", "quantity": 1}, {"item": "纸箱", "quantity": 8}]


def test_moving_out_with_a_bill_unpaid_shows_what_is_owed_and_cannot_be_sent(page, service_page, owner1_unit):
    LedgerEntryFactory(
        unit=owner1_unit, category="water", amount=Decimal("86.40"), description="水费",
        entry_date=timezone.localdate() - timedelta(days=20), due_on=timezone.localdate() - timedelta(days=5),
    )
    log_in_from_the_service_page(page, service_page)
    fill_the_steps(page, owner1_unit, purpose="move_out")

    denial = page.locator(".wizard-decision.denied")
    expect(denial).to_contain_text("尚欠86.40元")
    expect(denial).to_contain_text("GR-4")
    expect(page.locator('input[name="confirm-confirm"]')).to_have_count(0)
    expect(page.locator("button.primary")).to_have_count(0)
    assert not Submission.objects.filter(unit=owner1_unit, procedure="release-pass").exists()
