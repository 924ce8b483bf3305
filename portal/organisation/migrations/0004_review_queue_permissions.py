"""The review queue: who sees the cases and who approves, rejects, asks and assigns."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_page_moderation"),
        ("casework", "0003_review_permissions"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
