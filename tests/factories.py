import datetime

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

    @factory.post_generation
    def _verified_email(self, create, extracted, **kwargs):
        # Sign-up verifies the address before the first login (ACCOUNT_EMAIL_VERIFICATION).
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


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


class StoryFactory(factory.django.DjangoModelFactory):
    """A STAR story written straight to the table; use stories.services for revisions."""

    class Meta:
        model = "stories.Story"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Checkout latency rescue {n}")
    situation = "Checkout slowed to three seconds at peak and carts were being abandoned."
    task = "I owned the order service and had to bring p95 under 300 ms before the sale."
    action = "I profiled the hot path, I moved payment calls to a queue and I added caching."
    result = "Latency fell from 3 s to 180 ms and abandonment dropped by 18 %."


class StoryMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stories.StoryMetric"

    story = factory.SubFactory(StoryFactory)
    label = "p95 checkout latency"
    before_value = 3000
    after_value = 180
    unit = "ms"


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.Portfolio"

    owner = factory.SubFactory(UserFactory)
    current_role = "Senior Engineering Manager"
    years_of_experience = 12
    team_size_and_scope = "18 engineers in 3 teams: checkout, payments, fraud"
    budget = "$4M a year"
    technical_domains = "Distributed systems\nPayments"
    notable_achievements = "Cut checkout p99 latency by 70%\nGrew two engineers into tech leads"
    summary_text = "I lead the teams that move money for a marketplace of two million buyers."


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.CaseStudy"

    portfolio = factory.SubFactory(PortfolioFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Payments platform split {n}")
    kind = "architecture"
    role = "Engineering manager and architect"
    team_size = "12 engineers"
    duration = "9 months"
    technologies = "PostgreSQL\nKafka"
    situation = "One database served every team and failed at peak."
    task = "Split payments out without downtime."
    actions_technical = "Introduced an outbox and moved reads first."
    results = "No incident during the move."
    architecture_diagram = "graph TD\n  A[Checkout] --> B[Payments]"
    lessons_learned = "Move reads before writes."


class CaseStudyMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.CaseStudyMetric"

    case_study = factory.SubFactory(CaseStudyFactory)
    position = factory.Sequence(lambda n: n)
    group = "technical"
    name = "p99 latency"
    before = 450.0
    before_unit = "ms"
    after = 120.0
    after_unit = "ms"
    period = "over 6 months"


class DecisionRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.DecisionRecord"

    portfolio = factory.SubFactory(PortfolioFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Adopt an event bus {n}")
    status = "accepted"
    context = "Teams waited on each other's releases."
    decision = "Publish domain events through Kafka."


class DecisionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.DecisionOption"

    record = factory.SubFactory(DecisionRecordFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Option {n}")
    pros = "Fewer moving parts"
    cons = "Harder to scale"


class DashboardMetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portfolio.DashboardMetric"

    portfolio = factory.SubFactory(PortfolioFactory)
    position = factory.Sequence(lambda n: n)
    group = "delivery"
    name = factory.Sequence(lambda n: f"Deployments per day {n}")
    value = "8/day"
    trend = "up"
    target = "10/day"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Application"

    owner = factory.SubFactory(UserFactory)
    company = factory.Sequence(lambda n: f"Amazon {n}")
    role = "Senior Engineering Manager"
    level = "L7"
    status = "onsite"


class LoopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Loop"

    application = factory.SubFactory(ApplicationFactory)
    kind = "onsite"
    starts_on = datetime.date(2030, 3, 4)
    ends_on = datetime.date(2030, 3, 4)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "interviews.Round"

    loop = factory.SubFactory(LoopFactory)
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2030, 3, 4, 9, tzinfo=datetime.UTC)
            + datetime.timedelta(minutes=61 * (n % 8))
        )
    )
    length_minutes = 60
    kind = "behavioural"
