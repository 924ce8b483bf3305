"""The project manager schedules the policy parameters (and nobody else does)."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_staff_groups"),
        ("policies", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
