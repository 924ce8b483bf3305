"""Goods release passes: the desk (客服助理, 客服主管, 项目经理) handles them."""

from django.db import migrations

from portal.organisation.groups import apply_group_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0001_initial"),
        ("organisation", "0005_issued_record_permissions"),
    ]

    operations = [migrations.RunPython(apply_group_permissions, migrations.RunPython.noop)]
