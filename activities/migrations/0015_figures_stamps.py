"""The figures stamps, kept by triggers (activities/stamps.py)."""

from django.db import migrations, models

from activities import stamps


def install(apps, schema_editor):
    stamps.install(schema_editor.connection)


def remove(apps, schema_editor):
    stamps.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0014_search_trigram_by_committee"),
        ("programmes", "0006_reporting_deadlines"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("programme", models.BigIntegerField()),
                ("status", models.CharField(blank=True, max_length=20)),
                ("stamp", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("programme", "status"), name="figures_stamp_unique_key")
                ],
            },
        ),
        migrations.RunPython(install, remove),
    ]
