"""Satisfaction surveys: the desk enters paper questionnaires and replies; supervisors and the project manager run the rounds; the manager approves replies."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
