"""A written satisfaction survey from opening the round to the replies (书面意见调查, SV-1…SV-4).

- :func:`open_round` opens a round inside a survey window (``survey.window``, SV-1) —
  refused outside it — with the default questionnaire, one question per department
  aspect, and the estate's household count as the SV-2 base;
- :func:`record_distribution` counts the questionnaires handed out (SV-2);
- :func:`submit_response` stores a household's questionnaire, entered by staff from paper
  or filled in online by the household's owner while the round is open; the database
  refuses a second one for the household;
- :func:`close_round` ends the round; :func:`create_results_notice` drafts the notice of
  the results under the notices index for the editors to publish (SV-4);
- :func:`draft_reply`, :func:`approve_reply` and :func:`send_reply` are the
  《客户意见回复表》 of an unsatisfactory answer: written, approved, then sent (SV-4).

Refusals staff or owners can act on raise :class:`SurveyError`; missing permissions
raise :class:`PermissionDenied`. Each change and its audit event are saved in one
transaction.
"""

from datetime import date, datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit.services import record
from portal.casework.refusals import Refusal
from portal.estate.models import Estate, Household, HouseholdMember, MemberRole
from portal.policies import adapter

from . import stats
from .models import (
    Channel,
    Department,
    SurveyAnswer,
    SurveyQuestion,
    SurveyReply,
    SurveyResponse,
    SurveyRound,
)

WINDOW_POLICY = "survey.window"
MANAGE_PERMISSION = "surveys.manage_surveyround"
ENTER_PERMISSION = "surveys.enter_surveyresponse"
REPLY_PERMISSION = "surveys.add_surveyreply"
APPROVE_PERMISSION = "surveys.approve_surveyreply"

# Who answers online for a household: its owner.
RESPONDENT_ROLES = frozenset({MemberRole.OWNER})

# The 《满意度调查表》 every round starts with (editable per round in the admin).
DEFAULT_QUESTIONS = (
    (Department.CUSTOMER_SERVICE, _("Service attitude and manners of the service centre staff")),
    (Department.CUSTOMER_SERVICE, _("How promptly your requests and complaints are handled")),
    (Department.ENGINEERING, _("Speed and quality of repairs")),
    (Department.ENGINEERING, _("Condition of lifts, lighting, water and power")),
    (Department.SECURITY, _("Safety and order on the estate, vehicle management")),
    (Department.CLEANING, _("Cleanliness of lobbies, corridors and public areas")),
    (Department.GREENERY, _("Upkeep of lawns, trees and plants")),
)


class SurveyError(Refusal):
    """A step refused for a reason the user can act on; ``str()`` says what."""


def _require(user, permission: str) -> None:
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied(f"{user} lacks {permission}")


# --- The round (SV-1, SV-2) -----------------------------------------------------------------


def window_of(day: date):
    """``survey.window`` on ``day``: whether it is inside a window, and that window (or the next)."""
    return adapter.decide(WINDOW_POLICY, {"on_date": day}, on_date=day)


def check_dates(starts_on: date, ends_on: date) -> date:
    """The start of the survey window that holds ``starts_on`` … ``ends_on``; :class:`SurveyError`
    (naming SV-1) when the dates are not inside one window."""
    if ends_on < starts_on:
        raise SurveyError(_("The last day cannot be before the first day."))
    decision = window_of(starts_on)
    values = decision.values
    if not values["in_window"] or ends_on > values["window_end"]:
        raise SurveyError(
            _("SV-1: a survey runs only inside a survey window; the next one is %(start)s to %(end)s.")
            % {"start": values["window_start"].isoformat(), "end": values["window_end"].isoformat()}
            if not values["in_window"]
            else _("SV-1: the survey window ends on %(end)s; the round must end by then.")
            % {"end": values["window_end"].isoformat()}
        )
    return values["window_start"]


def current_households(estate: Estate):
    return Household.objects.current().filter(unit__building__estate=estate)


def open_round(
    *,
    by,
    estate: Estate,
    title: str,
    starts_on: date,
    ends_on: date,
    announced_on: date | None = None,
    questions=None,
) -> SurveyRound:
    """Open a survey round of ``estate`` from ``starts_on`` to ``ends_on`` (SV-1).

    ``questions``: ``[(department, text), …]``; default :data:`DEFAULT_QUESTIONS` in the
    site's language. The base of the distribution rate is the estate's households now (SV-2).
    """
    _require(by, MANAGE_PERMISSION)
    window_start = check_dates(starts_on, ends_on)
    households = current_households(estate).count()
    if households == 0:
        raise SurveyError(_("The estate has no households to survey."))
    if SurveyRound.objects.filter(estate=estate, window_start=window_start).exists():
        raise SurveyError(_("This estate already has a survey round in that window."))
    with translation.override(settings.LANGUAGE_CODE):
        rows = [(department, str(text)) for department, text in (questions or DEFAULT_QUESTIONS)]
    try:
        with transaction.atomic():
            survey = SurveyRound.objects.create(
                estate=estate, title=title.strip(), window_start=window_start, starts_on=starts_on, ends_on=ends_on,
                announced_on=announced_on, households=households, created_by=by,
            )
            SurveyQuestion.objects.bulk_create(
                SurveyQuestion(round=survey, department=department, text=text, position=position)
                for position, (department, text) in enumerate(rows, start=1)
            )
            record(survey, "opened", actor=by, data={
                "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "households": households,
            })
    except IntegrityError:
        raise SurveyError(_("This estate already has a survey round in that window.")) from None
    return survey


