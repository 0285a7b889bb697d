"""Reference data every account shares: the 16 principles and their practice questions.

Loaded by data migrations (with historical models) and, through the same functions, by the
test suite after a flush empties the tables. Both loaders are idempotent.
"""

from django.apps import apps as installed_apps
from django.apps.registry import Apps

from stories.practice_questions import PRACTICE_QUESTIONS
from stories.principles import LEADERSHIP_PRINCIPLES


def principles_load(apps: Apps = installed_apps) -> None:
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    for order, (slug, name, description) in enumerate(LEADERSHIP_PRINCIPLES, start=1):
        principle_model.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "display_order": order},
        )


def practice_questions_load(apps: Apps = installed_apps) -> None:
    principle_model = apps.get_model("stories", "LeadershipPrinciple")
    question_model = apps.get_model("stories", "PracticeQuestion")
    principles = {principle.slug: principle for principle in principle_model.objects.all()}
    for slug, questions in PRACTICE_QUESTIONS.items():
        for position, text in enumerate(questions, start=1):
            question_model.objects.update_or_create(
                principle=principles[slug], position=position, defaults={"text": text}
            )


def reference_data_load() -> None:
    principles_load()
    practice_questions_load()
