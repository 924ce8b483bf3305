"""The project manager finds owner1's renovation waiting on the admin dashboard and
approves it; the cashier records the fees, engineering confirms the site protection, and
the manager issues the construction permit and downloads it as a PDF (RN-9…RN-12)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string
from playwright.sync_api import expect

from portal.demo import estate, users
from portal.demo.cast import OWNER1_UNIT
from portal.demo.management.commands.load_demo import CONTENT_LOADER
from portal.renovations import demo_cases
from portal.renovations.models import CaseState, RenovationCase

DEMO_PASSWORD = "demo12345"


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the demo register, logins and pages, and the demo renovations
    (the other rooms' demo cases play no part here)."""
    estate.load()
    users.load()
    import_string(CONTENT_LOADER)(None)
    demo_cases.load()
    return live_server.url


@pytest.fixture
def owner1_case(site):
    building, number = OWNER1_UNIT
    return RenovationCase.objects.select_related("submission").get(
        submission__unit__building__name=building, submission__unit__number=number
    )


def log_in(page, site, username):
    page.context.clear_cookies()
    page.goto(f"{site}/admin/login/")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_case_from_the_list(page, site, reference):
    page.goto(site + reverse("renovations_case:index"))
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text(reference)


def take_step(page, step):
    page.locator(f'form[data-renovation-step="{step}"] button[type="submit"]').click()
    expect(page.locator(".messages")).to_be_visible()


def test_the_manager_approves_owner1s_renovation_and_issues_its_permit(page, site, owner1_case):
    reference = owner1_case.submission.reference
    assert owner1_case.state == CaseState.COMPLETE

    log_in(page, site, "manager")
    panel = page.locator("#renovations-awaiting-approval-section")
    expect(panel).to_contain_text("待审批的装修申请")
    panel.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_contain_text(reference)
    take_step(page, "approve")
    expect(page.locator(".messages")).to_contain_text("已批准")

    log_in(page, site, "cashier")
    open_case_from_the_list(page, site, reference)
    expect(page.locator('form[data-renovation-step="record_fees"] input[name="amount"]')).not_to_be_empty()
    page.locator('form[data-renovation-step="record_fees"] input[name="receipt_number"]').fill("SJ-20260001")
    take_step(page, "record_fees")
    expect(page.locator(".messages")).to_contain_text("已记入台账")

    log_in(page, site, "engineer")
    open_case_from_the_list(page, site, reference)
    page.locator('form[data-renovation-step="confirm_protection"] textarea[name="note"]').fill("电梯、走廊已铺设保护")
    take_step(page, "confirm_protection")

    log_in(page, site, "manager")
    open_case_from_the_list(page, site, reference)
    page.locator('form[data-renovation-step="issue_permit"] textarea[name="workers"]').fill(
        "周大勇，440305198803154419，13922000001"
    )
    take_step(page, "issue_permit")
    expect(page.locator(".messages")).to_contain_text("施工许可证")

    with page.expect_download() as download_info:
        page.locator("[data-permit-download]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    owner1_case.refresh_from_db()
    assert owner1_case.state == CaseState.IN_PROGRESS
