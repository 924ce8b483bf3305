"""What a wizard module declares, and what the base refuses."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from forms.registry import get_wizard
from forms.steps import ConfirmStep, OwnerStep
from forms.wizard import OwnerWizard


def test_the_three_wizards_are_registered_under_their_procedures():
    for procedure in ("repair", "request", "complaint"):
        wizard = get_wizard(procedure)
        assert wizard.procedure == procedure
        assert wizard.page is None  # set by the ServicePage that mounts it


def test_every_wizard_ends_with_the_confirmation_step():
    form_list = get_wizard("request").get_initkwargs()["form_list"]
    assert list(form_list) == ["details", "confirm"]
    assert form_list["confirm"] is ConfirmStep


class First(OwnerStep):
    note = forms.CharField()


class Second(OwnerStep):
    note = forms.CharField()


def test_two_steps_may_not_share_a_field_name():
    class Clashing(OwnerWizard):
        procedure = "request"
        form_list = [("first", First), ("second", Second)]

    with pytest.raises(ImproperlyConfigured, match="note"):
        Clashing.as_view()


def test_a_wizard_names_its_procedure():
    class Nameless(OwnerWizard):
        form_list = [("first", First)]

    with pytest.raises(ImproperlyConfigured):
        Nameless.as_view()
