"""投诉受理 (POLICIES §7, CP-1…CP-10): the 《客户投诉、意见记录表》 of each complaint.

A :class:`ComplaintCase` is opened for every ``complaint`` application made online and
by the desk for a complaint made on the phone or in person. It holds what the procedure
asks to be written down — the supervisor's validity decision and handling opinion, the
grading criteria as facts with the ``complaint.grade`` decision taken on them, the
department the complaint was forwarded to and its result, the reply to the customer
(《客户建议/意见受理回复表》) with its time — and the deadlines of the grade, stored on
the case so that "overdue" is a query. Complaints about the same event share a
:class:`ComplaintEvent` (CP-2: five customers or more make every one of them major).
Deadlines moved beyond the procedure's limits carry their approval
(:class:`DeadlineExtension`, CP-6).

The case changes only through :mod:`portal.complaints.services`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.estate.models import Estate, Person, Unit


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phoned in")
    DESK = "desk", _("At the service desk")


class Category(models.TextChoices):
    """What the complaint is about, for the weekly statistics (CP-9)."""

    FACILITIES = "facilities", _("Facilities and equipment")
    SERVICE = "service", _("Service not delivered as promised")
    STAFF_ATTITUDE = "staff_attitude", _("Staff attitude")
    ENVIRONMENT = "environment", _("Cleaning and environment")
    SECURITY = "security", _("Security and parking")
    FEES = "fees", _("Fees")
    NEIGHBOURS = "neighbours", _("Neighbours and renovation noise")
    OTHER = "other", _("Other")


class Grade(models.TextChoices):
    """The grades of ``complaint.grade`` (CP-1…CP-4)."""

    MINOR = "minor", _("Minor")
    IMPORTANT = "important", _("Important")
    MAJOR = "major", _("Major")
    INVALID = "invalid", _("Invalid")


class DeemedGrade(models.TextChoices):
    """The grade the company deems the complaint to have, whatever the criteria (CP-2, CP-3)."""

    MINOR = "minor", _("Minor")
    IMPORTANT = "important", _("Important")
    MAJOR = "major", _("Major")


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSED = "assessed", _("Assessed by the supervisor")
    ASSIGNED = "assigned", _("Forwarded to a department")
    RESULT_RETURNED = "result_returned", _("Department's result agreed")
    REPLIED = "replied", _("Replied to the customer")
    CLOSED = "closed", _("Closed")


class Department(models.TextChoices):
    """The departments a complaint is forwarded to (CP-5, CP-7)."""

    CUSTOMER_SERVICE = "customer_service", _("Customer service centre")
    ENGINEERING = "engineering", _("Engineering")
    SECURITY = "security", _("Security")
    CLEANING = "cleaning", _("Cleaning")
    LANDSCAPING = "landscaping", _("Landscaping")
    FINANCE = "finance", _("Finance")
    MANAGEMENT = "management", _("Management office")


class ReplyMethod(models.TextChoices):
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    WRITTEN = "written", _("In writing")
    EMAIL = "email", _("By email")


# The states in which the case still waits for something from the company.
OPEN_STATES = (CaseState.RECEIVED, CaseState.ASSESSED, CaseState.ASSIGNED, CaseState.RESULT_RETURNED,
               CaseState.REPLIED)
# Not yet forwarded to a department (the 10-minute clock, CP-5).
UNFORWARDED_STATES = (CaseState.RECEIVED, CaseState.ASSESSED)
# No reply yet (the reply clock, CP-6).
UNREPLIED_STATES = (CaseState.RECEIVED, CaseState.ASSESSED, CaseState.ASSIGNED, CaseState.RESULT_RETURNED)


class ComplaintEvent(models.Model):
    """One event several customers complain about, e.g. 3号楼停水 on a date (CP-2)."""

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("event"), max_length=100, help_text=_("E.g. “No water in building 3”."))
    occurred_on = models.DateField(_("date of the event"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} · {self.occurred_on:%Y-%m-%d}"


class ComplaintCaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def counted(self):
        """The complaints the supervisor has not found invalid (CP-1)."""
        return self.exclude(valid=False)

    def overdue(self, now=None):
        """Open complaints past a deadline whose clock runs: not forwarded by ``forward_by``,
        not replied by ``reply_by`` or not resolved by ``resolve_by`` (CP-5, CP-6). A case
        waiting for the customer is never overdue."""
        return self.filter(overdue_condition(now or timezone.now()))


def running_condition() -> Q:
    """Cases whose clocks run: valid or not yet decided, open, not waiting for the customer."""
    return Q(state__in=OPEN_STATES, waiting_since__isnull=True) & ~Q(valid=False)


def overdue_condition(now) -> Q:
    return running_condition() & (
        Q(state__in=UNFORWARDED_STATES, forward_by__lt=now)
        | Q(state__in=UNREPLIED_STATES, reply_by__lt=now)
        | Q(resolve_by__lt=now)
    )


class ComplaintCase(models.Model):
    """《客户投诉、意见记录表》: one complaint from its receipt to its follow-up.

    ``valid`` is None until the supervisor decides (CP-1). The grading facts are the
    supervisor's ticks plus what the register and the clocks know (same-event
    complainants, days unresolved); ``decision`` is the ``complaint.grade`` snapshot the
    current ``grade`` and deadlines were taken from. Deadlines are stored and moved
    only by a pause for the customer or an approved extension.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    submission = models.OneToOneField(
        Submission, verbose_name=_("online application"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaint_case",
    )
    channel = models.CharField(_("how it was made"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED, db_index=True
    )

    # Who complains, about what.
    complainant = models.ForeignKey(
        Person, verbose_name=_("complainant in the register"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaint_cases",
    )
    complainant_name = models.CharField(_("complainant"), max_length=50)
    complainant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="complaint_cases"
    )
    subject = models.CharField(_("subject"), max_length=100)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER, db_index=True
    )
    description = models.TextField(_("what happened"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    # CP-1: validity, decided by the supervisor.
    valid = models.BooleanField(_("valid"), null=True, blank=True, db_index=True)
    invalid_reason = models.TextField(_("why it is not a valid complaint"), blank=True)
    explanation = models.TextField(
        _("explanation given to the customer"), blank=True,
        help_text=_("An invalid complaint is still explained to the customer politely (CP-1)."),
    )

    # CP-2…CP-4: the grading facts and the grade.
    event = models.ForeignKey(
        ComplaintEvent, verbose_name=_("same event as"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="cases",
    )
    same_event_complainants = models.PositiveSmallIntegerField(_("customers complaining about the event"), default=1)
    unresolved_days = models.PositiveSmallIntegerField(_("days unresolved when graded"), default=0)
    sudden_outage = models.BooleanField(_("sudden large-area power or water cut or equipment stoppage"),
                                        default=False)
    company_fault_loss_or_injury = models.BooleanField(
        _("the company's fault caused economic loss, injury or serious distress"), default=False
    )
    contracted_service_failed_repeatedly = models.BooleanField(
        _("promised or contracted service not delivered, raised several times without result"), default=False
    )
    reasonable_need_unmet_seriously = models.BooleanField(
        _("a reasonable need not met in time, seriously affecting the use of the home or office"), default=False
    )
    severe_staff_attitude = models.BooleanField(
        _("a service fault or very bad staff attitude, the customer very angry"), default=False
    )
    deemed = models.CharField(_("deemed by the company"), max_length=10, choices=DeemedGrade.choices, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, default=Grade.MINOR, db_index=True)
    decision = models.JSONField(_("grading decision"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    graded_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField(_("supervisor's handling opinion"), blank=True)

    # CP-5, CP-7: forwarding, the department's result, the reply.
    department = models.CharField(_("department"), max_length=20, choices=Department.choices, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    department_result = models.TextField(_("department's result"), blank=True)
    result_at = models.DateTimeField(_("result back at"), null=True, blank=True)
    result_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("result agreed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, db_index=True)
    reply_method = models.CharField(_("reply made"), max_length=10, choices=ReplyMethod.choices, blank=True)
    reply_text = models.TextField(_("reply to the customer"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)

    # The clocks (portal.complaints.clocks): deadlines stored as decided, moved only by
    # a pause for the customer or an approved extension.
    forward_by = models.DateTimeField(_("forward by"), null=True, blank=True, db_index=True)
    reply_by = models.DateTimeField(_("reply by"), null=True, blank=True, db_index=True)
    resolve_by = models.DateTimeField(_("resolve by"), null=True, blank=True, db_index=True)
    unresolved_by = models.DateTimeField(
        _("major if unresolved by"), null=True, blank=True, db_index=True,
        help_text=_("A valid complaint not resolved within a week becomes major (CP-2, CP-10)."),
    )
    followup_by = models.DateTimeField(_("follow-up visit by"), null=True, blank=True)
    waiting_since = models.DateTimeField(
        _("waiting for the customer since"), null=True, blank=True,
        help_text=_("While the case waits for the customer its clocks stop."),
    )
    paused_for = models.DurationField(_("time spent waiting for the customer"), default=timedelta)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = ComplaintCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("handle_complaintcase", "Can forward complaints, record results and replies, and close them"),
            ("assess_complaintcase", "Can decide the validity and grade of complaints and agree results (CP-1, CP-7)"),
            ("extend_minor_complaint", "Can approve more time for a minor complaint (CP-6)"),
            ("extend_important_complaint", "Can approve more time for an important or major complaint (CP-6)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(valid=False) | Q(grade="invalid"),
                name="complaint_invalid_is_graded_invalid",
                violation_error_message=_("An invalid complaint has no grade but “invalid”."),
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="complaint_closed_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_waiting(self) -> bool:
        return self.waiting_since is not None

    @property
    def reported_at_once(self) -> bool:
        """Major and important complaints are reported to the superiors at once (CP-5)."""
        return self.grade in (Grade.MAJOR, Grade.IMPORTANT)

    @property
    def replied_same_day(self) -> bool | None:
        """Was the result replied to the customer on the day it came back (CP-7)? None until both are known."""
        if self.result_at is None or self.replied_at is None:
            return None
        return timezone.localdate(self.replied_at) == timezone.localdate(self.result_at)

    @property
    def followup(self):
        """The follow-up visit opened when the case closed (CP-8), or None."""
        from portal.followups.models import FollowUp

        return FollowUp.objects.for_source(self).first()


class DeadlineField(models.TextChoices):
    REPLY_BY = "reply_by", _("Reply by")
    RESOLVE_BY = "resolve_by", _("Resolve by")


class DeadlineExtension(models.Model):
    """More time for a complaint beyond the procedure's limit, and who approved it (CP-6):
    the supervisor for a minor complaint, the management manager for an important one."""

    case = models.ForeignKey(ComplaintCase, verbose_name=_("complaint"), on_delete=models.CASCADE,
                             related_name="extensions")
    deadline = models.CharField(_("deadline"), max_length=20, choices=DeadlineField.choices)
    grade = models.CharField(_("grade when approved"), max_length=10, choices=Grade.choices)
    previous = models.DateTimeField(_("was due by"))
    new_deadline = models.DateTimeField(_("now due by"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("approved extension")
        verbose_name_plural = _("approved extensions")
        ordering = ["approved_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_deadline__gt=models.F("previous")), name="complaint_extension_moves_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_deadline_display()} → {self.new_deadline:%Y-%m-%d %H:%M}"
