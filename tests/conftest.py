"""Fixtures shared by every test package."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo estate, portal pages and logins that ``make run`` shows (``manage.py load_demo``)."""
    call_command("load_demo", verbosity=0)
