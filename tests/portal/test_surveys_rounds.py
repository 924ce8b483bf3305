"""The written satisfaction survey (书面意见调查, SV-1…SV-4): a round inside a survey window,
one questionnaire per household on paper or online, the rates against the SV-2 targets,
《满意度调查统计表》 per department, the results notice and the approved written replies."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from cms.models import HomePage, NoticeIndexPage, NoticePage
from portal.organisation.groups import ASSISTANT, PROJECT_MANAGER, SUPERVISOR
from portal.policies import adapter
from portal.surveys import services, stats
from portal.surveys.models import Channel, Department, SurveyAnswer, SurveyReply, SurveyResponse, SurveyRound
from portal.surveys.services import SurveyError
from tests.factories import (
    BuildingFactory,
    EstateFactory,
    HouseholdFactory,
    HouseholdMemberFactory,
    StaffUserFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

IN_WINTER_WINDOW = date(2027, 1, 20)


@pytest.fixture
def estate():
    return EstateFactory(name="锦绣花园")


@pytest.fixture
def households(estate):
    building = BuildingFactory(estate=estate, name="1栋")
    return [HouseholdFactory(unit=UnitFactory(building=building)) for _ in range(4)]


@pytest.fixture
def supervisor():
    return StaffUserFactory(groups=[SUPERVISOR], username="linzh")


@pytest.fixture
def assistant():
    return StaffUserFactory(groups=[ASSISTANT], username="chenxl")


@pytest.fixture
def manager():
    return StaffUserFactory(groups=[PROJECT_MANAGER], username="huangwm")


@pytest.fixture
def on_day(monkeypatch):
    """Today is ``day`` as far as the portal's services are concerned."""

    def travel(day):
        monkeypatch.setattr(adapter, "today", lambda: day)

    return travel


@pytest.fixture
def survey(households, supervisor):
    return services.open_round(
        by=supervisor, estate=households[0].unit.building.estate, title="2027年年初书面意见调查",
        starts_on=date(2027, 1, 15), ends_on=date(2027, 1, 30),
    )


def all_scores(survey, score=5, comment=""):
    return {question.pk: (score, comment) for question in survey.questions.all()}


def paper(survey, household, by, score=5, **kwargs):
    return services.submit_response(
        survey, household, scores=all_scores(survey, score), channel=Channel.PAPER, by=by, **kwargs
    )


# --- SV-1: only inside a survey window ----------------------------------------------------------


@pytest.mark.parametrize(
    "starts_on, ends_on, allowed",
    [
        (date(2027, 1, 15), date(2027, 1, 30), True),  # SV-1: 15–30 January
        (date(2027, 7, 1), date(2027, 7, 15), True),  # SV-1: 1–15 July
        (date(2027, 7, 3), date(2027, 7, 10), True),  # inside the window
        (date(2027, 1, 14), date(2027, 1, 30), False),  # starts before the window
        (date(2027, 7, 10), date(2027, 7, 16), False),  # runs past the window's end
        (date(2026, 11, 28), date(2026, 12, 5), False),  # outside any window
    ],
)
def test_sv1_a_round_is_opened_only_inside_a_survey_window(households, supervisor, starts_on, ends_on, allowed):
    estate = households[0].unit.building.estate
    if allowed:
        survey = services.open_round(by=supervisor, estate=estate, title="书面意见调查", starts_on=starts_on,
                                     ends_on=ends_on)
        assert (survey.households, survey.questions.count()) == (4, len(services.DEFAULT_QUESTIONS))
    else:
        with pytest.raises(SurveyError) as refused:
            services.open_round(by=supervisor, estate=estate, title="书面意见调查", starts_on=starts_on,
                                ends_on=ends_on)
        assert "SV-1" in str(refused.value)
        assert not SurveyRound.objects.exists()


def test_sv1_one_round_per_estate_and_window(survey, supervisor):
    with pytest.raises(SurveyError):
        services.open_round(by=supervisor, estate=survey.estate, title="重复", starts_on=date(2027, 1, 20),
                            ends_on=date(2027, 1, 25))


