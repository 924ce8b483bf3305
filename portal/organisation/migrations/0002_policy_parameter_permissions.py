"""The project manager schedules the policy parameters (and nobody else does)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_staff_groups"),
        ("policies", "0001_initial"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
