"""A denied application is explained on the confirmation step, with what the owner can
do; whether it may still go to staff for review is the wizard's choice."""

import pytest
from rules import Decision, Reason

from forms import wizard as wizard_module
from forms.wizards.repair import RepairWizard
from portal.casework.models import Submission

from .conftest import in_days, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]

DENIED = Decision(
    procedure="repair.classify",
    outcome="deny",
    values={"priority": "general"},
    reasons=(Reason("PK-1", "每户限租一个车位，您的家庭已租用车位（PK-1）"),),
    params_version="test",
)


@pytest.fixture
def denied(monkeypatch):
    monkeypatch.setattr(wizard_module.adapter, "decide", lambda procedure, facts, **kwargs: DENIED)


@pytest.fixture
def at_confirm(repair, owner, denied):
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos")
    return repair.post("appointment", appointment_at=in_days(1))


def test_the_reasons_and_what_to_do_are_shown(at_confirm):
    html = at_confirm.content.decode()
    assert step_of(at_confirm) == "confirm"
    assert "每户限租一个车位" in html
    assert "0755-8888 6666" in html  # whom to call
    assert at_confirm.context["can_submit"] is False
    assert 'name="confirm-confirm"' not in html  # nothing to confirm


def test_a_denied_application_cannot_be_submitted(repair, at_confirm):
    response = repair.post("confirm", confirm="on")
    assert step_of(response) == "confirm"
    assert response.context["form"].non_field_errors()
    assert not Submission.objects.exists()


def test_a_wizard_may_send_a_denied_application_for_review_when_asked_to(repair, owner, denied, monkeypatch):
    monkeypatch.setattr(RepairWizard, "allow_denied", True)
    repair.start()
    repair.post("place", unit=owner.memberships.get().household.unit_id, phone="13800138000")
    repair.post("fault", category="other", description="门铃不响")
    repair.post("photos")
    confirm = repair.post("appointment", appointment_at=in_days(1))
    assert confirm.context["can_submit"] is True

    without_request = repair.post("confirm", confirm="on")
    assert without_request.context["form"].errors["review_anyway"]

    repair.post("confirm", confirm="on", review_anyway="on")
    submission = Submission.objects.get()
    assert submission.decision["outcome"] == "deny"
    assert submission.answers["review_anyway"] is True
