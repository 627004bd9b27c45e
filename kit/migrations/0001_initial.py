from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("coordination", "0005_audit_password_changed"),
    ]

    # The table stays where it is: only Django's idea of which app owns the
    # model changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkerHeartbeat",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("hostname", models.CharField(max_length=255, unique=True)),
                        ("token", models.CharField(blank=True, max_length=64)),
                        ("seen_at", models.DateTimeField()),
                    ],
                    options={
                        "verbose_name": "worker heartbeat",
                        "verbose_name_plural": "worker heartbeats",
                        "db_table": "coordination_workerheartbeat",
                    },
                ),
            ],
        ),
    ]
