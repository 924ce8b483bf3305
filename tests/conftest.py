"""Fixtures shared by every test package."""

import pytest
from django.core.management import call_command
from django.utils.module_loading import import_string


@pytest.fixture
def demo(db):
    """The demo estate, portal pages and logins that ``make run`` shows (``manage.py load_demo``),
    every room's demo cases included."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def demo_estate(db):
    """The demo register, logins and portal pages without the rooms' demo cases: what a
    test that brings its own cases starts from (``load_demo`` without its case loaders)."""
    from portal.demo import estate, users
    from portal.demo.management.commands.load_demo import CONTENT_LOADER

    estate.load(None)
    users.load(None)
    import_string(CONTENT_LOADER)(None)
