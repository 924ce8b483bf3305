"""The gate: security scans a pass's QR code and sees whether it is genuine, for which unit
and which goods, and whether it was already used or has expired; a release pass is let
through once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.documents.formatting import chinese_datetime
from portal.documents.models import DocumentKind, IssuedDocument
from portal.documents.services import (
    AlreadyUsed,
    NotSingleUse,
    PassExpired,
    Status,
    issue_document,
    mark_used,
    verification_token,
)
from portal.documents.tokens import SALT
from portal.estate.models import Building, Estate, PropertyType, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    estate = Estate.objects.create(name="锦绣花园")
    building = Building.objects.create(estate=estate, name="2栋", floors=20)
    return Unit.objects.create(
        building=building,
        number="0803",
        floor=8,
        property_type=PropertyType.RESIDENTIAL,
        building_area=Decimal("89.50"),
        fee_per_m2=Decimal("3.50"),
    )


def issue_pass(unit, *, valid_for=timedelta(hours=8), kind=DocumentKind.RELEASE_PASS,
               number="FX-2026-000042"):
    return issue_document(
        kind,
        unit=unit,
        number=number,
        render=lambda url: b"%PDF-1.7 stub",
        summary={
            "carrier": "刘阿姨",
            "relation": "保姆",
            "purpose": "临时携带",
            "items": [{"name": "纸箱", "quantity": "3个"}, {"name": "旧电视机", "quantity": "1台"}],
        },
        valid_until=timezone.now() + valid_for,
    )


@pytest.fixture
def release_pass(unit):
    return issue_pass(unit)


@pytest.fixture
def guard():
    user = User.objects.create_user("baoan", password="x", first_name="陈保安")
    user.user_permissions.add(Permission.objects.get(codename="mark_used_issueddocument"))
    return user


def verify_url(document_or_token):
    token = document_or_token if isinstance(document_or_token, str) else verification_token(document_or_token)
    return reverse("documents:verify", args=[token])


def page(client, document_or_token):
    response = client.get(verify_url(document_or_token))
    return response, response.content.decode()


# What the gate sees.


def test_a_genuine_pass_shows_the_unit_the_carrier_and_the_goods(client, release_pass):
    response, html = page(client, release_pass)

    assert response.status_code == 200
    assert str(Status.VALID.label) in html
    unit, number, carrier, relation = "2栋 0803", "FX-2026-000042", "刘阿姨", "保姆"
    for expected in (unit, number, carrier, relation, "纸箱", "3个", "旧电视机", "1台"):
        assert expected in html
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]


def test_a_tampered_token_is_not_genuine(client, release_pass):
    token = verification_token(release_pass)
    payload, signature = token.rsplit(":", 1)
    tampered = payload + ":" + ("A" if signature[0] != "A" else "B") + signature[1:]

    response, html = page(client, tampered)

    assert response.status_code == 404
    assert str(Status.NOT_GENUINE.label) in html
    assert "2栋 0803" not in html


def test_a_token_pointing_at_another_document_is_not_genuine(client, unit, release_pass):
    other = issue_pass(unit, number="FX-2026-000043")
    forged_payload = signing.Signer(salt=SALT).sign_object(["release_pass", other.pk, 0], compress=True)
    payload_of_other = forged_payload.split(":")[0]
    signature_of_first = verification_token(release_pass).rsplit(":", 1)[1]

    response, _html = page(client, f"{payload_of_other}:{signature_of_first}")

    assert response.status_code == 404


@pytest.mark.parametrize("garbage", ["abc", "a:b", "::", "WyJ4Il0:" + "x" * 43, "%E4%B8%AD"])
def test_garbage_is_not_genuine_and_never_an_error(client, garbage):
    response, html = page(client, garbage)

    assert response.status_code == 404
    assert str(Status.NOT_GENUINE.label) in html


def test_a_signature_made_for_something_else_in_the_site_does_not_pass(client, release_pass):
    token = signing.Signer(salt="some.other.purpose").sign_object(
        ["release_pass", release_pass.pk, 0], compress=True
    )

    assert page(client, token)[0].status_code == 404


def test_a_pass_no_longer_on_record_is_not_genuine(client, release_pass):
    token = verification_token(release_pass)
    IssuedDocument.objects.filter(pk=release_pass.pk).delete()

    assert page(client, token)[0].status_code == 404


def test_an_expired_pass_says_so(client, unit):
    expired = issue_pass(unit, valid_for=-timedelta(minutes=1))

    response, html = page(client, expired)

    assert response.status_code == 200
    assert str(Status.EXPIRED.label) in html
    assert chinese_datetime(expired.valid_until) in html


def test_a_used_pass_says_when_and_by_whom(client, release_pass, guard):
    mark_used(release_pass, guard)

    response, html = page(client, release_pass)

    assert str(Status.USED.label) in html
    assert chinese_datetime(release_pass.used_at) in html
    assert "陈保安" in html


# Letting the goods out, once.


def test_security_marks_a_pass_used_once(client, release_pass, guard):
    client.force_login(guard)

    first = client.post(verify_url(release_pass), follow=True)
    second = client.post(verify_url(release_pass), follow=True)

    release_pass.refresh_from_db()
    assert release_pass.used_by == guard
    assert str(Status.USED.label) in first.content.decode()
    refusal = str(Status.USED.label)
    assert refusal in second.content.decode()
    assert f"{chinese_datetime(release_pass.used_at)}" in second.content.decode()
    assert "陈保安" in second.content.decode()
    assert AuditEvent.objects.for_object(release_pass).filter(action="pass_used").count() == 1


def test_a_guard_sees_the_button_to_let_the_goods_out(client, release_pass, guard):
    client.force_login(guard)

    assert 'class="mark-used' in page(client, release_pass)[1]


def test_a_visitor_who_scans_the_code_can_read_it_but_not_use_it(client, release_pass):
    _response, html = page(client, release_pass)
    response = client.post(verify_url(release_pass))

    assert 'class="mark-used' not in html
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    release_pass.refresh_from_db()
    assert release_pass.used_at is None


def test_a_logged_in_owner_cannot_mark_a_pass_used(client, release_pass):
    client.force_login(User.objects.create_user("zhangwei", password="x"))

    assert client.post(verify_url(release_pass)).status_code == 403
    release_pass.refresh_from_db()
    assert release_pass.used_at is None


def test_an_expired_pass_cannot_be_used(unit, guard):
    expired = issue_pass(unit, valid_for=-timedelta(minutes=1))

    with pytest.raises(PassExpired):
        mark_used(expired, guard)


def test_a_construction_permit_is_checked_but_never_used_up(client, unit, guard):
    permit = issue_pass(unit, kind=DocumentKind.CONSTRUCTION_PERMIT, number="SG-2026-000017")
    client.force_login(guard)

    _response, html = page(client, permit)

    assert str(Status.VALID.label) in html
    assert 'class="mark-used' not in html
    with pytest.raises(NotSingleUse):
        mark_used(permit, guard)


def test_two_guards_scanning_at_once_cannot_both_let_the_goods_out(release_pass, guard):
    colleague = User.objects.create_user("baoan2", password="x")
    stale_copy = IssuedDocument.objects.get(pk=release_pass.pk)

    mark_used(release_pass, guard)
    with pytest.raises(AlreadyUsed) as refusal:
        mark_used(stale_copy, colleague)

    assert refusal.value.document.used_by == guard
