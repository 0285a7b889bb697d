import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# One entry longer than a day is a typo, not a study session.
MAX_ACTIVITY_MINUTES = 24 * 60


class Level(models.TextChoices):
    L6 = "L6", "L6 · Senior Engineering Manager"
    L7 = "L7", "L7 · Principal Engineering Manager"


class Phase(models.TextChoices):
    FUNDAMENTALS = "fundamentals", "Fundamentals"
    DEEP_DIVE = "deep_dive", "Deep dive"
    PRACTICE = "practice", "Practice"
    MOCK_AND_POLISH = "mock_and_polish", "Mock and polish"


class Area(models.TextChoices):
    """The four areas the level's hour budget is split into."""

    DESIGN = "design", "System design"
    CODING = "coding", "Coding"
    BEHAVIOURAL = "behavioural", "Behavioural"
    MOCKS = "mocks", "Mock interviews"


class GoalKind(models.TextChoices):
    SYSTEM_DESIGN = "system_design", "System-design problems"
    CODING = "coding", "Coding problems"
    STAR_STORY = "star_story", "STAR stories documented"
    MOCK_INTERVIEW = "mock_interview", "Mock interviews"
    CUSTOM = "custom", "Custom goal"


class ActivityKind(models.TextChoices):
    CODING = "coding", "Coding problem"
    SYSTEM_DESIGN = "system_design", "System-design problem"
    MOCK_INTERVIEW = "mock_interview", "Mock interview"
    STAR_STORY = "star_story", "STAR story"
    STUDY_SESSION = "study_session", "Study session"
    CUSTOM = "custom", "Custom goal"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class InterviewType(models.TextChoices):
    CODING = "coding", "Coding"
    SYSTEM_DESIGN = "system_design", "System design"
    BEHAVIOURAL = "behavioural", "Behavioural"
    BAR_RAISER = "bar_raiser", "Bar raiser"


class Plan(models.Model):
    """A user's own copy of the study plan, generated from a versioned template."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_plan"
    )
    level = models.CharField(max_length=2, choices=Level.choices)
    start_date = models.DateField()
    interview_date = models.DateField(null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(80)]
    )
    template_version = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interview_date__isnull=True)
                | models.Q(interview_date__gt=models.F("start_date")),
                name="studyplan_plan_interview_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} plan of {self.owner}"


class PlanWeek(models.Model):
    """One calendar week (Monday to Sunday) of a plan: study content or a break."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="weeks")
    # Position in the calendar, breaks included; the services renumber after every shift.
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField(help_text="Always a Monday.")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    is_break = models.BooleanField(default=False)
    template_week = models.PositiveSmallIntegerField(null=True, blank=True)
    focus = models.CharField(max_length=200, blank=True)
    goals_text = models.TextField(blank=True, help_text="One goal per line.")
    planned_design_minutes = models.PositiveIntegerField(default=0)
    planned_coding_minutes = models.PositiveIntegerField(default=0)
    planned_behavioural_minutes = models.PositiveIntegerField(default=0)
    planned_mocks_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["plan", "starts_on"])]

    def __str__(self) -> str:
        return f"Week {self.number} ({self.starts_on:%d %b %Y})"

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=6)

    def planned_minutes(self, area: str) -> int:
        return getattr(self, f"planned_{area}_minutes")

    @property
    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.goals_text.splitlines() if line.strip()]


