import factory
from django.utils import timezone

from accounts.models import User

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    display_name = factory.Faker("name")
    timezone = "UTC"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class ReminderPreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reminders.ReminderPreferences"

    owner = factory.SubFactory(UserFactory)


class SentReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reminders.SentReminder"

    owner = factory.SubFactory(UserFactory)
    kind = "weekly_digest"
    period = factory.Sequence(lambda n: f"2026-W{n % 52 + 1:02d}-{n}")
    status = "sent"
    subject = "Week 3: your PrepSite digest"
    attempts = 1
    sent_at = factory.LazyFunction(timezone.now)