def record_distribution(survey: SurveyRound, *, by, distributed: int) -> SurveyRound:
    """Record how many questionnaires were handed out (SV-2), at most one per household."""
    _require(by, ENTER_PERMISSION)
    if distributed < 0 or distributed > survey.households:
        raise SurveyError(
            _("Between 0 and %(households)s questionnaires can be handed out: one per household.")
            % {"households": survey.households}
        )
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        before = locked.distributed
        locked.distributed = distributed
        locked.save(update_fields=["distributed"])
        record(locked, "distribution_recorded", actor=by, data={"from": before, "to": distributed})
    survey.refresh_from_db()
    return survey


def close_round(survey: SurveyRound, *, by, report_note: str = "") -> SurveyRound:
    """End the round: no more questionnaires are taken; the tally is final (SV-3)."""
    _require(by, MANAGE_PERMISSION)
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        if locked.is_closed:
            raise SurveyError(_("This survey round is already closed."))
        locked.closed_at = timezone.now()
        if report_note.strip():
            locked.report_note = report_note.strip()
        locked.save(update_fields=["closed_at", "report_note"])
        rates = stats.rates(locked)
        record(locked, "closed", actor=by, data={
            "distribution_rate": str(rates.distribution_rate), "return_rate": str(rates.return_rate),
        })
    survey.refresh_from_db()
    return survey


# --- Questionnaires -------------------------------------------------------------------------


def households_answerable_by(person, survey: SurveyRound):
    """The current households of ``survey``'s estate for which ``person`` answers online (as owner)."""
    return current_households(survey.estate).filter(
        members__person=person, members__ended_on__isnull=True, members__role__in=RESPONDENT_ROLES
    ).distinct()


def open_to(person, on_date: date) -> bool:
    """Is a survey round open on ``on_date`` that ``person`` can answer online for a household?"""
    return any(
        households_answerable_by(person, survey).exists()
        for survey in SurveyRound.objects.open_on(on_date).select_related("estate")
    )


def submit_response(
    survey: SurveyRound,
    household: Household,
    *,
    scores: dict,
    comments: str = "",
    channel: str,
    by=None,
    person=None,
    respondent_name: str = "",
    at: datetime | None = None,
) -> SurveyResponse:
    """Store ``household``'s questionnaire for ``survey``.

    ``scores``: ``{question id: (score 1–5, comment)}``, every question of the round.
    On paper (``by``: staff with ``surveys.enter_surveyresponse``) while the round is not
    closed; online (``person``: the household's owner) only while it is open today (SV-1).
    A second questionnaire of the household is refused (SV-2, one per household).
    """
    at = at or timezone.now()
    if channel == Channel.PAPER:
        _require(by, ENTER_PERMISSION)
        if survey.is_closed:
            raise SurveyError(_("This survey round is closed."))
    elif channel == Channel.ONLINE:
        if person is None or not households_answerable_by(person, survey).filter(pk=household.pk).exists():
            raise PermissionDenied("Only the household's owner answers online")
        if not survey.is_open_on(adapter.today()):
            raise SurveyError(_("SV-1: this survey is not open now."))
        respondent_name = person.name
    else:
        raise ValueError(f"Unknown channel {channel!r}")
    if household.unit.building.estate_id != survey.estate_id:
        raise SurveyError(_("This household is not on the surveyed estate."))
    questions = {question.pk: question for question in survey.questions.all()}
    missing = set(questions) - set(scores)
    if missing or set(scores) - set(questions):
        raise SurveyError(_("Give a score for every question."))
    for score, _comment in scores.values():
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise SurveyError(_("Each score is a whole number from 1 to 5."))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                round=survey, household=household, unit=household.unit, channel=channel,
                respondent_name=respondent_name.strip(), comments=comments.strip(), submitted_at=at,
                entered_by=by if channel == Channel.PAPER else None,
            )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(response=response, question=questions[pk], score=score, comment=(comment or "").strip())
                for pk, (score, comment) in sorted(scores.items())
            )
            record(response, "returned", actor=by or getattr(person, "user", None), data={
                "round": survey.pk, "unit": str(household.unit), "channel": channel,
            })
    except IntegrityError:
        raise SurveyError(_("This household has already returned its questionnaire for this round.")) from None
    return response


