"""Every ``complaint`` application opens its case as it is saved, whoever made it
(the owner online, staff at the desk, the demo)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.casework.models import Submission
from portal.casework.procedures import Procedure


@receiver(post_save, sender=Submission, dispatch_uid="complaints_open_case")
def open_complaint_case(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.procedure != Procedure.COMPLAINT:
        return
    from .services import open_case

    # After the application's own transaction: its answers and unit are complete.
    transaction.on_commit(lambda: open_case(instance, by=instance.author), robust=True)
