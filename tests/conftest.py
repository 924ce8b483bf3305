"""Fixtures shared by every test package."""

import pytest
from django.core.management import call_command, get_commands


@pytest.fixture
def demo(db):
    """The demo estate, portal pages and logins that ``make run`` shows (``manage.py load_demo``)."""
    if "load_demo" in get_commands():
        call_command("load_demo", verbosity=0)
    else:
        _load_minimum_demo()


def _load_minimum_demo():
    from django.contrib.auth import get_user_model

    from cms.demo import ensure_home_page

    ensure_home_page()
    get_user_model().objects.create_user("owner1", password="demo12345", first_name="建国", last_name="王")