def test_the_default_questionnaire_is_in_the_sites_language(survey):
    assert survey.questions.first().text == "客服中心员工的服务态度和礼仪"


def test_only_supervisors_and_the_manager_open_rounds(households, assistant):
    with pytest.raises(PermissionDenied):
        services.open_round(by=assistant, estate=households[0].unit.building.estate, title="x",
                            starts_on=date(2027, 1, 15), ends_on=date(2027, 1, 30))


# --- One questionnaire per household (SV-2) ---------------------------------------------------


def test_a_household_returns_one_questionnaire_per_round(survey, households, assistant):
    paper(survey, households[0], assistant, respondent_name="张伟")
    with pytest.raises(SurveyError) as refused:
        paper(survey, households[0], assistant)
    with translation.override("en"):
        assert "already returned" in str(refused.value)
    assert SurveyResponse.objects.count() == 1


def test_the_database_refuses_a_second_questionnaire_for_a_household(survey, households, assistant):
    first = paper(survey, households[0], assistant)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            round=survey, household=households[0], unit=first.unit, channel=Channel.ONLINE,
            submitted_at=timezone.now(),
        )


@pytest.mark.parametrize("score", [0, 6, "5"])
def test_every_score_is_a_whole_number_from_1_to_5(survey, households, assistant, score):
    scores = all_scores(survey)
    scores[next(iter(scores))] = (score, "")
    with pytest.raises(SurveyError):
        services.submit_response(survey, households[0], scores=scores, channel=Channel.PAPER, by=assistant)


def test_every_question_gets_a_score(survey, households, assistant):
    scores = all_scores(survey)
    scores.popitem()
    with pytest.raises(SurveyError):
        services.submit_response(survey, households[0], scores=scores, channel=Channel.PAPER, by=assistant)


def test_a_household_of_another_estate_is_not_surveyed(survey, assistant):
    stranger = HouseholdFactory()
    with pytest.raises(SurveyError):
        paper(survey, stranger, assistant)


# --- Online: the household's owner, while the round is open (SV-1) -----------------------------


@pytest.fixture
def owner(households):
    return HouseholdMemberFactory(household=households[0]).person


@pytest.mark.parametrize("today, open_", [(IN_WINTER_WINDOW, True), (date(2027, 2, 1), False)])
def test_an_owner_answers_online_only_while_the_round_is_open(survey, households, owner, on_day, today, open_):
    on_day(today)
    kwargs = {"scores": all_scores(survey, 4), "channel": Channel.ONLINE, "person": owner}
    if open_:
        response = services.submit_response(survey, households[0], **kwargs)
        assert (response.channel, response.respondent_name, response.entered_by) == (Channel.ONLINE, owner.name, None)
    else:
        with pytest.raises(SurveyError) as refused:
            services.submit_response(survey, households[0], **kwargs)
        assert "SV-1" in str(refused.value)


def test_an_owner_answers_only_for_their_own_household(survey, households, owner, on_day):
    on_day(IN_WINTER_WINDOW)
    assert list(services.households_answerable_by(owner, survey)) == [households[0]]
    with pytest.raises(PermissionDenied):
        services.submit_response(survey, households[1], scores=all_scores(survey), channel=Channel.ONLINE,
                                 person=owner)


def test_a_tenant_or_family_member_does_not_answer_for_the_household(survey, households, on_day):
    on_day(IN_WINTER_WINDOW)
    tenant = HouseholdMemberFactory(household=households[0], tenant=True).person
    assert not services.households_answerable_by(tenant, survey).exists()


# --- Rates (SV-2) and the tally (SV-3) ------------------------------------------------------


