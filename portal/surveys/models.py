"""The written satisfaction survey (书面意见调查, SV-1…SV-4).

- :class:`SurveyRound`: one survey of an estate, inside a survey window (SV-1), with the
  questionnaires handed out counted against its households (SV-2) and, once tallied,
  the draft notice of its results (SV-4). One round per estate and window.
- :class:`SurveyQuestion`: a question of the round's 《满意度调查表》, asked of one department.
- :class:`SurveyResponse`: a household's returned questionnaire, on paper (entered by
  staff) or online; at most one per household and round.
- :class:`SurveyAnswer`: a score from 1 to 5 for a question, with a comment.
- :class:`SurveyReply`: the 《客户意见回复表》 — the written reply to an unsatisfactory
  answer, sent only after the project manager approved it (SV-4).

Records change through :mod:`portal.surveys.services`, which keeps the audit trail.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Estate, Household, Unit

# A score at or under this is unsatisfactory and gets a written reply (SV-4).
UNSATISFACTORY_SCORE = 2


class Department(models.TextChoices):
    """The departments a questionnaire asks about, appraised by their scores (SV-3)."""

    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    ENGINEERING = "engineering", _("Engineering and repairs")
    SECURITY = "security", _("Security")
    CLEANING = "cleaning", _("Cleaning")
    GREENERY = "greenery", _("Greenery")


class SurveyRoundQuerySet(models.QuerySet):
    def open_on(self, day):
        """Rounds taking answers on ``day``."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, closed_at__isnull=True)


class SurveyRound(models.Model):
    """One written satisfaction survey of an estate (SV-1…SV-4)."""

    estate = models.ForeignKey(Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    window_start = models.DateField(_("survey window starts"), editable=False)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    announced_on = models.DateField(
        _("announced on"), null=True, blank=True, help_text=_("The day the notice of the survey was put up (SV-1).")
    )
    households = models.PositiveIntegerField(
        _("households"), help_text=_("The estate's households when the round was opened (SV-2).")
    )
    distributed = models.PositiveIntegerField(
        _("questionnaires handed out"), default=0,
        help_text=_("Paper questionnaires handed out and households told of the online form (SV-2)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    results_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("results notice"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    report_note = models.TextField(
        _("meeting and report"), blank=True,
        help_text=_("The corrective actions agreed per department and the report to the company (SV-3)."),
    )

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "window_start"], name="survey_round_one_per_window",
                violation_error_message=_("This estate already has a survey round in that window."),
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="survey_round_ends_after_start"),
            models.CheckConstraint(condition=Q(households__gt=0), name="survey_round_has_households"),
        ]
        permissions = [
            ("manage_surveyround", "Can open, close and publish survey rounds"),
            ("enter_surveyresponse", "Can enter paper questionnaires"),
            ("approve_surveyreply", "Can approve written replies to customers"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def is_open_on(self, day) -> bool:
        return not self.is_closed and self.starts_on <= day <= self.ends_on


class SurveyQuestion(models.Model):
    """A question of the round's 《满意度调查表》, about one department."""

    round = models.ForeignKey(SurveyRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="questions")
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    text = models.CharField(_("question"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["round", "position", "id"]

    def __str__(self) -> str:
        return self.text


class Channel(models.TextChoices):
    PAPER = "paper", _("On paper")
    ONLINE = "online", _("Online")


class SurveyResponse(models.Model):
    """A household's returned questionnaire; at most one per household and round (SV-2)."""

    round = models.ForeignKey(SurveyRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="responses")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="survey_responses"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("returned"), max_length=10, choices=Channel.choices)
    respondent_name = models.CharField(_("respondent"), max_length=50, blank=True)
    comments = models.TextField(_("other opinions and suggestions"), blank=True)
    submitted_at = models.DateTimeField(_("returned at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("returned questionnaire")
        verbose_name_plural = _("returned questionnaires")
        ordering = ["round", "unit", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "household"], name="survey_one_response_per_household",
                violation_error_message=_("This household has already returned its questionnaire for this round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class SurveyAnswer(models.Model):
    """A score from 1 (very dissatisfied) to 5 (very satisfied) for one question."""

    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(SurveyQuestion, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score}"

    @property
    def is_unsatisfactory(self) -> bool:
        return self.score <= UNSATISFACTORY_SCORE


class SurveyReply(models.Model):
    """《客户意见回复表》: the written reply to an unsatisfactory answer (SV-4).

    Drafted with the corrective and preventive action, approved by the project manager
    (with the company's management department's approval noted), then sent; the
    database refuses a reply marked sent before it was approved.
    """

    answer = models.OneToOneField(SurveyAnswer, verbose_name=_("answer"), on_delete=models.PROTECT, related_name="reply")
    corrective_action = models.TextField(_("corrective and preventive action"))
    reply_text = models.TextField(_("reply to the customer"))
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    management_approval = models.CharField(
        _("management department's approval"), max_length=200, blank=True,
        help_text=_("Who at the company's management department approved it, and when."),
    )
    sent_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reply to a customer's opinion")
        verbose_name_plural = _("replies to customers' opinions")
        ordering = ["answer__response__round", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(approved_at__isnull=False), name="survey_reply_sent_after_approval"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer.response.unit} · {self.answer.question}"
