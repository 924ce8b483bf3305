"""An owner on a phone applies for a renovation online: uploads the drawings and the
contractor's papers, signs the pledges, sees the fees and gets a reference number."""

import io
import re
from datetime import timedelta

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from portal.casework.models import Submission
from portal.estate.models import Person

OWNER = "owner1"
DEMO_PASSWORD = "demo12345"
NEXT = re.compile("下一步|Next")
SUBMIT = re.compile("提交|Submit")


def small_pdf(folder, name):
    path = folder / name
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def small_png(folder, name):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 200)).save(buffer, "PNG")
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_an_owner_applies_for_a_renovation_with_uploads_and_gets_a_reference(page, site, tmp_path):
    owner = Person.objects.get(user__username=OWNER)

    page.goto(f"{site}/services/renovation/")
    page.get_by_role("banner").get_by_role("link", name=re.compile("登录|Log in")).click()
    page.get_by_label("用户名").fill(OWNER)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{site}/services/renovation/")
    page.locator('a[href$="/services/renovation/apply/"]').first.click()

    # Who applies: the unit, role and phone come from the register.
    expect(page).to_have_url(re.compile(r"/services/renovation/apply/$"))
    expect(page.locator('select[name="applicant-unit"]')).not_to_have_value("")
    expect(page.locator('input[name="applicant-role"][value="owner"]')).to_be_checked()
    page.get_by_role("button", name=NEXT).click()

    # The works, done by a contractor.
    page.locator('input[name="scope-works_by"][value="contractor"]').check()
    page.locator('input[name="scope-contractor"]').fill("深圳市美居装饰工程有限公司")
    page.locator('input[name="scope-responsible_person"]').fill("陈师傅")
    page.locator('input[name="scope-responsible_phone"]').fill("13500135000")
    page.locator('input[name="scope-starts_on"]').fill(day(7))
    page.locator('input[name="scope-ends_on"]').fill(day(60))
    page.locator('input[name="scope-worker_passes"]').fill("2")
    page.locator('textarea[name="scope-description"]').fill("厨房、卫生间重新铺砖")
    page.get_by_role("button", name=NEXT).click()

    # One upload for each document this home needs; the contractor's papers are valid.
    uploads = page.locator('input[type="file"]')
    expect(uploads.first).to_be_visible()
    assert uploads.count() == 9  # four drawings, five contractor documents
    for index in range(uploads.count()):
        field = uploads.nth(index)
        name = field.get_attribute("name").removeprefix("documents-")
        file = small_png(tmp_path, f"{name}.png") if name.endswith("_plan") else small_pdf(tmp_path, f"{name}.pdf")
        field.set_input_files(file)
    expiries = page.locator('input[type="date"]')
    assert expiries.count() == 5
    for index in range(expiries.count()):
        expiries.nth(index).fill(day(400))
    page.get_by_role("button", name=NEXT).click()

    # Each pledge: ticked and signed with the owner's full name.
    expect(page.locator('input[name="pledges-pledge_application_form"]')).to_be_visible()
    checkboxes = page.locator('input[type="checkbox"]')
    for index in range(checkboxes.count()):
        checkboxes.nth(index).check()
    signatures = page.locator('input[type="text"][name$="_name"]')
    assert signatures.count() == 5
    for index in range(signatures.count()):
        signatures.nth(index).fill(owner.name)
    page.get_by_role("button", name=NEXT).click()

    # The rules during the works, each acknowledged.
    expect(page.locator('input[name="prohibitions-no_security_bars"]')).to_be_visible()
    rules = page.locator('input[type="checkbox"]')
    for index in range(rules.count()):
        rules.nth(index).check()
    page.get_by_role("button", name=NEXT).click()

    # The fees of the fee standard in force, the total and the approval date, before submitting.
    preview = page.locator(".wizard-decision")
    expect(preview).to_contain_text("¥2,000.00")  # the deposit of a home
    expect(preview).to_contain_text("¥40.00")  # two worker passes
    expect(preview).to_contain_text("¥2,340.00")
    expect(preview).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    page.locator('input[name="confirm-confirm"]').check()
    page.get_by_role("button", name=SUBMIT).click()

    reference = page.locator(".wizard-reference strong")
    expect(reference).to_have_text(re.compile(r"^ZX-\d{4}-\d{6}$"))
    submission = Submission.objects.get(reference=reference.inner_text())
    assert submission.applicant == owner
    assert submission.procedure == "renovation"
    assert submission.files.count() == 9
    assert submission.files.get(code="floor_plan").content_type == "image/png"
