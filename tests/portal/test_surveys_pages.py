"""书面意见调查 on the pages people use: the owner's questionnaire on /my/surveys/ (their own
household only, while the round is open, once), the supervisor opening a round in the admin
(refused outside a survey window, SV-1), paper entry by an assistant, the tally and the
draft results notice (SV-3, SV-4)."""

from datetime import date

import pytest
from django.urls import reverse

from cms.models import HomePage, NoticeIndexPage
from portal.organisation.groups import ASSISTANT, ENGINEERING, SUPERVISOR
from portal.policies import adapter
from portal.surveys import services
from portal.surveys.models import Channel, SurveyResponse, SurveyRound
from tests.factories import (
    BuildingFactory,
    EstateFactory,
    HouseholdFactory,
    HouseholdMemberFactory,
    PersonFactory,
    StaffUserFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

IN_WINDOW = date(2027, 1, 20)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def on_day(monkeypatch):
    def travel(day):
        monkeypatch.setattr(adapter, "today", lambda: day)

    travel(IN_WINDOW)
    return travel


@pytest.fixture
def building():
    return BuildingFactory(estate=EstateFactory(name="锦绣花园"), name="1栋")


@pytest.fixture
def homes(building):
    return [HouseholdFactory(unit=UnitFactory(building=building, number=f"{n}01", floor=n)) for n in (1, 2, 3)]


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzh")


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl")


@pytest.fixture
def survey(homes, supervisor):
    return services.open_round(by=supervisor, estate=homes[0].unit.building.estate, title="2027年年初书面意见调查",
                               starts_on=date(2027, 1, 15), ends_on=date(2027, 1, 30))


@pytest.fixture
def owner(homes):
    person = PersonFactory(name="张伟", user=UserFactory(username="zhangwei"))
    HouseholdMemberFactory(household=homes[0], person=person)
    return person


def answers_for(survey, score=4) -> dict:
    data = {}
    for question in survey.questions.all():
        data[f"score_{question.pk}"] = str(score)
        data[f"comment_{question.pk}"] = ""
    data["comments"] = "希望增加儿童游乐设施"
    return data


# --- The owner's questionnaire ------------------------------------------------------------------


def test_an_owner_fills_in_their_households_questionnaire_once(client, survey, owner, homes, on_day):
    client.force_login(owner.user)
    index = client.get(reverse("surveys:index")).content.decode()
    url = reverse("surveys:questionnaire", args=(survey.pk, homes[0].pk))
    assert url in index

    form = client.get(url)
    assert form.status_code == 200
    assert "data-questionnaire" in form.content.decode()
    assert 'name="viewport"' in form.content.decode()  # the phone layout of the site

    sent = client.post(url, answers_for(survey), follow=True)
    assert "your questionnaire has been received" in sent.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.household, response.channel, response.respondent_name) == (homes[0], Channel.ONLINE, "张伟")
    assert response.answers.count() == survey.questions.count()

    again = client.post(url, answers_for(survey, score=1))
    assert "data-questionnaire-returned" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert not response.answers.filter(score=1).exists()


def test_an_owner_cannot_open_another_households_questionnaire(client, survey, owner, homes, on_day):
    client.force_login(owner.user)
    url = reverse("surveys:questionnaire", args=(survey.pk, homes[1].pk))
    assert client.get(url).status_code == 404
    assert client.post(url, answers_for(survey)).status_code == 404
    assert not SurveyResponse.objects.exists()
    assert reverse("surveys:questionnaire", args=(survey.pk, homes[1].pk)) not in client.get(
        reverse("surveys:index")).content.decode()


