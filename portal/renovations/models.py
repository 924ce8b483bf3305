"""The property office's case for one renovation (装修管理, POLICIES §2, RN-1…RN-20).

One :class:`RenovationCase` per ``renovation`` application: the clock started when the
application is complete (RN-10), the project manager's approval, the fees collected
(RN-9), the site protection confirmed by engineering (RN-11), the construction permit
and the worker passes (RN-12), the daily patrols and their violations (RN-13), the fines
(RN-14), the hot-work permits (RN-15), the completion acceptance (RN-16) and the deposit
refund with its three signatures and its memo (RN-17…RN-20).

The case changes only through :mod:`portal.renovations.services`, which audits every step.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.documents.models import IssuedDocument
from portal.estate.models import LedgerEntry
from portal.policies import adapter


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    COMPLETE = "complete", _("Application complete")
    APPROVED = "approved", _("Approved")
    FEES_COLLECTED = "fees_collected", _("Fees collected")
    PROTECTION_CONFIRMED = "protection_confirmed", _("Site protection confirmed")
    IN_PROGRESS = "in_progress", _("Works in progress")
    ACCEPTED = "accepted", _("Completion accepted")
    REFUNDABLE = "refundable", _("Deposit refundable")
    SETTLED = "settled", _("Deposit refund settled")
    REFUSED = "refused", _("Refused")


# The states of a case not yet settled or refused.
OPEN_STATES = (
    CaseState.SUBMITTED,
    CaseState.COMPLETE,
    CaseState.APPROVED,
    CaseState.FEES_COLLECTED,
    CaseState.PROTECTION_CONFIRMED,
    CaseState.IN_PROGRESS,
    CaseState.ACCEPTED,
)


class RenovationCaseQuerySet(models.QuerySet):
    def awaiting_approval(self):
        """Complete applications the project manager has still to approve (RN-10)."""
        return self.filter(state=CaseState.COMPLETE)

    def overdue(self, today=None):
        """Complete applications past the day they were due to be approved (RN-10)."""
        today = today or adapter.today()
        return self.awaiting_approval().filter(approval_due__lt=today)


class RenovationCase(models.Model):
    """A renovation as the property office works it.

    ``state`` is stored; ``refundable`` is read from ``refundable_from`` (:attr:`stage`),
    since the day arrives on its own. Fees, refund and decisions are snapshots: a later
    change of the fee standard never rewrites them.
    """

    submission = models.OneToOneField(
        Submission, verbose_name=_("application"), on_delete=models.PROTECT, related_name="renovation_case"
    )
    state = models.CharField(
        _("state"), max_length=30, choices=CaseState.choices, default=CaseState.SUBMITTED, db_index=True
    )
    # RN-10: the clock starts when the application is complete.
    complete_at = models.DateTimeField(_("application complete at"), null=True, blank=True)
    approval_due = models.DateField(_("approval due by"), null=True, blank=True, db_index=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # RN-9: the fees as charged, and the deposit held.
    fees = models.JSONField(_("fees charged"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    deposit = models.DecimalField(_("deposit paid"), max_digits=12, decimal_places=2, null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    # RN-11
    protection_confirmed_at = models.DateTimeField(_("site protection confirmed at"), null=True, blank=True)
    protection_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("site protection confirmed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    protection_note = models.TextField(_("note on the site protection"), blank=True)
    # RN-12
    permit = models.OneToOneField(
        IssuedDocument, verbose_name=_("construction permit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="renovation_permit_case",
    )
    unit_status_before = models.CharField(
        _("unit status before the works"), max_length=20, blank=True,
        help_text=_("The unit returns to it once the works are accepted."),
    )
    # RN-16
    acceptance_submission = models.ForeignKey(
        Submission, verbose_name=_("completion acceptance request"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    acceptance_date = models.DateField(_("completion accepted on"), null=True, blank=True)
    acceptance_inspectors = models.CharField(_("inspected by"), max_length=200, blank=True)
    acceptance_notes = models.TextField(_("defects and rectification asked"), blank=True)
    refundable_from = models.DateField(_("deposit refundable from"), null=True, blank=True)
    # RN-17…RN-20
    refund_submission = models.ForeignKey(
        Submission, verbose_name=_("deposit refund request"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    refund_decision = models.JSONField(_("decision at the refund"), default=dict, blank=True,
                                       encoder=DjangoJSONEncoder)
    deductions = models.JSONField(_("deductions"), default=list, blank=True, encoder=DjangoJSONEncoder)
    refund_amount = models.DecimalField(_("amount refunded"), max_digits=12, decimal_places=2, null=True,
                                        blank=True)
    amount_owed = models.DecimalField(_("amount still owed"), max_digits=12, decimal_places=2, null=True,
                                      blank=True)
    owner_signature = models.CharField(_("signed by the owner"), max_length=50, blank=True)
    contractor_signature = models.CharField(_("signed by the contractor"), max_length=50, blank=True)
    lead_signature = models.CharField(_("signed by the project-centre lead"), max_length=50, blank=True)
    refund_memo = models.OneToOneField(
        IssuedDocument, verbose_name=_("deposit refund memo"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="renovation_refund_case",
    )
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = RenovationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("renovation case")
        verbose_name_plural = _("renovation cases")
        ordering = ["-opened_at", "-id"]
        permissions = [
            ("handle_renovationcase", "Can handle renovation cases (completeness, permit)"),
            ("record_renovation_fees", "Can record renovation fees paid (RN-9)"),
            ("confirm_site_protection", "Can confirm renovation site protection (RN-11)"),
            ("record_renovation_patrol", "Can record renovation patrols and fines (RN-13, RN-14)"),
            ("grant_hot_work", "Can grant hot-work permits (RN-15)"),
            ("accept_renovation_completion", "Can record renovation completion acceptance (RN-16)"),
            ("settle_deposit_refund", "Can settle renovation deposit refunds (RN-18, RN-20)"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(deposit__gte=0), name="renovation_deposit_not_negative"),
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="renovation_refund_not_negative"),
            models.CheckConstraint(condition=Q(amount_owed__gte=0), name="renovation_owed_not_negative"),
        ]

    def __str__(self) -> str:
        return self.submission.reference

    @property
    def stage(self) -> str:
        """The state as staff know it: ``refundable`` once the refund day has come (RN-17)."""
        if self.state == CaseState.ACCEPTED and self.refundable_from and adapter.today() >= self.refundable_from:
            return CaseState.REFUNDABLE
        return self.state

    def get_stage_display(self) -> str:
        return str(CaseState(self.stage).label)

    @property
    def is_overdue(self) -> bool:
        return (
            self.state == CaseState.COMPLETE
            and self.approval_due is not None
            and self.approval_due < adapter.today()
        )

    @property
    def answers(self) -> dict:
        return self.submission.answers or {}


class Worker(models.Model):
    """A worker's pass (施工人员出入证), logged with the permit (RN-12, 《装修工人出入证办理表》)."""

    case = models.ForeignKey(RenovationCase, verbose_name=_("renovation"), on_delete=models.CASCADE,
                             related_name="workers")
    pass_number = models.CharField(_("pass number"), max_length=40)
    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=30)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("worker pass")
        verbose_name_plural = _("worker passes")
        ordering = ["case", "pass_number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "id_number"], name="renovation_worker_once_per_case"),
            models.UniqueConstraint(fields=["pass_number"], name="renovation_worker_pass_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pass_number} {self.name}"


class Department(models.TextChoices):
    """Who patrols every day (RN-13)."""

    SERVICE = "service", _("Customer service")
    ENGINEERING = "engineering", _("Engineering department")
    SECURITY = "security", _("Security department")


class Violation(models.TextChoices):
    NONE = "none", _("No violation")
    MINOR = "minor", _("Minor: corrected on the spot with a warning")
    SERIOUS = "serious", _("Serious: rectification notice")


class Patrol(models.Model):
    """One patrol of the site and what it found (RN-13).

    A serious violation gets a rectification notice (《装修整改通知书》): the owner is
    phoned first, then the contractor, and both sign the written record — the database
    refuses a serious violation without both calls in that order and both signatures.
    """

    case = models.ForeignKey(RenovationCase, verbose_name=_("renovation"), on_delete=models.CASCADE,
                             related_name="patrols")
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    patrolled_at = models.DateTimeField(_("patrolled at"), default=timezone.now)
    patrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("patrolled by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    findings = models.TextField(_("findings"), blank=True)
    violation = models.CharField(_("violation"), max_length=10, choices=Violation.choices, default=Violation.NONE)
    rectification = models.TextField(_("rectification asked"), blank=True)
    owner_called_at = models.DateTimeField(_("owner phoned at"), null=True, blank=True)
    contractor_called_at = models.DateTimeField(_("contractor phoned at"), null=True, blank=True)
    owner_signed = models.BooleanField(_("owner signed the record"), default=False)
    contractor_signed = models.BooleanField(_("contractor signed the record"), default=False)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-patrolled_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(violation="serious")
                | Q(
                    owner_called_at__isnull=False,
                    contractor_called_at__isnull=False,
                    owner_called_at__lte=F("contractor_called_at"),
                    owner_signed=True,
                    contractor_signed=True,
                ),
                name="renovation_serious_violation_calls_and_signatures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_department_display()} {self.patrolled_at:%Y-%m-%d}"


class Fine(models.Model):
    """A fine under the renovation agreement (RN-14, 《违章整改表》): it counts once the
    project manager has signed it, when it is charged to the unit's ledger, and it is
    deducted from the deposit at the refund (RN-20)."""

    case = models.ForeignKey(RenovationCase, verbose_name=_("renovation"), on_delete=models.CASCADE,
                             related_name="fines")
    patrol = models.ForeignKey(Patrol, verbose_name=_("found on patrol"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="fines")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed off by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    ledger_entry = models.OneToOneField(LedgerEntry, verbose_name=_("ledger entry"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fine")
        verbose_name_plural = _("fines")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="renovation_fine_positive"),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(ledger_entry__isnull=False),
                name="renovation_signed_fine_is_charged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} ¥{self.amount}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class HotWorkPermit(models.Model):
    """Written consent to hot work (动火审批, RN-15): welding, cutting, acetylene."""

    case = models.ForeignKey(RenovationCase, verbose_name=_("renovation"), on_delete=models.CASCADE,
                             related_name="hot_work_permits")
    work = models.CharField(_("hot work"), max_length=200)
    location = models.CharField(_("location"), max_length=200)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    fire_watch = models.CharField(_("fire watch"), max_length=50,
                                  help_text=_("Who stands by with an extinguisher during the work."))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("hot-work permit")
        verbose_name_plural = _("hot-work permits")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="renovation_hot_work_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.work}"
