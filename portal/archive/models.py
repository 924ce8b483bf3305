"""Owner files (业主档案) and who may read them (AR-5).

An owner file is a record of the register about people: a :class:`~portal.estate.models.Person`
or a :class:`~portal.estate.models.Household` (the family register of a unit). Staff outside
the desk ask to read one with an :class:`AccessRequest`; the project manager approves it
for a limited time or refuses it. Every look at an owner file, allowed or refused, leaves a
:class:`FileView`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.estate.models import Household, Person


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for the project manager")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class OwnerFileQuerySet(models.QuerySet):
    def for_file(self, owner_file):
        """Rows about ``owner_file`` (a person or a household)."""
        if isinstance(owner_file, Household):
            return self.filter(household=owner_file)
        if isinstance(owner_file, Person):
            return self.filter(person=owner_file)
        raise TypeError(f"Not an owner file: {owner_file!r}")


class AccessRequestQuerySet(OwnerFileQuerySet):
    def in_force(self, at=None):
        """Approved requests whose time has not run out at ``at`` (default: now)."""
        return self.filter(state=RequestState.APPROVED, expires_at__gt=at or timezone.now())


class _OwnerFileRecord(models.Model):
    """A row about exactly one owner file: a person or a household."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def owner_file(self):
        return self.person if self.person_id else self.household

    @property
    def owner_file_label(self) -> str:
        if self.person_id:
            return f"{self.person} ({Person._meta.verbose_name})"
        return f"{self.household} ({Household._meta.verbose_name})"


def _exactly_one_file(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(person__isnull=False) & Q(household__isnull=True))
        | (Q(person__isnull=True) & Q(household__isnull=False)),
        name=name,
        violation_error_message=_("Choose either a person or a household."),
    )


class AccessRequest(_OwnerFileRecord):
    """A request of a member of staff to read one owner file (《业主档案》查阅申请, AR-5).

    Approved requests carry ``expires_at``: the file may be read until then. A requester
    has at most one request waiting per file.
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why the file is needed"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("access until"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("owner file access request")
        verbose_name_plural = _("owner file access requests")
        ordering = ["-requested_at", "-id"]
        permissions = [("decide_accessrequest", "Can approve or refuse owner file access requests")]
        constraints = [
            _exactly_one_file("accessrequest_exactly_one_file"),
            models.CheckConstraint(
                condition=~Q(state=RequestState.APPROVED) | Q(expires_at__isnull=False),
                name="accessrequest_approval_expires",
            ),
            models.UniqueConstraint(
                fields=["requester", "person"],
                condition=Q(state=RequestState.PENDING, person__isnull=False),
                name="accessrequest_one_pending_per_person",
                violation_error_message=_("You have already asked to read this file."),
            ),
            models.UniqueConstraint(
                fields=["requester", "household"],
                condition=Q(state=RequestState.PENDING, household__isnull=False),
                name="accessrequest_one_pending_per_household",
                violation_error_message=_("You have already asked to read this file."),
            ),
        ]
        indexes = [models.Index(fields=["requester", "state", "expires_at"], name="accessrequest_in_force_idx")]

    def __str__(self) -> str:
        return f"{self.owner_file_label} · {self.requester}"

    def is_in_force(self, at=None) -> bool:
        return (
            self.state == RequestState.APPROVED
            and self.expires_at is not None
            and self.expires_at > (at or timezone.now())
        )


class ViewKind(models.TextChoices):
    INSPECT = "inspect", _("Opened the file")
    EDIT = "edit", _("Opened the file to edit it")
    EXPORT = "export", _("Exported in a listing")


class FileView(_OwnerFileRecord):
    """One look at an owner file: who, when, which file, how, and whether it was allowed."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("viewed by"), on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("how"), max_length=10, choices=ViewKind.choices)
    allowed = models.BooleanField(_("allowed"))
    access_request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("under the approval"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="views",
    )

    objects = OwnerFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("owner file view")
        verbose_name_plural = _("owner file views")
        ordering = ["-viewed_at", "-id"]
        constraints = [_exactly_one_file("fileview_exactly_one_file")]

    def __str__(self) -> str:
        return f"{self.viewed_at:%Y-%m-%d %H:%M} {self.viewer} {self.owner_file_label}"