@pytest.mark.parametrize(
    "distributed, returned, distribution_rate, return_rate, meets",
    [
        # SV-2: distribution ≥ 60% of households, return ≥ 50% of those handed out.
        (4, 2, Decimal("1.0000"), Decimal("0.5000"), True),
        (3, 1, Decimal("0.7500"), Decimal("0.3333"), False),
        (2, 2, Decimal("0.5000"), Decimal("1.0000"), False),
        (0, 3, Decimal("0.7500"), Decimal("1.0000"), True),  # a returned questionnaire was handed out
    ],
)
def test_sv2_rates_against_the_targets(
    survey, households, assistant, distributed, returned, distribution_rate, return_rate, meets
):
    services.record_distribution(survey, by=assistant, distributed=distributed)
    for household in households[:returned]:
        paper(survey, household, assistant)
    rates = stats.rates(survey)
    assert (rates.distribution_rate, rates.return_rate, rates.meets_targets) == (
        distribution_rate, return_rate, meets,
    )
    assert {policy_id for policy_id, _message in rates.reasons} == {"SV-2"}


def test_sv2_no_more_questionnaires_than_households_are_handed_out(survey, assistant):
    with pytest.raises(SurveyError):
        services.record_distribution(survey, by=assistant, distributed=5)


def test_sv3_scores_per_department(survey, households, assistant):
    paper(survey, households[0], assistant, score=5)
    paper(survey, households[1], assistant, score=2)
    paper(survey, households[2], assistant, score=4)
    rows = {row.department: row for row in stats.department_scores(survey)}
    assert list(rows) == [department.value for department in Department]
    service = rows[Department.CUSTOMER_SERVICE]
    assert (service.answers, service.average, service.satisfied, service.unsatisfactory) == (
        6, Decimal("3.67"), 4, 2,
    )
    assert service.satisfaction_rate == Decimal("0.6667")
    assert stats.unsatisfactory_answers(survey).count() == len(services.DEFAULT_QUESTIONS)


# --- Results notice and written replies (SV-4) --------------------------------------------------


@pytest.fixture
def notice_index(db):
    index = NoticeIndexPage(title="小区通知", slug="notices")
    HomePage.objects.get().add_child(instance=index)
    index.save_revision().publish()
    return index


def test_sv4_the_results_become_a_draft_notice_for_the_editors(survey, households, assistant, supervisor,
                                                              notice_index):
    paper(survey, households[0], assistant, score=4)
    with pytest.raises(SurveyError):
        services.create_results_notice(survey, by=supervisor)  # still open
    services.close_round(survey, by=supervisor)

    notice = services.create_results_notice(survey, by=supervisor)

    assert isinstance(notice, NoticePage)
    assert notice.get_parent().specific == notice_index
    assert (notice.live, notice.kind) == (False, "survey")
    assert notice.title == "2027年年初书面意见调查结果"
    assert "客户服务" in notice.body and "4.00" in notice.body
    assert notice.get_latest_revision() is not None
    assert services.create_results_notice(survey, by=supervisor).pk == notice.pk
    assert NoticePage.objects.count() == 1


def test_sv4_a_reply_is_sent_only_after_the_manager_approved_it(survey, households, assistant, manager):
    response = paper(survey, households[0], assistant, score=1)
    answer = response.answers.first()
    reply = services.draft_reply(answer, by=assistant, corrective_action="增加保洁频次", reply_text="尊敬的业主：……")

    with pytest.raises(SurveyError) as refused:
        services.send_reply(reply, by=assistant)
    assert "SV-4" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.approve_reply(reply, by=assistant, management_approval="管理部 李经理 1月28日")

    services.approve_reply(reply, by=manager, management_approval="管理部 李经理 1月28日")
    services.send_reply(reply, by=assistant)
    assert (reply.approved_by, reply.sent_by) == (manager, assistant)
    with pytest.raises(SurveyError):
        services.draft_reply(answer, by=assistant, corrective_action="x", reply_text="y")


def test_sv4_the_database_refuses_a_reply_sent_before_approval(survey, households, assistant):
    answer = paper(survey, households[0], assistant, score=2).answers.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyReply.objects.create(answer=answer, corrective_action="x", reply_text="y", sent_at=timezone.now())


def test_sv4_only_unsatisfactory_answers_get_a_written_reply(survey, households, assistant):
    answer = paper(survey, households[0], assistant, score=3).answers.first()
    with pytest.raises(SurveyError):
        services.draft_reply(answer, by=assistant, corrective_action="x", reply_text="y")
    assert not SurveyAnswer.objects.filter(reply__isnull=False).exists()