def test_a_questionnaire_left_incomplete_is_shown_again(client, survey, owner, homes, on_day):
    client.force_login(owner.user)
    data = answers_for(survey)
    data.pop(f"score_{survey.questions.first().pk}")
    page = client.post(reverse("surveys:questionnaire", args=(survey.pk, homes[0].pk)), data)
    assert page.status_code == 200
    assert "This field is required." in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_sv1_outside_the_survey_the_questionnaire_is_closed(client, survey, owner, homes, on_day):
    on_day(date(2027, 2, 3))
    client.force_login(owner.user)
    assert "No survey is open for your home" in client.get(reverse("surveys:index")).content.decode()
    page = client.post(reverse("surveys:questionnaire", args=(survey.pk, homes[0].pk)), answers_for(survey))
    assert "data-questionnaire-closed" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_survey_pages_ask_for_a_login(client, survey, homes):
    response = client.get(reverse("surveys:index"))
    assert response.status_code == 302
    assert reverse("login") in response.url


# --- The admin ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "starts_on, ends_on, opened",
    [("2027-01-15", "2027-01-30", True), ("2027-02-01", "2027-02-10", False)],  # SV-1
)
def test_sv1_the_supervisor_opens_a_round_only_inside_a_window(client, homes, supervisor, starts_on, ends_on, opened):
    client.force_login(supervisor)
    response = client.post(reverse("surveys_surveyround:open"), {
        "estate": homes[0].unit.building.estate.pk, "title": "书面意见调查", "starts_on": starts_on, "ends_on": ends_on,
    })
    assert SurveyRound.objects.exists() is opened
    if not opened:
        assert "SV-1" in response.content.decode()


def test_an_assistant_cannot_open_a_round_but_enters_paper_questionnaires(client, survey, homes, assistant):
    client.force_login(assistant)
    assert client.get(reverse("surveys_surveyround:open")).status_code == 403
    data = {**answers_for(survey, score=2), "building": homes[1].unit.building.pk, "unit_number": "201",
            "respondent_name": "李女士"}
    client.post(reverse("surveys_surveyround:paper", args=(survey.pk,)), data)
    response = SurveyResponse.objects.get()
    assert (response.household, response.channel, response.entered_by) == (homes[1], Channel.PAPER, assistant)

    duplicate = client.post(reverse("surveys_surveyround:paper", args=(survey.pk,)), data)
    assert "already returned" in duplicate.content.decode()
    page = client.get(reverse("surveys_surveyround:inspect", args=(survey.pk,))).content.decode()
    assert "data-survey-tally" in page and "data-survey-replies" in page


def test_engineering_does_not_enter_questionnaires(client, survey):
    client.force_login(StaffUserFactory(groups=[ENGINEERING]))
    assert client.get(reverse("surveys_surveyround:paper", args=(survey.pk,))).status_code == 403


def test_sv4_the_supervisor_closes_the_round_and_drafts_the_results_notice(client, survey, homes, supervisor,
                                                                          assistant):
    index = NoticeIndexPage(title="小区通知", slug="notices")
    HomePage.objects.get().add_child(instance=index)
    services.submit_response(survey, homes[0], scores={q.pk: (5, "") for q in survey.questions.all()},
                             channel=Channel.PAPER, by=assistant)
    client.force_login(supervisor)
    client.post(reverse("surveys_surveyround:close", args=(survey.pk,)), {"report_note": "专题会议已召开"})
    client.post(reverse("surveys_surveyround:publish", args=(survey.pk,)))
    survey.refresh_from_db()
    assert survey.is_closed
    notice = survey.results_page.specific
    assert (notice.live, notice.get_parent().pk) == (False, index.pk)
    page = client.get(reverse("surveys_surveyround:inspect", args=(survey.pk,))).content.decode()
    assert "data-results-page" in page


def test_my_page_invites_the_owner_while_a_round_is_open(client, survey, owner, monkeypatch):
    from portal.accounts import views as account_views

    client.force_login(owner.user)
    monkeypatch.setattr(account_views, "today", lambda: IN_WINDOW)
    during = client.get(reverse("my_dashboard")).content.decode()
    monkeypatch.setattr(account_views, "today", lambda: date(2027, 3, 1))
    after = client.get(reverse("my_dashboard")).content.decode()

    assert reverse("surveys:index") in during
    assert reverse("surveys:index") not in after
