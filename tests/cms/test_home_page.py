"""The home page is served in Chinese at ``/``."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_chinese(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "物业客服中心" in html
    assert "登录" in html
