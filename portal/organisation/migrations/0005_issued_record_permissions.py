"""Issued records: who reads permits, passes and memos, and who marks a pass used at the gate."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_review_queue_permissions"),
        ("documents", "0001_initial"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
