"""A new visitor on a phone finds the service centre's hotline and logs in as an owner."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

OWNER = "owner1"
DEMO_PASSWORD = "demo12345"


def test_a_visitor_finds_the_hotline_and_logs_in_as_an_owner(page, site):
    page.goto(site)

    expect(page).to_have_title(re.compile("物业客服中心"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("物业客服中心")
    expect(page.get_by_role("link", name=settings.ESTATE_HOTLINE).first).to_be_visible()

    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名").fill(OWNER)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    owner = get_user_model().objects.get(username=OWNER)
    header = page.get_by_role("banner")
    # Chinese order: family name, then given name, without a space.
    expect(header).to_contain_text(f"{owner.last_name}{owner.first_name}")
    expect(header.get_by_role("link", name="登录")).to_have_count(0)
    expect(page).to_have_url(f"{site}/")
