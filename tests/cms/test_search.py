"""Owners search guides and notices in Chinese at /search/?q=."""

import pytest

from cms.cjk import index_terms, query_terms

pytestmark = pytest.mark.django_db


def test_search_finds_a_guide_by_a_word_inside_its_title(client, portal):
    html = client.get("/search/", {"q": "装修"}).content.decode()

    assert 'href="/guides/renovation/"' in html
    assert "车位办理指南" not in html


def test_search_finds_words_of_the_body_and_of_notices(client, portal):
    assert 'href="/guides/parking/"' in client.get("/search/", {"q": "行驶证"}).content.decode()
    assert 'href="/notices/water-outage/"' in client.get("/search/", {"q": "停水"}).content.decode()


def test_search_needs_every_word(client, portal):
    html = client.get("/search/", {"q": "装修 车位"}).content.decode()

    assert 'href="/guides/' not in html


def test_search_leaves_out_unpublished_pages(client, portal, renovation_guide):
    renovation_guide.unpublish()

    assert 'href="/guides/renovation/"' not in client.get("/search/", {"q": "装修"}).content.decode()


def test_search_without_words_shows_the_form(client, portal):
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_chinese_text_is_indexed_by_characters_and_pairs():
    assert index_terms("装修须知 deposit") == "装 修 须 知 装修 修须 须知 deposit"
    assert query_terms("装修申报") == "装修 修申 申报"
    assert query_terms("车") == "车"
