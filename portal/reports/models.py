"""Reports hold no data of their own: this model only carries the permission to read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportAccess(models.Model):
    """``reports.view_reports``: the desk, the supervisors and the project manager read the reports."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", "Can view reports")]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
