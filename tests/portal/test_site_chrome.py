"""What every public page carries: the language switch and the hotline in the footer."""

import pytest

pytestmark = pytest.mark.django_db

A_PUBLIC_PAGE = "/accounts/login/"


def test_the_chinese_page_offers_english_by_its_own_name(client):
    html = client.get(A_PUBLIC_PAGE).content.decode()

    assert ">English<" in html
    assert "英语" not in html


def test_the_english_page_offers_chinese_by_its_own_name(client):
    client.cookies["django_language"] = "en"

    html = client.get(A_PUBLIC_PAGE).content.decode()

    assert ">简体中文<" in html


def test_the_footer_gives_the_hotline_with_a_chinese_colon(client, settings):
    html = client.get(A_PUBLIC_PAGE).content.decode()

    assert f"客服热线：{settings.ESTATE_HOTLINE}" not in html  # the number is a link of its own
    assert "客服热线：" in html
