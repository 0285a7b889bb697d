from django.db import migrations

from practice.reference_data import library_load


def load_library(apps, schema_editor):
    library_load(apps, version=1)


def unload_library(apps, schema_editor):
    apps.get_model("practice", "LibraryItem").objects.filter(owner__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0001_initial"),
        ("stories", "0004_load_practice_questions"),
    ]

    operations = [migrations.RunPython(load_library, unload_library)]
