"""Free-text search by trigram on PostgreSQL: a GIN index over the folded
search text (title, description and reference, folded as on every database),
which answers the list's LIKE '%word%' filters. SQLite keeps its scan."""

from django.db import migrations

INDEX = "activity_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON activities_activity USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0009_activity_totals")]

    operations = [migrations.RunPython(create, drop)]
