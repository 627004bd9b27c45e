"""An activity's committee follows from its programme. PostgreSQL's planner
takes the two filters (committee and programme) as independent and, in a
national installation, expects a programme's 10,000 rows to be 300: it then
sorts every row of the year instead of walking the (programme, start date)
index for the first page. Extended statistics tell it the one depends on the
other."""

from django.db import migrations

NAME = "activity_programme_committee"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (dependencies, ndistinct) "
        "ON programme_id, committee_id FROM activities_activity"
    )
    schema_editor.execute("ANALYZE activities_activity")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0012_committee_indexes")]

    operations = [migrations.RunPython(create, drop)]
