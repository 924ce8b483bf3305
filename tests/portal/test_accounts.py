"""Owners log in and out, change their password, and reset a forgotten one by email."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "resident-pass-1"


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("owner1", password=PASSWORD, email="owner1@example.com")


def test_logout_is_a_post_that_ends_the_session(client, owner):
    client.force_login(owner)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert (response.status_code, response.url) == (302, settings.LOGOUT_REDIRECT_URL)
    assert client.get("/my/").status_code == 302


def test_a_logged_in_owner_has_a_link_to_their_account_and_a_logout_button(client, owner):
    client.force_login(owner)

    html = client.get(reverse("password_change")).content.decode()

    assert 'href="/my/"' in html
    assert f'action="{reverse("logout")}"' in html


def test_the_login_page_sends_a_logged_in_owner_on(client, owner):
    client.force_login(owner)

    assert client.get(reverse("login")).status_code == 302


def test_an_owner_changes_their_password(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-new-pass-2026", "new_password2": "a-new-pass-2026"},
    )

    assert (response.status_code, response.url) == (302, reverse("password_change_done"))
    assert client.get(response.url).status_code == 200
    owner.refresh_from_db()
    assert owner.check_password("a-new-pass-2026")


def test_a_wrong_current_password_changes_nothing(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-new-pass-2026", "new_password2": "a-new-pass-2026"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(client, owner):
    response = client.post(reverse("password_reset"), {"email": "owner1@example.com"})

    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["owner1@example.com"]
    assert settings.ESTATE_NAME in email.subject
    assert "owner1" in email.body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", email.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": "a-new-pass-2026", "new_password2": "a-new-pass-2026"})
    assert (done.status_code, done.url) == (302, reverse("password_reset_complete"))
    assert client.login(username="owner1", password="a-new-pass-2026")
    assert client.get(link, follow=True).context["validlink"] is False


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, owner):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["password_reset", "password_reset_done", "password_reset_complete", "login"])
def test_account_pages_use_the_portal_layout(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "base.html" in [template.name for template in response.templates]
