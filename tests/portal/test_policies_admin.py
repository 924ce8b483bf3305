"""The project manager schedules policy parameters in the Wagtail admin; nobody else can."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.organisation.groups import ASSISTANT, CONTENT_EDITOR, PROJECT_MANAGER
from portal.policies import services
from portal.policies.adapter import params_in_force, today
from portal.policies.forms import ParameterSetForm, first_of_next_month
from portal.policies.models import ParameterSet

pytestmark = pytest.mark.django_db

DEPOSIT = "renovation_deposit_residential"
OFFICE_REFUND_DAYS = "renovation_office_refund_days"


def staff(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="staff-pass-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def manager(django_user_model):
    return staff(django_user_model, "manager", PROJECT_MANAGER)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def form_data(effective_from, note="", **changes):
    """What the add form posts when the manager changes only ``changes``."""
    form = ParameterSetForm()
    data = {"effective_from": effective_from.isoformat(), "note": note}
    for name in form.parameter_names:
        value = form[name].value()
        data[name] = "" if value is None else str(value)
    data.update({name: str(value) for name, value in changes.items()})
    return data


def schedule(effective_from, by=None, **changes):
    return services.apply(services.plan(effective_from, changes), by=by)


def test_the_manager_sees_every_parameter_with_its_value_in_force(manager_client):
    response = manager_client.get(reverse("policy_parameters:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "住宅装修押金" in html
    assert "¥2,000.00" in html
    assert "15 天" in html


def test_the_add_form_shows_defaults_and_current_values_and_starts_next_month(manager_client):
    schedule(today(), **{DEPOSIT: "2500.00"})

    response = manager_client.get(reverse("policy_parameters:add"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"]["effective_from"].value() == first_of_next_month(today())
    assert "¥2,000.00" in html  # the default
    assert "¥2,500.00" in html  # in force today


@pytest.mark.parametrize("group_name", [CONTENT_EDITOR, ASSISTANT])
def test_other_staff_are_turned_away_from_the_parameters(client, django_user_model, group_name):
    client.force_login(staff(django_user_model, "someone", group_name))
    next_month = first_of_next_month(today())

    pages = [client.get(reverse(f"policy_parameters:{name}")) for name in ("index", "add")]
    post = client.post(reverse("policy_parameters:add"), form_data(next_month, **{DEPOSIT: "1"}))

    for response in [*pages, post]:
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert not ParameterSet.objects.exists()


def test_the_parameters_are_not_in_other_staffs_admin_menu(client, django_user_model):
    client.force_login(staff(django_user_model, "editor", CONTENT_EDITOR))

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert reverse("policy_parameters:index") not in response.content.decode()


def test_a_manager_schedules_a_new_deposit_from_next_month_and_it_is_audited(manager_client, manager):
    next_month = first_of_next_month(today())

    response = manager_client.post(
        reverse("policy_parameters:add"),
        form_data(next_month, note="2026年收费标准", **{DEPOSIT: "2500.00"}),
    )

    assert response.status_code == 302
    parameter_set = ParameterSet.objects.get()
    assert parameter_set.effective_from == next_month
    assert parameter_set.values == {DEPOSIT: "2500.00"}
    assert parameter_set.created_by == manager
    assert params_in_force(next_month - timedelta(days=1))[DEPOSIT] == Decimal("2000.00")
    assert params_in_force(next_month)[DEPOSIT] == Decimal("2500.00")
    event = AuditEvent.objects.for_object(parameter_set).get()
    assert (event.actor, event.from_state, event.to_state) == (manager, "¥2,000.00", "¥2,500.00")
    assert event.note == "2026年收费标准"
    assert event.data["parameter"] == DEPOSIT
    assert (event.data["from"], event.data["to"]) == ("2000.00", "2500.00")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({DEPOSIT: "-100"}, DEPOSIT, "不能为负数"),
        ({OFFICE_REFUND_DAYS: "0"}, OFFICE_REFUND_DAYS, "超出范围"),
        ({OFFICE_REFUND_DAYS: "十五"}, OFFICE_REFUND_DAYS, None),
        ({"survey_summer_start": "02-30"}, "survey_summer_start", None),
    ],
)
def test_invalid_values_are_refused_and_nothing_is_saved(manager_client, changes, field, message):
    data = form_data(first_of_next_month(today()), **changes)

    response = manager_client.post(reverse("policy_parameters:add"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in errors[field][0]
        assert message in response.content.decode()
    assert not ParameterSet.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_date_in_the_past_is_refused_along_with_every_bad_value(manager_client):
    yesterday = today() - timedelta(days=1)
    data = form_data(yesterday, **{DEPOSIT: "-1", OFFICE_REFUND_DAYS: "0"})

    response = manager_client.post(reverse("policy_parameters:add"), data)

    assert response.status_code == 200
    assert {"effective_from", DEPOSIT, OFFICE_REFUND_DAYS} <= set(response.context["form"].errors)
    assert not ParameterSet.objects.exists()


def test_a_set_that_changes_nothing_is_refused(manager_client):
    response = manager_client.post(reverse("policy_parameters:add"), form_data(first_of_next_month(today())))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not ParameterSet.objects.exists()


def test_a_scheduled_set_can_be_revised_and_each_change_is_audited(manager_client, manager):
    next_month = first_of_next_month(today())
    parameter_set = schedule(next_month, **{DEPOSIT: "2500.00"})
    data = form_data(next_month + timedelta(days=1), **{DEPOSIT: "2600.00"})

    response = manager_client.post(reverse("policy_parameters:edit", args=[parameter_set.pk]), data)

    assert response.status_code == 302
    parameter_set.refresh_from_db()
    assert parameter_set.values == {DEPOSIT: "2600.00"}
    assert parameter_set.effective_from == next_month + timedelta(days=1)
    events = AuditEvent.objects.for_object(parameter_set).filter(actor=manager)
    assert {(event.action, event.from_state, event.to_state) for event in events} == {
        (services.EFFECTIVE_DATE_CHANGED, next_month.isoformat(), (next_month + timedelta(days=1)).isoformat()),
        (services.PARAMETER_CHANGED, "¥2,500.00", "¥2,600.00"),
    }


def test_a_set_in_force_is_history_and_cannot_be_edited_or_withdrawn(manager_client):
    parameter_set = schedule(today(), **{DEPOSIT: "2500.00"})
    inspect_url = reverse("policy_parameters:inspect", args=[parameter_set.pk])

    edit = manager_client.post(
        reverse("policy_parameters:edit", args=[parameter_set.pk]), form_data(today(), **{DEPOSIT: "1.00"})
    )
    delete = manager_client.post(reverse("policy_parameters:delete", args=[parameter_set.pk]))

    assert edit.status_code == delete.status_code == 302
    assert edit.url == delete.url == inspect_url
    parameter_set.refresh_from_db()
    assert parameter_set.values == {DEPOSIT: "2500.00"}
    inspect = manager_client.get(inspect_url)
    assert inspect.status_code == 200
    assert "¥2,500.00" in inspect.content.decode()


def test_a_scheduled_set_can_be_withdrawn_and_the_withdrawal_is_audited(manager_client, manager):
    parameter_set = schedule(first_of_next_month(today()), **{DEPOSIT: "2500.00"})

    response = manager_client.post(reverse("policy_parameters:delete", args=[parameter_set.pk]))

    assert response.status_code == 302
    assert not ParameterSet.objects.exists()
    event = AuditEvent.objects.get(action=services.WITHDRAWN)
    assert event.actor == manager
    assert event.data["values"] == {DEPOSIT: "2500.00"}
