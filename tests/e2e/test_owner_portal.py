"""A new owner on a phone reads the renovation guide, logs in and opens their account."""

from playwright.sync_api import expect

from rules import DEFAULT_PARAMS

OWNER = "owner1"
DEMO_PASSWORD = "demo12345"


def test_an_owner_reads_the_renovation_guide_logs_in_and_sees_their_home(page, site):
    page.goto(site)

    # The guide is one tap from the home page, and quotes the approval time live from the policy library.
    page.get_by_role("link", name="装修申报须知").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("装修申报须知")
    expect(page.get_by_role("main")).to_contain_text("《施工许可证》")
    approval_days = DEFAULT_PARAMS["renovation_approval_working_days"]
    expect(page.get_by_role("main")).to_contain_text(f"{approval_days} 个工作日")

    # Log in from the header, and come back to the guide.
    page.get_by_role("banner").get_by_role("link", name="登录").click()
    page.get_by_label("用户名").fill(OWNER)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("装修申报须知")

    # My account: the owner's home, its status and what is owed.
    page.get_by_role("banner").get_by_role("link", name="我的账户").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
    homes = page.get_by_role("region", name="我的房屋")
    expect(homes).to_contain_text("1801")
    expect(homes).to_contain_text("住家户")
    expect(page.get_by_role("region", name="我的申请")).to_contain_text("您还没有提交过申请")
