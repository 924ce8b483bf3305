"""Every ``renovation`` application opens its case as it is saved, whoever made it (the
owner online, staff at the desk, the demo); a completion acceptance or deposit refund
request is linked to the case of the renovation it names."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.casework.models import Submission
from portal.casework.procedures import Procedure

FOLLOWING_REQUESTS = (Procedure.RENOVATION_ACCEPTANCE, Procedure.DEPOSIT_REFUND)


@receiver(post_save, sender=Submission, dispatch_uid="renovations_open_case")
def open_renovation_case(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    from . import services

    # After the application's own transaction: its answers, unit and files are complete.
    if instance.procedure == Procedure.RENOVATION:
        transaction.on_commit(lambda: services.open_case(instance, by=instance.author), robust=True)
    elif instance.procedure in FOLLOWING_REQUESTS:
        transaction.on_commit(lambda: services.link_request(instance, by=instance.author), robust=True)
