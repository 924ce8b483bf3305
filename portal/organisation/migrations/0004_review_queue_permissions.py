"""The review queue: who sees the cases and who approves, rejects, asks and assigns."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_page_moderation"),
        ("casework", "0003_review_permissions"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
