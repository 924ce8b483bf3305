"""The census's deadlines as instants, for the clocks: the end of each due day in Asia/Shanghai."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models

SHANGHAI = ZoneInfo("Asia/Shanghai")


def end_of_day(day):
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=SHANGHAI)


def fill(apps, schema_editor):
    MonthlyCensus = apps.get_model("census", "MonthlyCensus")
    for census in MonthlyCensus.objects.all():
        census.census_due_at = end_of_day(census.census_due)
        census.report_due_at = end_of_day(census.report_due)
        census.save(update_fields=["census_due_at", "report_due_at"])


class Migration(migrations.Migration):
    dependencies = [("census", "0002_group_permissions")]

    operations = [
        migrations.AddField(
            model_name="monthlycensus", name="census_due_at",
            field=models.DateTimeField(null=True, verbose_name="census due by"),
        ),
        migrations.AddField(
            model_name="monthlycensus", name="report_due_at",
            field=models.DateTimeField(null=True, verbose_name="report due by"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="monthlycensus", name="census_due_at",
            field=models.DateTimeField(db_index=True, verbose_name="census due by"),
        ),
        migrations.AlterField(
            model_name="monthlycensus", name="report_due_at",
            field=models.DateTimeField(db_index=True, verbose_name="report due by"),
        ),
    ]
