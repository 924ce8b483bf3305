"""The repair wizard as owners meet it: on the 报修 service page, at /services/repair/apply/."""

import pytest

from cms.demo import ensure_home_page
from cms.models import ServiceIndexPage, ServicePage
from portal.casework.models import Draft, Submission

from .conftest import in_days, step_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def repair_page(db):
    home = ensure_home_page()
    services = home.add_child(instance=ServiceIndexPage(title="在线办事", slug="services"))
    return services.add_child(
        instance=ServicePage(title="报修", slug="repair", procedure="repair", intro="<p>室内设施故障报修。</p>")
    )


def test_an_owner_reports_a_repair_from_its_service_page(client, owner, repair_page):
    url = "/services/repair/apply/"
    assert client.get(url).url == f"/accounts/login/?next={url}"

    client.force_login(owner.user)
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["page"].specific == repair_page
    assert "<h1>报修</h1>" in first.content.decode()

    def post(step, **fields):
        data = {"repair-current_step": step, **{f"{step}-{name}": value for name, value in fields.items()}}
        return client.post(url, data)

    post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    assert Draft.objects.get().resume_url == f"{url}?draft={Draft.objects.get().pk}"
    post("fault", category="other", description="阳台灯不亮")
    post("photos")
    assert step_of(post("appointment", appointment_at=in_days(1))) == "confirm"
    done = post("confirm", confirm="on")

    submission = Submission.objects.get()
    assert done.url == f"{url}?receipt={submission.reference}"
    receipt = client.get(done.url)
    assert receipt.status_code == 200
    assert submission.reference in receipt.content.decode()
