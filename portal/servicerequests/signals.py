"""Every ``request`` sent online opens its 《客户需求、建议受理表》 entry as it is saved."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.casework.models import Submission
from portal.casework.procedures import Procedure


@receiver(post_save, sender=Submission, dispatch_uid="servicerequests_open_request")
def open_service_request(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.procedure != Procedure.REQUEST:
        return
    from .services import open_from_submission

    # After the request's own transaction: its answers and unit are complete.
    transaction.on_commit(lambda: open_from_submission(instance, by=instance.author), robust=True)
