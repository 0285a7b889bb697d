from django.db import migrations

from stories.principles import LEADERSHIP_PRINCIPLES


def load_principles(apps, schema_editor):
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    for order, (slug, name, description) in enumerate(LEADERSHIP_PRINCIPLES, start=1):
        principle_model.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "display_order": order},
        )


def unload_principles(apps, schema_editor):
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    principle_model.objects.filter(slug__in=[slug for slug, _, _ in LEADERSHIP_PRINCIPLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(load_principles, unload_principles)]
