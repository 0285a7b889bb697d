from django.db import migrations

from stories.principles import LEADERSHIP_PRINCIPLES
from stories.reference_data import principles_load


def load_principles(apps, schema_editor):
    principles_load(apps)


def unload_principles(apps, schema_editor):
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    principle_model.objects.filter(slug__in=[slug for slug, _, _ in LEADERSHIP_PRINCIPLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(load_principles, unload_principles)]