class Goal(models.Model):
    """A numeric weekly target; progress is counted from activities, never stored."""

    week = models.ForeignKey(PlanWeek, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(max_length=20, choices=GoalKind.choices)
    title = models.CharField(max_length=120, blank=True)
    target = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "kind"],
                condition=~models.Q(kind="custom"),
                name="studyplan_goal_one_per_kind_per_week",
            ),
            models.CheckConstraint(
                condition=models.Q(target__lte=100), name="studyplan_goal_target_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.target}"

    @property
    def label(self) -> str:
        return self.title if self.kind == GoalKind.CUSTOM else self.get_kind_display()


class Activity(models.Model):
    """Something the user did on a day; goals and hours are counted from these."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_activities"
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    # Blank for a custom-goal tick logged without time.
    area = models.CharField(max_length=20, choices=Area.choices, blank=True)
    occurred_on = models.DateField(help_text="The day, in the user's time zone.")
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_ACTIVITY_MINUTES)]
    )
    link = models.URLField(blank=True)
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices, blank=True)
    pattern = models.CharField(max_length=80, blank=True)
    solved = models.BooleanField(null=True, blank=True)
    design_level = models.CharField(max_length=2, choices=Level.choices, blank=True)
    notes = models.TextField(blank=True)
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    # Set by other apps (e.g. "story:42") so their repeated calls update one row.
    source_key = models.CharField(max_length=100, null=True, blank=True)
    logged_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["owner", "occurred_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source_key"],
                condition=models.Q(source_key__isnull=False),
                name="studyplan_activity_unique_source",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__lte=MAX_ACTIVITY_MINUTES),
                name="studyplan_activity_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class MockInterview(models.Model):
    """A practice interview, held or planned; its Activity row carries the date and minutes.

    A mock is *held* once its day is not in the future (in the owner's time zone) and a score
    is recorded; only then does it count toward the mock-interview goal and the mock hours.
    Until then it is *planned* (the day is ahead) or *awaiting its result* (the day has come,
    no score yet). The services refuse a score on a day still ahead.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_interviews"
    )
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="mock_interview"
    )
    interview_type = models.CharField(max_length=20, choices=InterviewType.choices)
    held_on = models.DateField()
    interviewer = models.CharField(max_length=120, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = strong no hire … 5 = strong hire; empty until the mock has happened.",
    )
    principles = models.ManyToManyField(
        "stories.LeadershipPrinciple", blank=True, related_name="mock_interviews"
    )
    feedback = models.TextField(blank=True)
    follow_ups = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="studyplan_mock_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_interview_type_display()} mock on {self.held_on}"

    def is_held(self, today: datetime.date) -> bool:
        return self.score is not None and self.held_on <= today

    @property
    def short_name(self) -> str:
        """ "Bar raiser mock", "Coding mock": how the week page names it."""
        return f"{self.get_interview_type_display()} mock"


class WeeklyReview(models.Model):
    """Keyed by the week's Monday, so it survives regenerating or shifting the plan."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_reviews"
    )
    week_starts_on = models.DateField()
    went_well = models.TextField(blank=True)
    blockers = models.TextField(blank=True)
    next_week_focus = models.TextField(blank=True)
    self_rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "week_starts_on"], name="studyplan_one_review_per_week"
            ),
            models.CheckConstraint(
                condition=models.Q(self_rating__gte=1, self_rating__lte=5),
                name="studyplan_review_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of the week of {self.week_starts_on}"


class ReadinessAssessment(models.Model):
    """A dated self-assessment; the score is kept as computed then, for an honest history."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readiness_assessments"
    )
    level = models.CharField(max_length=2, choices=Level.choices)
    assessed_at = models.DateTimeField()
    coding = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    system_design = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    cloud_services = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    distributed_systems = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    ai_ml = models.PositiveSmallIntegerField(
        "AI/ML integration", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    checklist = models.JSONField(default=list, blank=True, help_text="Keys of ticked items.")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_at", "-id"]

    def __str__(self) -> str:
        return f"Readiness {self.score}% on {self.assessed_at:%d %b %Y}"


class Replan(models.Model):
    """One rebalance of the weeks ahead: what changed, why, and what to restore on undo.

    A weekly re-plan is keyed by the Monday of the week that closed, so the beat job can run
    any number of times; on-demand re-plans have no such key.
    """

    class Source(models.TextChoices):
        WEEKLY = "weekly", "After the week closed"
        ON_DEMAND = "on_demand", "Re-plan now"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="replans")
    source = models.CharField(max_length=10, choices=Source.choices)
    closed_week_starts_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    explanation = models.JSONField(default=list, help_text="Sentences shown to the user.")
    # {week id: {"minutes": {area: n}, "targets": {kind: n}}} of the weeks before the change.
    before = models.JSONField(default=dict)
    first_week_number = models.PositiveSmallIntegerField(default=1)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "closed_week_starts_on"],
                condition=models.Q(source="weekly"),
                name="studyplan_one_weekly_replan_per_week",
            ),
        ]

    def __str__(self) -> str:
        return f"Re-plan of {self.plan} on {self.created_at:%d %b %Y}"
