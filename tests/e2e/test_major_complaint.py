"""A fifth owner complains online about this morning's water cut that four other
households already reported: the complaint is major (CP-2). The supervisor, on a phone,
logs into the admin, sees the report on the dashboard (CP-5), decides the complaint,
forwards it, agrees the result, records the reply (CP-7) and closes it; the follow-up
visit appears on the complaint (CP-8)."""

import re

import pytest
from playwright.sync_api import expect

from cms.models import ServicePage
from portal.complaints import demo_cases
from portal.complaints.demo_cases import OUTAGE
from portal.complaints.models import CaseState, ComplaintCase, Grade
from portal.demo.cast import OWNER1_UNIT
from portal.estate.models import Unit

DEMO_PASSWORD = "demo12345"
REFERENCE = re.compile(r"ZX-\d{4}-\d{6}")


@pytest.fixture
def service_page(site):
    return f"{site}{ServicePage.objects.get(procedure='complaint').url}"


@pytest.fixture
def owner1_unit(demo_estate):
    """owner1's home, beside the demo complaints: four households already reported the outage."""
    demo_cases.load(None)
    building, number = OWNER1_UNIT
    return Unit.objects.get(building__name=building, number=number)


def log_in(page, username):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def file_the_complaint_online(page, service_page, unit) -> str:
    page.goto(service_page)
    page.locator('a[href$="/complaint/apply/"]').click()
    log_in(page, "owner1")
    expect(page).to_have_url(re.compile(r"/complaint/apply/$"))
    next_button = page.locator("button.primary")

    page.locator('select[name="details-unit"]').select_option(str(unit.pk))
    page.locator('input[name="details-subject"]').fill("家里也停水了")
    page.locator('textarea[name="details-description"]').fill("早上起来发现没水，物业也没有提前通知。")
    next_button.click()

    # The same event, as four other households reported it.
    page.get_by_label(re.compile(OUTAGE)).check()
    next_button.click()
    next_button.click()  # no photos

    page.locator('input[name="confirm-confirm"]').check()
    next_button.click()
    reference = page.locator(".wizard-reference strong")
    expect(reference).to_have_text(REFERENCE)
    return reference.inner_text()


def take_step(page, action, fill=lambda form: None):
    form = page.locator(f'form[data-complaint-step="{action}"]')
    fill(form)
    form.locator('button[type="submit"]').click()
    expect(page.locator(".messages .success, .messages [class*=success]").first).to_be_visible()


def test_the_fifth_owner_about_a_water_cut_makes_it_major_and_the_supervisor_closes_it(
    page, site, service_page, owner1_unit
):
    reference = file_the_complaint_online(page, service_page, owner1_unit)
    case = ComplaintCase.objects.get(reference=reference)
    assert (case.grade, case.same_event_complainants) == (Grade.MAJOR, 5)

    page.context.clear_cookies()
    page.goto(f"{site}/admin/")
    page.locator('input[name="username"]').fill("supervisor")
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.locator('form button[type="submit"]').click()

    # The report of five major complaints about the water cut, and the complaints panel.
    alerts = page.locator("[data-my-alerts]")
    expect(alerts).to_contain_text(OUTAGE)
    expect(alerts).to_contain_text("重大投诉")
    row = page.locator(f'[data-complaint="{reference}"]')
    expect(row).to_have_attribute("data-grade", "major")
    row.get_by_role("link", name=reference).click()

    expect(page.locator("[data-grade]")).to_have_text("重大投诉")
    expect(page.locator("[data-same-event]")).to_contain_text("5")
    take_step(page, "assess", lambda form: (
        form.locator('input[value="sudden_outage"]').check(),
        form.locator('textarea[name="opinion"]').fill("属重大投诉，工程部立即抢修供水并向住户说明。"),
    ))
    take_step(page, "assign", lambda form: form.locator('select[name="department"]').select_option("engineering"))
    take_step(page, "record_result", lambda form: form.locator('textarea[name="result"]').fill(
        "工程部已抢修二次供水泵，11:30恢复供水。"
    ))
    take_step(page, "reply", lambda form: form.locator('textarea[name="text"]').fill(
        "您好，停水系供水泵故障所致，已于11:30恢复供水，给您带来不便深表歉意。"
    ))
    expect(page.locator("[data-replied-at]")).not_to_be_empty()
    take_step(page, "close")

    expect(page.locator("[data-followup-due]")).not_to_be_empty()
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.followup is not None and case.followup.due_by == case.followup_by
