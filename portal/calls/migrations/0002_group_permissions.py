"""The visitor and call log: the assistants and the supervisor record, the project manager reads."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
