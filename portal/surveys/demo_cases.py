"""Demo satisfaction surveys (书面意见调查): the last finished round — questionnaires handed
out to about two thirds of the households and more than half returned (SV-2), tallied per
department (SV-3), closed, its results drafted as a notice for the editors and the
unsatisfactory answers replied to in writing after the manager's approval (SV-4) — and,
when today is inside a survey window, the round of that window, open and half returned.

Idempotent: a window that already has its round is left as it is. Deterministic: who
returned a questionnaire and how they scored come from a generator seeded by the window.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from portal.demo.months import local_time
from portal.estate.models import Estate
from portal.policies.adapter import today

from . import services, stats
from .models import Channel, SurveyRound

DISTRIBUTED = 0.66
RETURNED = 0.56
# Scores by department: mostly 4 and 5; cleaning and security a little lower.
WEIGHTS = {
    "customer_service": (1, 1, 6, 40, 52),
    "engineering": (2, 4, 12, 44, 38),
    "security": (2, 5, 15, 42, 36),
    "cleaning": (1, 3, 10, 46, 40),
    "greenery": (1, 2, 9, 45, 43),
}
COMMENTS = {
    1: ("多次报修未处理", "夜间巡逻太少", "垃圾清运不及时"),
    2: ("维修人员上门时间不准", "车辆乱停放无人管理", "楼道卫生打扫不彻底"),
}
CLOSED_TITLE = "{year}年{season}书面意见调查"


def _users():
    users = get_user_model().objects.filter(is_active=True)
    return (users.filter(username="supervisor").first(), users.filter(username="assistant").first(),
            users.filter(username="manager").first())


def _last_finished_window(day: date):
    """``(start, end)`` of the latest survey window that ended before ``day``."""
    windows = []
    for year in (day.year, day.year - 1):
        for probe in (date(year, 7, 1), date(year, 1, 15)):
            values = services.window_of(probe).values
            if values["in_window"] and values["window_end"] < day:
                windows.append((values["window_start"], values["window_end"]))
    return max(windows) if windows else None


def _title(start: date) -> str:
    return CLOSED_TITLE.format(year=start.year, season="年中" if start.month >= 6 else "年初")


def load(out=None) -> None:
    supervisor, assistant, manager = _users()
    estate = Estate.objects.order_by("pk").first()
    if None in (supervisor, assistant, manager, estate):
        return
    made = []
    finished = _last_finished_window(today())
    if finished and not SurveyRound.objects.filter(estate=estate, window_start=finished[0]).exists():
        survey = _fill(services.open_round(by=supervisor, estate=estate, title=_title(finished[0]),
                                           starts_on=finished[0], ends_on=finished[1],
                                           announced_on=finished[0] - timedelta(days=5)),
                       assistant, share=RETURNED)
        services.close_round(survey, by=supervisor, report_note=(
            "项目经理召集专题会议：工程部缩短报修响应时间，保安部增加夜间巡逻频次，保洁部调整楼道清扫排班；"
            "结果纳入各部门年度考核，已书面报告公司管理部。"
        ))
        _reply(survey, assistant, manager)
        services.create_results_notice(survey, by=supervisor)
        made.append(survey.title)
    current = services.window_of(today()).values
    if current["in_window"] and not SurveyRound.objects.filter(estate=estate, window_start=current["window_start"]).exists():
        survey = services.open_round(by=supervisor, estate=estate, title=_title(current["window_start"]),
                                     starts_on=current["window_start"], ends_on=current["window_end"])
        _fill(survey, assistant, share=RETURNED / 2)
        made.append(survey.title)
    if out is not None:
        out.write(f"Satisfaction surveys: {len(made)} new rounds ({'、'.join(made) or 'none'}).")


def _fill(survey, assistant, *, share: float):
    """Hand out questionnaires to about two thirds of the households and enter the paper
    ones returned, with scores drawn per department."""
    rng = random.Random(f"demo-survey:{survey.window_start.isoformat()}")
    households = list(services.current_households(survey.estate).select_related("unit").order_by("unit__building__name",
                                                                                                 "unit__number"))
    handed = rng.sample(households, round(len(households) * DISTRIBUTED))
    services.record_distribution(survey, by=assistant, distributed=len(handed))
    questions = list(survey.questions.all())
    for household in handed[: round(len(handed) * share)]:
        scores = {}
        for question in questions:
            score = rng.choices((1, 2, 3, 4, 5), weights=WEIGHTS[question.department])[0]
            comment = rng.choice(COMMENTS[score]) if score in COMMENTS and rng.random() < 0.6 else ""
            scores[question.pk] = (score, comment)
        services.submit_response(survey, household, scores=scores, channel=Channel.PAPER, by=assistant,
                                 at=_returned_at(survey, rng))
    return survey


def _returned_at(survey, rng):
    days = (survey.ends_on - survey.starts_on).days
    return local_time(survey.starts_on + timedelta(days=rng.randrange(days + 1)), rng.randrange(9, 19))


def _reply(survey, assistant, manager):
    """Written replies to the unsatisfactory answers that left a comment: approved and sent."""
    for answer in stats.unsatisfactory_answers(survey).exclude(comment="")[:3]:
        reply = services.draft_reply(
            answer, by=assistant, corrective_action="已责成相关部门整改，并纳入部门考核",
            reply_text=f"尊敬的业主：感谢您在调查中提出“{answer.comment}”的意见，我们已安排整改，欢迎继续监督。",
        )
        services.approve_reply(reply, by=manager, management_approval="公司管理部 已批准")
        services.send_reply(reply, by=assistant)
