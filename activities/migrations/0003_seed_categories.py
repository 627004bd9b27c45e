from django.db import migrations


def seed(apps, schema_editor):
    from programmes.categories import CATEGORIES

    ActivityCategory = apps.get_model("activities", "ActivityCategory")
    for order, (code, name, measures) in enumerate(CATEGORIES, start=1):
        ActivityCategory.objects.get_or_create(
            code=code, defaults={"name": name, "measures": measures, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
