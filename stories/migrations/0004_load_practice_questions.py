from django.db import migrations

from stories.practice_questions import PRACTICE_QUESTIONS


def load_questions(apps, schema_editor):
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    question_model = apps.get_model("stories", "PracticeQuestion")
    principles = {principle.slug: principle for principle in principle_model.objects.all()}
    for slug, questions in PRACTICE_QUESTIONS.items():
        for position, text in enumerate(questions, start=1):
            question_model.objects.update_or_create(
                principle=principles[slug], position=position, defaults={"text": text}
            )


def unload_questions(apps, schema_editor):
    apps.get_model("stories", "PracticeQuestion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0003_story_bank")]

    operations = [migrations.RunPython(load_questions, unload_questions)]
