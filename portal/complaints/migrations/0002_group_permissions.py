"""Complaints: the desk handles them, the supervisor assesses them, extensions by grade (CP-6)."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
