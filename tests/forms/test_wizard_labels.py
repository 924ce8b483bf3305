"""Wizard field labels read as written: no ASCII colon appended by Django (":" after a
Chinese label looks broken), on every step of every wizard."""

import pytest

from forms.applicant import Applicant
from forms.registry import _WIZARDS

from .conftest import step_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]


def test_a_step_prints_its_labels_without_a_colon(repair):
    page = repair.start()

    assert step_of(page) == "place"
    html = page.content.decode()
    assert "<label" in html
    assert ":</label>" not in html


@pytest.mark.parametrize("procedure", sorted(_WIZARDS))
def test_every_step_of_every_wizard_has_no_label_suffix(procedure, owner):
    wizard = _WIZARDS[procedure]
    applicant = Applicant(owner)
    for form_class in wizard.get_initkwargs()["form_list"].values():
        assert form_class(applicant=applicant).label_suffix == ""
