"""Every ``repair`` report opens its order as it is saved, whoever made it (the owner
online, staff at the desk, the demo)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.casework.models import Submission
from portal.casework.procedures import Procedure


@receiver(post_save, sender=Submission, dispatch_uid="repairs_open_order")
def open_repair_order(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.procedure != Procedure.REPAIR:
        return
    from .services import open_from_submission

    # After the report's own transaction: its answers and unit are complete.
    transaction.on_commit(lambda: open_from_submission(instance, by=instance.author), robust=True)
