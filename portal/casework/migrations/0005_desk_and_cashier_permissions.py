"""The desk (客服助理, 客服主管, 项目经理) opens cases for owners who come in person; the
cashier (收银员) sees the cases it collects payments for."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_desk_channel_and_queue_indexes"),
        ("releases", "0002_group_permissions"),
        ("parkingcases", "0002_group_permissions"),
    ]

    # The groups are given their permissions after every migrate by
    # portal.organisation.groups.sync_group_permissions; this step stays in the history.
    operations = []
