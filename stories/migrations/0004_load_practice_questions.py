from django.db import migrations

from stories.reference_data import practice_questions_load


def load_questions(apps, schema_editor):
    practice_questions_load(apps)


def unload_questions(apps, schema_editor):
    apps.get_model("stories", "PracticeQuestion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0003_story_bank")]

    operations = [migrations.RunPython(load_questions, unload_questions)]
