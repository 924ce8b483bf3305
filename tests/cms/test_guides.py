"""Guides quote the policy library: a change of parameters shows in every guide at once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from cms.blocks import FeeRowBlock, GuideStreamBlock, PolicyValueBlock
from cms.models import GuidePage
from cms.policy_values import today
from portal.policies.models import ParameterSet

from .conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_adapter(monkeypatch):
    """The policy adapter answering ``<name>@<date>`` and recording what it was asked."""
    from portal.policies import adapter

    asked = []

    def format_parameter(name, on_date=None):
        asked.append((name, on_date))
        if name == "retired_parameter":
            raise KeyError(name)
        return f"{name}@{on_date.isoformat()}"

    monkeypatch.setattr(adapter, "format_parameter", format_parameter)
    return asked


def render(block_value, **context):
    block = PolicyValueBlock()
    return block.render(block.to_python(block_value), context=context)


def test_policy_value_block_renders_todays_value_from_the_adapter(fake_adapter, monkeypatch):
    monkeypatch.setattr("cms.policy_values.today", lambda: date(2026, 3, 1))

    html = render({"lead_in": "审批时限：", "parameter": "renovation_approval_working_days", "after": "。"})

    assert html.strip() == '<p class="policy-value">审批时限：<strong>renovation_approval_working_days@2026-03-01</strong>。</p>'
    assert fake_adapter == [("renovation_approval_working_days", date(2026, 3, 1))]


def test_policy_value_block_renders_the_value_on_the_date_of_the_context(fake_adapter):
    html = render({"parameter": "renovation_office_refund_days"}, on_date=date(2027, 1, 15))

    assert "renovation_office_refund_days@2027-01-15" in html


def test_a_retired_parameter_renders_a_dash_instead_of_breaking_the_guide(fake_adapter):
    assert "<strong>—</strong>" in render({"parameter": "retired_parameter"})


def test_policy_value_block_offers_every_parameter_of_the_library():
    field = PolicyValueBlock().child_blocks["parameter"].field
    names = [name for name, _label in field.choices if name]

    assert "move_in_prepaid_months" in names
    assert "renovation_office_refund_days" in names
    assert dict(field.choices)["renovation_office_refund_days"] == "写字楼装修押金退还等待期"


def test_a_fee_row_needs_a_parameter_or_an_amount():
    block = FeeRowBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"item": "装修押金", "parameter": "", "amount": "", "note": ""}))
    assert block.clean(block.to_python({"item": "住宅", "parameter": "", "amount": "无需缴纳", "note": ""}))


def test_guide_shows_the_value_in_force_and_follows_a_change_of_parameters(client, renovation_guide):
    assert "<strong>15 天</strong>" in client.get("/guides/renovation/").content.decode()

    ParameterSet.objects.create(effective_from=today() - timedelta(days=1),
                                values={"renovation_office_refund_days": 20})

    html = client.get("/guides/renovation/").content.decode()
    assert "<strong>20 天</strong>" in html
    assert "写字楼自竣工验收之日起<strong>20 天</strong>后可申请退还押金。" in html


def test_fee_table_quotes_parameters_and_keeps_typed_amounts(client, guide_index):
    publish(guide_index, GuidePage(title="入伙须知", slug="move-in", body=[
        {"type": "fee_table", "value": {"heading": "水电流转金", "rows": [
            {"item": "写字楼电费流转金", "parameter": "move_in_office_electricity_float", "amount": "", "note": ""},
            {"item": "住宅", "parameter": "", "amount": "无需缴纳", "note": "不收流转金"},
        ]}},
    ]))

    html = client.get("/guides/move-in/").content.decode()

    assert "<h2>水电流转金</h2>" in html
    assert "¥1,000.00" in html
    assert "无需缴纳" in html and "不收流转金" in html


def test_guide_offers_its_documents_for_download(client, guide_index):
    document = Document(title="《装修申请表》")
    document.file.save("renovation-application.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    publish(guide_index, GuidePage(title="装修申报须知", slug="renovation", body=[
        {"type": "documents", "value": {"heading": "表格下载", "documents": [document.pk]}},
    ]))

    html = client.get("/guides/renovation/").content.decode()

    assert f'href="{document.url}"' in html
    assert "《装修申请表》" in html and "PDF" in html


def test_guide_index_lists_the_published_guides(client, renovation_guide, parking_guide):
    parking_guide.unpublish()

    html = client.get("/guides/").content.decode()

    assert "装修申报须知" in html
    assert "车位办理指南" not in html


def test_guide_body_blocks_are_all_available_to_editors():
    assert set(GuideStreamBlock.base_blocks) >= {
        "heading", "paragraph", "steps", "checklist", "fee_table", "documents", "contact", "policy_value",
    }
