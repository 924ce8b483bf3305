"""Staff groups receive the permissions of this app (see portal.organisation.groups)."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
