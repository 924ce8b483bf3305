"""Parking applications: the desk (客服助理, 客服主管, 项目经理) works them, the cashier records the rent."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("parkingcases", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
