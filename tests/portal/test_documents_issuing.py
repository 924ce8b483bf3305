"""Issuing records: numbered, stored privately with their PDF, audited; downloaded only by
the unit's current household and by staff allowed to see issued records."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.documents import records
from portal.documents.models import DocumentKind, IssuedDocument
from portal.documents.services import issue_document, issue_record, verify_token
from portal.estate.models import (
    Building,
    Estate,
    Household,
    HouseholdMember,
    MemberRole,
    Person,
    PropertyType,
    Unit,
)

pytestmark = pytest.mark.django_db

STUB_PDF = b"%PDF-1.7 stub"


def make_unit(number="1201", building_name="1栋"):
    estate, _ = Estate.objects.get_or_create(name="锦绣花园")
    building, _ = Building.objects.get_or_create(estate=estate, name=building_name, defaults={"floors": 30})
    return Unit.objects.create(
        building=building,
        number=number,
        floor=int(number[:-2]),
        property_type=PropertyType.RESIDENTIAL,
        building_area=Decimal("89.50"),
        fee_per_m2=Decimal("3.50"),
    )


def make_member(unit, username, *, role=MemberRole.OWNER, left_on=None):
    user = User.objects.create_user(username, password="x")
    person = Person.objects.create(name=username, user=user)
    household = Household.objects.current().filter(unit=unit).first() or Household.objects.create(
        unit=unit, started_on=date(2025, 1, 1)
    )
    HouseholdMember.objects.create(household=household, person=person, role=role, ended_on=left_on)
    return user


def permit_for(unit):
    return records.ConstructionPermit(
        unit=str(unit),
        owner="张伟",
        contractor="深圳市美家装饰工程有限公司",
        responsible_person="王建国",
        responsible_phone="13800138000",
        start=date(2026, 11, 28),
        end=date(2027, 2, 27),
    )


def stub_document(unit, **overrides):
    return issue_document(
        overrides.pop("kind", DocumentKind.DEPOSIT_REFUND_MEMO),
        unit=unit,
        number=overrides.pop("number", "YJ-2026-000001"),
        render=lambda url: STUB_PDF,
        **overrides,
    )


@pytest.fixture
def unit():
    return make_unit()


# Issuing.


def test_an_issued_permit_is_numbered_stored_privately_and_audited(unit):
    clerk = User.objects.create_user("zhaomin", password="x")

    document = issue_record(permit_for(unit), unit=unit, by=clerk)

    year = date.today().year
    assert document.number == f"SG-{year}-000001"
    assert document.kind == DocumentKind.CONSTRUCTION_PERMIT
    stored = Path(document.pdf.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert stored.read_bytes().startswith(b"%PDF-")
    event = AuditEvent.objects.for_object(document).get()
    assert (event.action, event.actor, event.to_state) == ("document_issued", clerk, "issued")


def test_a_permit_is_valid_until_the_last_day_of_the_works_in_shanghai(unit):
    document = issue_record(permit_for(unit), unit=unit)

    last_moment = timezone.localtime(document.valid_until)
    assert (last_moment.date(), last_moment.hour, last_moment.minute) == (date(2027, 2, 27), 23, 59)
    assert document.summary["contractor"] == "深圳市美家装饰工程有限公司"


def test_numbers_follow_on_per_kind(unit, monkeypatch):
    monkeypatch.setattr(records, "render_pdf", lambda template, context: STUB_PDF)

    first = issue_record(permit_for(unit), unit=unit)
    second = issue_record(permit_for(unit), unit=unit)

    assert [first.number[-6:], second.number[-6:]] == ["000001", "000002"]


def test_a_failed_render_leaves_no_record_and_gives_the_number_back(unit, monkeypatch):
    def broken(template, context):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(records, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        issue_record(permit_for(unit), unit=unit)
    monkeypatch.setattr(records, "render_pdf", lambda template, context: STUB_PDF)

    assert not IssuedDocument.objects.exists()
    assert issue_record(permit_for(unit), unit=unit).number.endswith("-000001")


def test_the_qr_code_of_a_pass_opens_its_verification_page(unit, monkeypatch):
    printed = {}
    monkeypatch.setattr(records, "render_pdf", lambda template, context: printed.update(context) or STUB_PDF)

    document = issue_record(permit_for(unit), unit=unit)

    assert printed["verify_url"].startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/verify/")
    token = printed["verify_url"].rstrip("/").rsplit("/", 1)[1]
    assert verify_token(token).document == document


def test_a_memo_is_not_a_pass_and_prints_no_qr_code(unit, monkeypatch):
    printed = {}
    monkeypatch.setattr(records, "render_pdf", lambda template, context: printed.update(context) or STUB_PDF)
    memo = records.DepositRefundMemo(
        unit=str(unit), owner="张伟", contractor="美家装饰", deposit=Decimal("3000.00")
    )

    document = issue_record(memo, unit=unit)

    assert printed["verify_url"] == ""
    assert document.valid_until is None
    assert not document.is_single_use


def test_the_issued_record_remembers_the_case_it_was_issued_for(unit):
    case = make_unit("1302")  # any saved record stands in for the case

    document = stub_document(unit, target=case)

    assert document.target == case


# Downloading.


def download(client, document):
    return client.get(reverse("documents:download", args=[document.pk]))


def test_an_owner_of_the_unit_downloads_its_record(client, unit):
    owner = make_member(unit, "zhangwei")
    document = stub_document(unit)
    client.force_login(owner)

    response = download(client, document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == STUB_PDF
    assert "no-store" in response["Cache-Control"]


def test_a_tenant_of_the_unit_downloads_its_record(client, unit):
    make_member(unit, "zhangwei")
    tenant = User.objects.create_user("liming", password="x")
    person = Person.objects.create(name="李明", user=tenant)
    HouseholdMember.objects.create(
        household=Household.objects.current().get(unit=unit),
        person=person,
        role=MemberRole.TENANT,
        lease_start=date(2026, 1, 1),
        lease_end=date(2027, 1, 1),
    )
    client.force_login(tenant)

    assert download(client, stub_document(unit)).status_code == 200


def test_an_owner_of_another_unit_is_told_it_does_not_exist(client, unit):
    neighbour = make_member(make_unit("1202"), "neighbour")
    document = stub_document(unit)
    client.force_login(neighbour)

    assert download(client, document).status_code == 404


def test_a_member_who_has_left_the_household_no_longer_downloads(client, unit):
    make_member(unit, "zhangwei")
    former = make_member(unit, "formertenant", role=MemberRole.FAMILY, left_on=date(2026, 6, 1))
    client.force_login(former)

    assert download(client, stub_document(unit)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, unit):
    response = download(client, stub_document(unit))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_with_the_view_permission_download_any_record(client, unit):
    archivist = User.objects.create_user("archivist", password="x")
    archivist.user_permissions.add(Permission.objects.get(codename="view_issueddocument"))
    client.force_login(archivist)

    assert download(client, stub_document(unit)).status_code == 200


def test_staff_without_the_view_permission_do_not(client, unit):
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)

    assert download(client, stub_document(unit)).status_code == 404
