"""Lets administrators grant the issued-records permissions to staff groups in the admin."""

from django.contrib.auth.models import Permission
from wagtail import hooks


@hooks.register("register_permissions")
def register_issued_document_permissions():
    return Permission.objects.filter(
        content_type__app_label="documents",
        codename__in=["view_issueddocument", "mark_used_issueddocument"],
    )
