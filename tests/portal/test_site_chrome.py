"""What every public page carries: the language switch and the hotline in the footer."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_chinese_page_offers_english_by_its_own_name(client, demo):
    html = client.get("/").content.decode()

    assert ">English<" in html
    assert "英语" not in html


def test_the_english_page_offers_chinese_by_its_own_name(client, demo):
    client.cookies["django_language"] = "en"

    html = client.get("/").content.decode()

    assert ">简体中文<" in html


def test_the_footer_gives_the_hotline_with_a_chinese_colon(client, demo, settings):
    html = client.get("/").content.decode()

    assert f"客服热线：" in html
