"""Complaints: the desk handles them, the supervisor assesses them, extensions by grade (CP-6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