# --- Results (SV-3, SV-4) -------------------------------------------------------------------


def notice_body(survey: SurveyRound) -> str:
    """The results as the notice's rich text, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("surveys/notice_body.html", {
            "survey": survey, "rates": stats.rates(survey), "departments": stats.department_scores(survey),
        }).strip()


def create_results_notice(survey: SurveyRound, *, by):
    """Draft a notice of ``survey``'s results under the notices index, for the editors to
    review and publish (SV-4). Idempotent: the draft already made is returned."""
    _require(by, MANAGE_PERMISSION)
    NoticeIndexPage = apps.get_model("cms", "NoticeIndexPage")
    NoticePage = apps.get_model("cms", "NoticePage")
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=survey.pk)
        if locked.results_page_id:
            return locked.results_page.specific
        if not locked.is_closed:
            raise SurveyError(_("Close the survey round before publishing its results."))
        index = NoticeIndexPage.objects.first()
        if index is None:
            raise SurveyError(_("There is no notices page to publish the results under."))
        with translation.override(settings.LANGUAGE_CODE):
            title = gettext("Results of the %(title)s") % {"title": locked.title}
            summary = gettext("Return rate %(rate)s; the scores of each department and what we will improve.") % {
                "rate": stats.percent(stats.rates(locked).return_rate)
            }
        notice = NoticePage(
            title=title[:255], kind="survey", publish_date=adapter.today(), summary=summary[:200],
            body=notice_body(locked), live=False, owner=by,
        )
        index.add_child(instance=notice)
        notice.save_revision(user=by, log_action=True)
        locked.results_page = notice
        locked.save(update_fields=["results_page"])
        record(locked, "results_drafted", actor=by, data={"page": notice.pk})
    survey.refresh_from_db()
    return notice


def draft_reply(answer: SurveyAnswer, *, by, corrective_action: str, reply_text: str) -> SurveyReply:
    """Write the 《客户意见回复表》 for an unsatisfactory answer (SV-4); a draft may be
    rewritten until it is approved."""
    _require(by, REPLY_PERMISSION)
    if not answer.is_unsatisfactory:
        raise SurveyError(_("Only unsatisfactory answers get a written reply."))
    if not corrective_action.strip() or not reply_text.strip():
        raise SurveyError(_("Write the corrective action and the reply."))
    with transaction.atomic():
        reply = SurveyReply.objects.select_for_update().filter(answer=answer).first()
        if reply is not None and reply.approved_at is not None:
            raise SurveyError(_("This reply is approved and can no longer change."))
        if reply is None:
            reply = SurveyReply(answer=answer)
        reply.corrective_action = corrective_action.strip()
        reply.reply_text = reply_text.strip()
        reply.drafted_by = by
        reply.save()
        record(reply, "drafted", actor=by, to_state="drafted")
    return reply


def approve_reply(reply: SurveyReply, *, by, management_approval: str) -> SurveyReply:
    """The project manager approves the reply, noting the management department's approval (SV-4)."""
    _require(by, APPROVE_PERMISSION)
    if not management_approval.strip():
        raise SurveyError(_("Note the management department's approval."))
    with transaction.atomic():
        locked = SurveyReply.objects.select_for_update().get(pk=reply.pk)
        if locked.approved_at is not None:
            raise SurveyError(_("This reply is already approved."))
        locked.approved_at = timezone.now()
        locked.approved_by = by
        locked.management_approval = management_approval.strip()
        locked.save(update_fields=["approved_at", "approved_by", "management_approval"])
        record(locked, "approved", actor=by, from_state="drafted", to_state="approved")
    reply.refresh_from_db()
    return reply


def send_reply(reply: SurveyReply, *, by, at: datetime | None = None) -> SurveyReply:
    """Record that the written reply went to the customer — only once approved (SV-4)."""
    _require(by, REPLY_PERMISSION)
    with transaction.atomic():
        locked = SurveyReply.objects.select_for_update().get(pk=reply.pk)
        if locked.approved_at is None:
            raise SurveyError(_("SV-4: a reply is sent only after it is approved."))
        if locked.sent_at is not None:
            raise SurveyError(_("This reply has already been sent."))
        locked.sent_at = at or timezone.now()
        locked.sent_by = by
        locked.save(update_fields=["sent_at", "sent_by"])
        record(locked, "sent", actor=by, from_state="approved", to_state="sent")
    reply.refresh_from_db()
    return reply


def owner_of(household: Household):
    """The household's current owner (the addressee of a reply), or None."""
    member = (
        HouseholdMember.objects.filter(household=household, role=MemberRole.OWNER, ended_on__isnull=True)
        .select_related("person")
        .first()
    )
    return member.person if member else None
