"""装修申请: an owner applies for a renovation online — the documents asked for are the ones
this unit and these works need, contractor documents must be valid, every pledge is
signed with the owner's name, and the fees and approval date are shown before submitting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as t

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from forms.uploads import UploadField
from portal.casework.models import Submission
from portal.documents.records import end_of_day
from portal.policies import adapter
from tests.factories import HouseholdMemberFactory, UnitFactory, UserFactory

from .conftest import Wizard, make_resident, messages_of, pdf, png, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]

CONTRACTOR_DOCUMENTS = {
    "contractor_id", "contractor_authorisation", "business_licence", "construction_qualification", "tax_registration",
}
DRAWINGS = {"floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan"}
STANDARD_PLEDGES = {
    "application_form", "management_agreement", "non_load_bearing_wall_pledge", "fire_safety_responsibility",
    "fire_facilities_pledge",
}
RULES = ("no_exterior_change", "no_security_bars", "fire_safety", "public_area_protection", "moving_hours",
         "construction_order")


def day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def renovation(owner_client):
    return Wizard(owner_client, "renovation")


def resident_of(building, username, *, name, role="owner", **unit):
    """A person with a login who is the ``role`` of a new unit of ``building``."""
    traits = {"tenant": True} if role == "tenant" else {"family": True} if role == "family" else {}
    member = HouseholdMemberFactory(
        household__unit=UnitFactory(building=building, **unit),
        person__name=name,
        person__mobile="13700137000",
        person__user=UserFactory(username=username),
        **traits,
    )
    return member.person


def unit_of(person):
    return person.memberships.get().household.unit


def scope(**changes):
    answers = {
        "works_by": "contractor",
        "contractor": "深圳市美居装饰工程有限公司",
        "responsible_person": "陈师傅",
        "responsible_phone": "13500135000",
        "starts_on": day(7),
        "ends_on": day(67),
        "worker_passes": "3",
        "description": "厨房、卫生间重新铺砖，拆除一面非承重墙",
    }
    answers.update(changes)
    return {name: value for name, value in answers.items() if value is not None}


def documents_for(response, valid_until=None) -> dict:
    """A file for every upload the documents step asks for, and a valid date for every expiry."""
    answers = {}
    for name, field in response.context["form"].fields.items():
        if isinstance(field, UploadField):
            answers[name] = png(f"{name}.png") if name.endswith("_plan") else pdf(f"{name}.pdf")
        elif name.endswith("_valid_until"):
            answers[name] = valid_until or day(365)
    return answers


def pledges_for(response, name) -> dict:
    answers = {}
    for field in response.context["form"].fields:
        answers[field] = name if field.endswith("_name") else "on"
    return answers


def acknowledged() -> dict:
    return {rule: "on" for rule in RULES}


def upload_fields(response) -> set[str]:
    return {name for name, field in response.context["form"].fields.items() if isinstance(field, UploadField)}


def through_documents(wizard, unit, *, applicant=None, **scope_changes):
    wizard.start()
    step = wizard.post("applicant", **{"unit": unit.pk, "role": "owner", "phone": "13800138000", **(applicant or {})})
    assert step_of(step) == "scope", step.context["form"].errors
    documents = wizard.post("scope", **scope(**scope_changes))
    assert step_of(documents) == "documents", documents.context["form"].errors
    return documents


def to_confirm(wizard, unit, name, **kwargs):
    documents = through_documents(wizard, unit, **kwargs)
    pledges = wizard.post("documents", **documents_for(documents))
    assert step_of(pledges) == "pledges", pledges.context["form"].errors
    rules = wizard.post("pledges", **pledges_for(pledges, name))
    assert step_of(rules) == "prohibitions", rules.context["form"].errors
    confirm = wizard.post("prohibitions", **acknowledged())
    assert step_of(confirm) == "confirm", confirm.context["form"].errors
    return confirm


def test_an_owner_applies_with_a_contractor_and_sees_fees_and_approval_date_first(renovation, owner):
    unit = unit_of(owner)
    first = renovation.start()
    assert first.context["form"]["role"].value() == "owner"  # from the register
    assert first.context["form"]["unit"].value() == unit.pk

    documents = through_documents(renovation, unit)
    # A home renovated by a contractor: the four drawings and the contractor's five documents (RN-2, RN-3).
    assert upload_fields(documents) == DRAWINGS | CONTRACTOR_DOCUMENTS
    assert {f"{code}_valid_until" for code in CONTRACTOR_DOCUMENTS} <= set(documents.context["form"].fields)

    pledges = renovation.post("documents", **documents_for(documents))
    assert set(pledges.context["form"].fields) == (
        {f"pledge_{code}" for code in STANDARD_PLEDGES} | {f"pledge_{code}_name" for code in STANDARD_PLEDGES}
    )
    renovation.post("pledges", **pledges_for(pledges, owner.name))
    confirm = renovation.post("prohibitions", **acknowledged())

    assert step_of(confirm) == "confirm"
    preview = dict((str(label), str(value)) for label, value in confirm.context["preview_rows"])
    # The fee standard in force (RN-9): deposit, debris removal, three worker passes.
    assert preview[t("Renovation deposit")] == "¥2,000.00"
    assert preview[t("Debris removal fee")] == "¥300.00"
    assert preview[t("Worker passes")] == "¥60.00"
    assert preview[t("Total fees")] == "¥2,360.00"
    due = adapter.decide("renovation.approval_due", {"complete_at": timezone.now()}).values["due"]
    assert due.isoformat() in preview[t("Approval expected by")]
    assert t("Approvals needed first") not in preview
    assert confirm.context["can_submit"] is True

    done = renovation.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"/apply/renovation/?receipt={submission.reference}"
    assert submission.procedure == "renovation"
    assert submission.unit == unit
    assert submission.answers["role"] == "owner"
    assert submission.answers["contractor"] == "深圳市美居装饰工程有限公司"
    assert submission.answers["worker_passes"] == 3
    assert submission.answers["business_licence_valid_until"] == day(365)
    assert submission.answers["signed_pledges"] == {code: owner.name for code in STANDARD_PLEDGES}
    assert all(submission.answers[rule] is True for rule in RULES)
    assert {file.code for file in submission.files.all()} == DRAWINGS | CONTRACTOR_DOCUMENTS
    assert submission.files.get(code="floor_plan").content_type == "image/png"
    # One snapshot of the three decisions, read back by staff.
    values = submission.decision["values"]
    assert values["required_documents"][:4] == ["floor_plan", "ceiling_plan", "water_electric_plan", "wall_plan"]
    assert values["total"] == "2360.00"
    assert {reason["policy_id"] for reason in submission.decision["reasons"]} >= {"RN-2", "RN-3", "RN-6", "RN-9",
                                                                                   "RN-10"}
    # RN-10: approved within three working days of the complete application.
    assert submission.due_at == end_of_day(due)
    assert submission.reference in renovation.client.get(done.url).content.decode()


def test_self_renovation_needs_no_contractor_documents_and_adds_its_pledge(renovation, owner):
    documents = through_documents(renovation, unit_of(owner), works_by="self", contractor=None)

    assert upload_fields(documents) == DRAWINGS
    pledges = renovation.post("documents", **documents_for(documents))
    assert "pledge_self_renovation_pledge" in pledges.context["form"].fields  # 《自装承诺书》 (RN-6)
    assert t("Self-renovation pledge") in pledges.content.decode()


def test_a_contractor_must_be_named_unless_the_owner_does_the_works(renovation, owner):
    renovation.start()
    renovation.post("applicant", unit=unit_of(owner).pk, role="owner", phone="13800138000")

    response = renovation.post("scope", **scope(contractor=""))

    assert step_of(response) == "scope"
    assert "contractor" in response.context["form"].errors


def test_an_office_let_to_a_company_for_a_shop_needs_every_document_and_pays_the_office_fees(
    client, building,
):
    tenant = resident_of(building, "gongsi", name="赵敏", role="tenant", office=True, number="2201", floor=22)
    client.force_login(tenant.user)
    wizard = Wizard(client, "renovation")
    first = wizard.start()
    assert first.context["form"]["role"].value() == "tenant"

    applicant = {"role": "tenant", "tenant_is_company": "on", "company_name": "深圳市某某贸易有限公司"}
    documents = through_documents(wizard, unit_of(tenant), applicant=applicant, commercial_or_key_site="on")

    # RN-2 office drawings, RN-4 design qualification, RN-5 lease, power of attorney and the company's papers.
    assert upload_fields(documents) == DRAWINGS | CONTRACTOR_DOCUMENTS | {
        "facade_rendering", "ac_modification_drawing", "fire_design_review_receipt", "design_qualification",
        "owner_power_of_attorney", "lease_contract", "tenant_business_licence", "legal_representative_certificate",
        "legal_representative_authorisation",
    }
    pledges = wizard.post("documents", **documents_for(documents))
    wizard.post("pledges", **pledges_for(pledges, "赵敏"))
    confirm = wizard.post("prohibitions", **acknowledged())

    labels = [str(label) for label, _value in confirm.context["preview_rows"]]
    assert {t("Air-conditioning modification fee"), t("Fire water-drain fee"), t("Fire linkage fee")} <= set(labels)
    wizard.post("confirm", confirm="on")
    submission = Submission.objects.get()
    assert submission.answers["tenant_is_company"] is True
    assert len(submission.files.all()) == 18


def test_works_needing_government_approval_ask_for_it_and_point_to_the_guide(renovation, owner):
    home = ensure_home_page()
    from wagtail.models import Page

    home.add_child(instance=Page(title="政府报批办事指南", slug="government-approvals"))

    documents = through_documents(renovation, unit_of(owner), structural_change="on", gas_change="on")

    assert {"structural_change_approval", "gas_change_approval"} <= upload_fields(documents)
    assert "fire_filing_approval" not in upload_fields(documents)
    assert 'href="/government-approvals/"' in documents.content.decode()
    without_approval = documents_for(documents)
    del without_approval["gas_change_approval"]
    refused = renovation.post("documents", **without_approval)
    assert step_of(refused) == "documents"
    assert "gas_change_approval" in refused.context["form"].errors

    pledges = renovation.post("documents", **documents_for(documents))
    renovation.post("pledges", **pledges_for(pledges, owner.name))
    confirm = renovation.post("prohibitions", **acknowledged())
    preview = {str(label): str(value) for label, value in confirm.context["preview_rows"]}
    assert "《政府报批办事指南》" in preview[t("Approvals needed first")]
    assert "/government-approvals/" in preview[t("Approvals needed first")]


def test_a_business_apartment_pays_the_fire_drain_fee_only_when_the_fire_system_changes(client, building):
    owner = resident_of(building, "gongyu", name="钱多多", business_apartment=True, number="0808", floor=8)
    client.force_login(owner.user)
    wizard = Wizard(client, "renovation")

    confirm = to_confirm(wizard, unit_of(owner), "钱多多", fire_system_modified="on")
    labels = [str(label) for label, _value in confirm.context["preview_rows"]]
    assert t("Fire water-drain fee") in labels
    assert t("Fire linkage fee") not in labels

    wizard.back("confirm", "prohibitions")
    wizard.back("prohibitions", "pledges")
    wizard.back("pledges", "documents")
    documents = wizard.back("documents", "scope")
    documents = wizard.post("scope", **scope())
    dates_only = {name: value for name, value in documents_for(documents).items() if name.endswith("_valid_until")}
    pledges = wizard.post("documents", **dates_only)  # the uploads are kept
    assert step_of(pledges) == "pledges", pledges.context["form"].errors
    wizard.post("pledges", **pledges_for(pledges, "钱多多"))
    confirm = wizard.post("prohibitions", **acknowledged())
    assert step_of(confirm) == "confirm"
    assert t("Fire water-drain fee") not in [str(label) for label, _value in confirm.context["preview_rows"]]
    wizard.post("confirm", confirm="on")
    assert len(Submission.objects.get().files.all()) == len(DRAWINGS | CONTRACTOR_DOCUMENTS)


def test_an_expired_contractor_document_is_refused_with_its_name_and_date(renovation, owner):
    documents = through_documents(renovation, unit_of(owner))
    answers = documents_for(documents)
    answers["business_licence_valid_until"] = day(-1)

    response = renovation.post("documents", **answers)

    assert step_of(response) == "documents"
    error = " ".join(response.context["form"].errors["business_licence_valid_until"])
    assert t("Contractor's business licence (stamped copy)") in error
    assert day(-1) in error
    assert not Submission.objects.exists()


def test_a_mistake_on_the_documents_step_does_not_cost_the_files_already_chosen(renovation, owner):
    documents = through_documents(renovation, unit_of(owner))
    answers = documents_for(documents)
    answers["tax_registration_valid_until"] = day(-30)
    answers["ceiling_plan"] = SimpleUploadedFile("ceiling.png", b"not a picture", content_type="image/png")

    refused = renovation.post("documents", **answers)

    assert set(refused.context["form"].errors) == {"tax_registration_valid_until", "ceiling_plan"}
    assert "floor_plan.png" in refused.content.decode()  # shown as uploaded
    dates = {name: day(365) for name in answers if name.endswith("_valid_until")}
    missing = renovation.post("documents", **dates)
    assert set(missing.context["form"].errors) == {"ceiling_plan"}  # the damaged file was not kept
    pledges = renovation.post("documents", ceiling_plan=png("ceiling.png"), **dates)
    assert step_of(pledges) == "pledges"
    renovation.post("pledges", **pledges_for(pledges, owner.name))
    renovation.post("prohibitions", **acknowledged())
    renovation.post("confirm", confirm="on")

    files = {file.code: file.original_name for file in Submission.objects.get().files.all()}
    assert files["floor_plan"] == "floor_plan.png"
    assert files["ceiling_plan"] == "ceiling.png"
    assert len(files) == len(DRAWINGS | CONTRACTOR_DOCUMENTS)


def test_a_document_valid_until_today_is_accepted(renovation, owner):
    documents = through_documents(renovation, unit_of(owner))
    response = renovation.post("documents", **documents_for(documents, valid_until=day(0)))
    assert step_of(response) == "pledges"


def test_a_program_renamed_pdf_is_refused_on_the_documents_step(renovation, owner):
    documents = through_documents(renovation, unit_of(owner))
    answers = documents_for(documents)
    answers["floor_plan"] = SimpleUploadedFile("floor.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")

    response = renovation.post("documents", **answers)

    assert step_of(response) == "documents"
    assert "floor.pdf" in " ".join(response.context["form"].errors["floor_plan"])


def test_each_pledge_is_signed_with_the_owners_own_name(renovation, owner):
    documents = through_documents(renovation, unit_of(owner))
    pledges = renovation.post("documents", **documents_for(documents))
    answers = pledges_for(pledges, owner.name)
    answers["pledge_fire_facilities_pledge_name"] = "张三"
    del answers["pledge_application_form"]

    response = renovation.post("pledges", **answers)

    assert step_of(response) == "pledges"
    errors = response.context["form"].errors
    assert set(errors) == {"pledge_fire_facilities_pledge_name", "pledge_application_form"}
    assert owner.name in errors["pledge_fire_facilities_pledge_name"][0]  # the name expected
    # Spaces typed in or around the name do not matter.
    assert step_of(renovation.post("pledges", **pledges_for(pledges, f" {' '.join(owner.name)} "))) == "prohibitions"


def test_every_prohibition_must_be_acknowledged(renovation, owner):
    documents = through_documents(renovation, unit_of(owner))
    pledges = renovation.post("documents", **documents_for(documents))
    renovation.post("pledges", **pledges_for(pledges, owner.name))
    answers = acknowledged()
    del answers["no_security_bars"]

    response = renovation.post("prohibitions", **answers)

    assert step_of(response) == "prohibitions"
    assert set(response.context["form"].errors) == {"no_security_bars"}


@pytest.mark.parametrize(("role", "chosen"), [("tenant", "owner"), ("family", "owner"), ("owner", "tenant")])
def test_the_register_decides_whom_one_may_apply_as(client, building, role, chosen):
    person = resident_of(building, "someone", name="周七", role=role, number="0909", floor=9)
    client.force_login(person.user)
    wizard = Wizard(client, "renovation")
    wizard.start()

    response = wizard.post("applicant", unit=unit_of(person).pk, role=chosen, phone="13800138000")

    assert step_of(response) == "applicant"
    assert "role" in response.context["form"].errors


def test_a_family_member_applies_as_the_owners_agent_and_brings_the_power_of_attorney(client, building):
    relative = resident_of(building, "jiashu", name="王小明", role="family", number="1001", floor=10)
    client.force_login(relative.user)
    wizard = Wizard(client, "renovation")
    assert wizard.start().context["form"]["role"].value() == "owner_agent"

    documents = through_documents(wizard, unit_of(relative), applicant={"role": "owner_agent"})
    assert "owner_power_of_attorney" in upload_fields(documents)


def test_another_owners_unit_is_refused(renovation, building):
    stranger = make_resident(building, "0801", "孙九", "sun9", mobile="13600136000")
    renovation.start()

    response = renovation.post("applicant", unit=unit_of(stranger).pk, role="owner", phone="13800138000")

    assert step_of(response) == "applicant"
    assert "unit" in response.context["form"].errors
    assert not Submission.objects.exists()


def test_works_cannot_start_in_the_past_or_end_before_they_start(renovation, owner):
    renovation.start()
    renovation.post("applicant", unit=unit_of(owner).pk, role="owner", phone="13800138000")

    response = renovation.post("scope", **scope(starts_on=day(-1), ends_on=day(-2)))

    assert set(response.context["form"].errors) == {"starts_on", "ends_on"}


def test_a_step_that_does_not_exist_is_answered_with_a_message(renovation, owner):
    renovation.start()
    response = renovation.post("payment", amount="0")

    assert response.status_code == 400
    assert step_of(response) == "applicant"
    assert messages_of(response)


def test_the_documents_step_cannot_be_skipped_to(renovation, owner):
    renovation.start()
    renovation.post("applicant", unit=unit_of(owner).pk, role="owner", phone="13800138000")

    response = renovation.post("pledges", pledge_application_form="on")

    assert step_of(response) == "scope"
    assert not Submission.objects.exists()


def test_an_owner_applies_from_the_renovation_service_page(client, owner):
    home = ensure_home_page()
    services = home.add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    services.add_child(instance=ServicePage(title="装修申请", slug="renovation", procedure="renovation",
                                            intro="<p>装修前请先申请。</p>"))
    url = "/services/renovation/apply/"
    client.force_login(owner.user)
    wizard = Wizard(client, "renovation")
    wizard.url = url

    confirm = to_confirm(wizard, unit_of(owner), owner.name)
    assert "<h1>装修申请</h1>" in confirm.content.decode()
    done = wizard.post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"{url}?receipt={submission.reference}"
    assert submission.decision["values"]["items"][0] == {"code": "deposit", "amount": "2000.00"}
    assert Decimal(submission.decision["values"]["total"]) == Decimal("2360.00")
