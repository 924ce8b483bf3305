"""``python manage.py load_demo`` rebuilds a flushed database (as browser tests leave it).

Apart from tests/portal/test_load_demo.py, whose demo stays loaded in an open transaction
for the whole module: on PostgreSQL a flush inside it would meet its deferred constraint checks.
"""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from wagtail.models import Site

from portal.demo.users import DEMO_PASSWORD
from portal.estate.models import Unit

from .test_load_demo import HOME_TITLE, load_demo


@pytest.mark.django_db(transaction=True)
def test_load_demo_rebuilds_a_flushed_database(client):
    call_command("flush", interactive=False, verbosity=0)
    assert not Site.objects.exists()

    load_demo()

    response = client.get("/")
    assert response.status_code == 200
    assert HOME_TITLE in response.content.decode()
    assert Unit.objects.count() >= 200
    assert authenticate(username="cashier", password=DEMO_PASSWORD).groups.get().name == "收银员"
