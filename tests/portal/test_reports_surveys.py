"""Survey rates (SV-2) on a small survey round whose answers are known."""

from datetime import date, datetime

import pytest
from django.utils import translation

from portal.policies.adapter import SHANGHAI
from portal.reports import registry
from portal.reports.periods import Period
from tests.factories import BuildingFactory, HouseholdFactory, UnitFactory

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month_of(date(2026, 11, 1))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day, hour=9, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def rows(result, title):
    return [[str(value) for value in row] for row in result.table(title).rows]


def figure(result, label):
    return result.figure(label).value


def build(slug, period):
    return registry.get(slug).build(period)


@pytest.fixture
def survey():
    from portal.surveys.models import SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyRound

    building = BuildingFactory()
    survey = SurveyRound.objects.create(
        estate=building.estate, title="2026年下半年满意度调查", window_start=date(2026, 7, 1), starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 15), households=10, distributed=7,
    )
    desk = SurveyQuestion.objects.create(round=survey, department="customer_service", text="前台服务", position=1)
    works = SurveyQuestion.objects.create(round=survey, department="engineering", text="维修及时", position=2)
    for n, (desk_score, works_score) in enumerate([(5, 3), (4, 3), (2, 1), (5, 5)]):
        household = HouseholdFactory(unit=UnitFactory(building=building))
        response = SurveyResponse.objects.create(round=survey, household=household, unit=household.unit,
                                                 channel="paper", submitted_at=at(3 + n))
        SurveyAnswer.objects.create(response=response, question=desk, score=desk_score)
        SurveyAnswer.objects.create(response=response, question=works, score=works_score)


def test_survey_rates_sv2(survey):
    result = build("surveys", NOVEMBER)

    assert rows(result, "Survey rounds") == [
        ["2026年下半年满意度调查", "2026-11-01", "2026-11-15", "10", "7", "4", "70.0%", "57.1%", "Yes"]
    ]
    assert rows(result, "Average score per department") == [["Customer service", "4", "4.00", "1"],
                                                            ["Engineering and repairs", "4", "3.00", "1"]]


def test_a_period_without_a_survey_says_when_surveys_are_taken(survey):
    result = build("surveys", Period.month_of(date(2026, 9, 1)))

    assert result.table("Survey rounds").rows == []
    assert result.notes
