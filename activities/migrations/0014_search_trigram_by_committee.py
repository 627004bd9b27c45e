"""The trigram index over the search text leads with the committee (btree_gin
lets a GIN index hold the id beside the trigrams): a committee's search reads
its own matches, not those of every committee of a national installation.
PostgreSQL only, as 0010."""

from django.db import migrations

INDEX = "activity_search_trgm"


def by_committee(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON activities_activity USING gin (committee_id, search_text gin_trgm_ops)"
    )


def text_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON activities_activity USING gin (search_text gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("activities", "0013_programme_committee_statistics")]

    operations = [migrations.RunPython(by_committee, text_only)]
