"""Repairs: the desk enters and receives them, engineering picks up and completes, the cashier enters paid fees."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("repairs", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
