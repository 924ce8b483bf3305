"""Issued records: who reads permits, passes and memos, and who marks a pass used at the gate."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_review_queue_permissions"),
        ("documents", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
