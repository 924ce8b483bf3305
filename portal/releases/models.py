"""The service centre's case for one goods release pass application (物品放行, GR-1…GR-7).

One :class:`ReleaseCase` per ``release-pass`` submission: the consent call (GR-5), the
signatures (GR-6), the pass issued (GR-7) with the decision it was issued on, and — read
from that pass — whether security has let the goods out. The case changes only through
:mod:`portal.releases.services`.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.casework.models import Submission
from portal.documents.models import IssuedDocument


class CaseState(models.TextChoices):
    OPENED = "opened", _("Opened")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    SIGNATURES_RECORDED = "signatures_recorded", _("Signatures recorded")
    ISSUED = "issued", _("Pass issued")
    USED = "used", _("Used at the gate")
    REFUSED = "refused", _("Refused")


class ConsentFrom(models.TextChoices):
    """Whom the service centre phones for consent (GR-5), as ``release.pass`` names them."""

    OWNER = "owner", _("The owner")
    COMPANY = "company", _("The company's responsible person")
    RENOVATION_LEAD = "renovation_lead", _("The renovation's responsible person")


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", _("Agreed")
    REFUSED = "refused", _("Did not agree")
    UNREACHABLE = "unreachable", _("Could not be reached")


class ReleaseCase(models.Model):
    """A release pass application as the service centre works it.

    ``state`` is stored up to ``issued``; ``used`` is read from the issued pass
    (:attr:`stage`), since security marks the pass, not the case, at the gate.
    ``decision`` is the ``release.pass`` snapshot the pass was issued on.
    """

    submission = models.OneToOneField(
        Submission, verbose_name=_("application"), on_delete=models.PROTECT, related_name="release_case"
    )
    state = models.CharField(
        _("state"), max_length=30, choices=CaseState.choices, default=CaseState.OPENED, db_index=True
    )
    consent_from = models.CharField(
        _("consent needed from"), max_length=20, choices=ConsentFrom.choices, blank=True,
        help_text=_("Empty when the owner carries their own goods."),
    )
    consent_called_at = models.DateTimeField(_("consent call made at"), null=True, blank=True)
    consent_answer = models.CharField(_("consent answer"), max_length=20, choices=ConsentAnswer.choices, blank=True)
    consent_note = models.TextField(_("note on the call"), blank=True)
    owner_signed = models.BooleanField(_("owner signed"), default=False)
    phone_recording_ref = models.CharField(
        _("phone recording reference"), max_length=200, blank=True,
        help_text=_("Where the recorded consent call is kept, when the owner did not sign (GR-6)."),
    )
    document = models.OneToOneField(
        IssuedDocument, verbose_name=_("pass issued"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="release_case",
    )
    decision = models.JSONField(_("decision at issue"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last handled by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("goods release case")
        verbose_name_plural = _("goods release cases")
        ordering = ["-opened_at", "-id"]
        permissions = [("handle_releasecase", "Can handle goods release passes")]

    def __str__(self) -> str:
        return self.submission.reference

    @property
    def stage(self) -> str:
        """The state as staff and owners know it: ``used`` once security has let the goods out."""
        if self.state == CaseState.ISSUED and self.document_id and self.document.used_at is not None:
            return CaseState.USED
        return self.state

    def get_stage_display(self) -> str:
        return str(CaseState(self.stage).label)

    @property
    def needs_consent(self) -> bool:
        return bool(self.consent_from)
