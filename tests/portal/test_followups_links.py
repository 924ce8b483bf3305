"""A follow-up names the case it follows (FU-1): on its page and in the listing the case
links to its own page, for staff who may open it; others read its reference as text."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from portal.complaints import services as complaints
from portal.complaints.models import Channel
from portal.followups import services
from portal.followups.links import case_link
from portal.followups.models import FollowUpKind
from portal.organisation.groups import ASSISTANT
from portal.servicerequests import services as servicerequests
from tests.factories import StaffUserFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="lizhuli")


@pytest.fixture
def complaint(assistant):
    return complaints.record_complaint(by=assistant, channel=Channel.PHONE, complainant_name="李先生",
                                       complainant_phone="13912345678", subject="大堂空调不制冷")


@pytest.fixture
def suggestion(assistant):
    return servicerequests.open_at_desk(by=assistant, kind="suggestion", content="快递柜太少", contact_name="王女士",
                                        phone="13900139000")


def follow_up(source, kind):
    return services.open_followup(source, kind=kind, closed_at=timezone.now() - timedelta(hours=2),
                                  contact_name="李先生", contact_phone="13912345678")


def reader_of_followups_only():
    """A member of staff who reads follow-ups but not complaints nor requests."""
    user = StaffUserFactory(username="huifang")
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=("wagtailadmin", "followups"), codename__in=("access_admin", "view_followup"),
    ))
    return user


def test_the_followups_page_links_to_the_complaint_it_follows(client, assistant, complaint):
    followup = follow_up(complaint, FollowUpKind.COMPLAINT)
    client.force_login(assistant)

    page = client.get(reverse("followups_followup:inspect", args=(followup.pk,))).content.decode()

    assert "回访事项" in page
    case_url = reverse("complaints_case:inspect", args=(complaint.pk,))
    assert f'<a href="{case_url}" data-case-link>{complaint.reference} 大堂空调不制冷</a>' in page


def test_the_listing_links_each_case_by_its_reference(client, assistant, complaint, suggestion):
    follow_up(complaint, FollowUpKind.COMPLAINT)
    follow_up(suggestion, FollowUpKind.SUGGESTION)
    client.force_login(assistant)

    page = client.get(reverse("followups_followup:index")).content.decode()

    complaint_url = reverse("complaints_case:inspect", args=(complaint.pk,))
    suggestion_url = reverse("servicerequests_request:inspect", args=(suggestion.pk,))
    assert f'<a href="{complaint_url}" data-case-link>{complaint.reference}</a>' in page
    assert f'<a href="{suggestion_url}" data-case-link>{suggestion.reference}</a>' in page


def test_staff_who_may_not_open_the_case_read_its_reference_as_text(client, complaint):
    followup = follow_up(complaint, FollowUpKind.COMPLAINT)
    client.force_login(reader_of_followups_only())

    page = client.get(reverse("followups_followup:inspect", args=(followup.pk,))).content.decode()
    listing = client.get(reverse("followups_followup:index")).content.decode()

    assert f"{complaint.reference} 大堂空调不制冷" in page and complaint.reference in listing
    assert reverse("complaints_case:inspect", args=(complaint.pk,)) not in page + listing
    assert client.get(reverse("complaints_case:inspect", args=(complaint.pk,))).status_code == 403


def test_a_case_without_an_admin_page_is_text(assistant):
    event = Group.objects.create(name="中秋游园会")  # a community event has no case page of its own

    link = case_link(assistant, event)

    assert (link.url, str(link)) == (None, "中秋游园会")


def test_the_export_names_the_case_each_call_follows(client, assistant, complaint, suggestion):
    follow_up(complaint, FollowUpKind.COMPLAINT)
    follow_up(suggestion, FollowUpKind.SUGGESTION)
    client.force_login(assistant)

    response = client.get(reverse("followups_followup:index"), {"export": "csv"})

    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "回访事项" in export.splitlines()[0]
    assert complaint.reference in export and suggestion.reference in export
