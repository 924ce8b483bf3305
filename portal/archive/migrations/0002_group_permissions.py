"""Staff groups receive the permissions of this app (see portal.organisation.groups)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
