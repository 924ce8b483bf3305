"""Submissions: one per application an owner (or staff at the desk) completes; and the
drafts of applications an owner has started online but not yet submitted."""

import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.estate.models import Household, Person, Unit

from .procedures import Procedure


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    IN_PROGRESS = "in_progress", _("In progress")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.INFO_REQUESTED, SubmissionStatus.IN_PROGRESS,
                 SubmissionStatus.APPROVED)

# Open cases whose next step is the service centre's: not those waiting for the applicant's
# answer (info_requested), nor those approved and waiting for the work to be done.
AWAITING_SERVICE_CENTRE = (SubmissionStatus.SUBMITTED, SubmissionStatus.IN_PROGRESS)


class Channel(models.TextChoices):
    """How the application reached the service centre."""

    ONLINE = "online", _("Online")
    DESK = "desk", _("At the desk")


class SubmissionQuerySet(models.QuerySet):
    def visible_to_person(self, person):
        """What an owner or tenant may see: cases they applied for, or cases of the
        households they currently belong to."""
        if person is None:
            return self.none()
        return self.filter(
            Q(applicant=person)
            | Q(household__members__person=person, household__members__ended_on__isnull=True)
        ).distinct()

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        """Past their due time and still waiting for the service centre."""
        return self.filter(status__in=AWAITING_SERVICE_CENTRE, due_at__lt=now or timezone.now())


class Submission(index.Indexed, models.Model):
    """One completed application: the answers as given, the files, and the policy
    decision as it stood when submitted (``decision``: outcome, values, reasons,
    params_version), which a later change of parameters never rewrites.

    ``applicant`` is the person the case is for; ``author`` the login that entered it:
    the applicant's own online, a member of staff at the desk (``channel``). An
    applicant asked for more information amends and resubmits the same case
    (:func:`portal.casework.services.resubmit`); the answers it replaced are kept in
    its audit history."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    applicant = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="submissions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="authored_submissions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    answers = models.JSONField(_("answers"), default=dict, encoder=DjangoJSONEncoder)
    decision = models.JSONField(_("decision snapshot"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_submissions",
    )
    status_note = models.TextField(
        _("note to the applicant"), blank=True, help_text=_("E.g. the reason for a rejection.")
    )
    client_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False,
        help_text="One per wizard run: a replayed final step finds the submission it already made.",
    )

    objects = SubmissionQuerySet.as_manager()

    search_fields = [
        index.SearchField("reference"),
        index.AutocompleteField("reference"),
        index.RelatedFields("applicant", [index.SearchField("name")]),
        index.RelatedFields("unit", [index.SearchField("number")]),
        index.FilterField("procedure"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-id"]
        # The review actions (portal.casework.review); the groups holding them are in
        # portal.organisation.groups.
        permissions = [
            ("approve_submission", "Can approve submissions"),
            ("approve_renovation", "Can approve renovation applications and deposit refunds (RN-10, RN-20)"),
            ("reject_submission", "Can reject submissions"),
            ("request_information", "Can ask applicants for more information"),
            ("assign_submission", "Can assign submissions to staff"),
            ("enter_submission", "Can open cases at the desk for owners and tenants"),
        ]
        # The review queue's listings: newest first, by procedure, and what is overdue.
        indexes = [
            models.Index(fields=["-submitted_at", "-id"], name="submission_newest_idx"),
            models.Index(fields=["procedure", "-submitted_at", "-id"], name="submission_procedure_idx"),
            # Covers the overdue filter and its sort (review.overdue_condition).
            models.Index(fields=["status", "due_at", "submitted_at"], name="submission_overdue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_procedure_display()}"


def submission_file_path(instance, filename: str) -> str:
    """Stored under a random name; the original name is kept on the record."""
    return f"submissions/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


def private_storage():
    """The storage for uploaded case files: never under a publicly served folder."""
    return storages["private"]


class SubmissionFile(models.Model):
    """An uploaded document of a submission, kept in private storage."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="files"
    )
    code = models.CharField(_("document"), max_length=50, help_text=_("Which document this is, e.g. floor_plan."))
    file = models.FileField(_("file"), upload_to=submission_file_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["submission", "code", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReferenceCounter(models.Model):
    """The last number handed out per prefix and year (``ZX-2026-000123``)."""

    prefix = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")]


# A draft nobody has touched for this long is abandoned (purge_abandoned_drafts).
DRAFT_LIFETIME = timedelta(days=30)


class WizardTempStorage(FileSystemStorage):
    """Files uploaded during an unfinished application, under
    ``PRIVATE_MEDIA_ROOT/wizard-tmp``: private, and read from the settings on every
    use rather than once at import."""

    @property
    def base_location(self):
        return os.path.join(settings.PRIVATE_MEDIA_ROOT, "wizard-tmp")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


wizard_temp_storage = WizardTempStorage()


class DraftQuerySet(models.QuerySet):
    def for_person(self, person):
        """The person's unfinished applications, most recently touched first."""
        if person is None:
            return self.none()
        return self.filter(person=person).order_by("-updated_at", "-id")

    def abandoned(self, now=None):
        """Drafts untouched for longer than :data:`DRAFT_LIFETIME`."""
        return self.filter(updated_at__lt=(now or timezone.now()) - DRAFT_LIFETIME)


class Draft(models.Model):
    """An application an owner has started online and not yet submitted.

    Saved after every completed step and on "save and continue later", so that a lost
    session or a closed browser costs nothing. ``data`` holds the answers of each step
    as typed (``{step: {field: [values]}}``); ``files`` the uploads kept in
    :data:`wizard_temp_storage` (``{step: {field: {"tmp_name", "name", "content_type",
    "size", "charset"}}}``). ``run_token`` identifies the run of the form: the
    submission it ends in carries the same token, and submitting deletes the draft.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="drafts")
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    run_token = models.CharField(max_length=64, unique=True, editable=False)
    step = models.CharField(_("step"), max_length=50)
    data = models.JSONField(_("answers so far"), default=dict, blank=True)
    files = models.JSONField(_("uploaded files"), default=dict, blank=True)
    path = models.CharField(
        _("form address"), max_length=200, help_text=_("Where the form is served, e.g. /services/repair/.")
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True, db_index=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("draft application")
        verbose_name_plural = _("draft applications")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_procedure_display()} ({self.person})"

    @property
    def resume_url(self) -> str:
        """Where the owner continues this application."""
        return f"{self.path}?draft={self.pk}"

    @property
    def expires_at(self):
        """When the draft counts as abandoned unless it is saved again."""
        return self.updated_at + DRAFT_LIFETIME

    def temp_file_names(self) -> list[str]:
        """The names, in :data:`wizard_temp_storage`, of the files this draft holds."""
        return [
            entry["tmp_name"]
            for step_files in (self.files or {}).values()
            for entry in step_files.values()
            if isinstance(entry, dict) and entry.get("tmp_name")
        ]

    def delete_files(self) -> None:
        """Remove the draft's uploaded files (missing ones are ignored)."""
        for name in self.temp_file_names():
            wizard_temp_storage.delete(name)
