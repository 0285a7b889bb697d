from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from prepsite.metrics import Change, change_phrase, metric_change, percent_change, value_text
from prepsite.validators import validate_date_in_range
from stories import frameworks

# Long enough for a thorough section (about 1,500 words), short enough to refuse pasted dumps.
SECTION_MAX_CHARS = 10_000
TAGS_MAX = 20
TAG_MAX_CHARS = 40


class LeadershipPrinciple(models.Model):
    """Reference data: the 16 Amazon Leadership Principles, loaded by a data migration."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300)
    display_order = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.name


class PracticeQuestion(models.Model):
    """Reference data: behavioural questions per principle, loaded by a data migration."""

    principle = models.ForeignKey(
        LeadershipPrinciple, on_delete=models.CASCADE, related_name="practice_questions"
    )
    text = models.CharField(max_length=300, unique=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["principle__display_order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "position"], name="question_position")
        ]

    def __str__(self) -> str:
        return self.text


class Framework(models.TextChoices):
    STAR_PLUS = frameworks.STAR_PLUS, "STAR+"
    PSI = frameworks.PSI, "Problem-Solution-Impact"


class Category(models.TextChoices):
    CRISIS = "crisis", "Crisis"
    INNOVATION = "innovation", "Innovation"
    TEAM_BUILDING = "team_building", "Team building"
    CUSTOMER_IMPACT = "customer_impact", "Customer impact"
    STRATEGY = "strategy", "Strategy"
    CONFLICT = "conflict", "Conflict"
    FAILURE = "failure", "Failure"
    PEOPLE_DEVELOPMENT = "people_development", "People development"
    TECHNICAL_EXCELLENCE = "technical_excellence", "Technical excellence"
    DELIVERY = "delivery", "Delivery under pressure"


class Status(models.TextChoices):
    IDEA = "idea", "Idea"
    DRAFT = "draft", "Draft"
    READY = "ready", "Ready"
    POLISHED = "polished", "Polished"


class TargetLevel(models.TextChoices):
    L6 = "L6", "L6"
    L7 = "L7", "L7"


def _section_field(verbose_name: str) -> models.TextField:
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=SECTION_MAX_CHARS,
        validators=[MaxLengthValidator(SECTION_MAX_CHARS)],
    )


class StoryQuerySet(models.QuerySet):
    def alive(self) -> "StoryQuerySet":
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> "StoryQuerySet":
        return self.filter(deleted_at__isnull=False)


class AliveStoryManager(models.Manager.from_queryset(StoryQuerySet)):
    def get_queryset(self) -> StoryQuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class Story(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    framework = models.CharField(
        max_length=10, choices=Framework.choices, default=Framework.STAR_PLUS
    )

    situation = _section_field("situation")
    task = _section_field("task")
    action = _section_field("action")
    result = _section_field("result")
    leadership_impact = _section_field("leadership impact")
    trade_offs = _section_field("trade-offs")
    lessons_learned = _section_field("lessons learned")
    future_applications = _section_field("future applications")
    problem = _section_field("problem")
    solution = _section_field("solution")
    impact = _section_field("impact")

    role = models.CharField(max_length=120, blank=True)
    team_size = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    duration = models.CharField(max_length=80, blank=True, help_text="e.g. 4 months")
    technologies = models.CharField(max_length=300, blank=True)
    company = models.CharField(max_length=120, blank=True)
    period = models.CharField(max_length=80, blank=True, help_text="e.g. 2023 H2")
    target_level = models.CharField(max_length=2, choices=TargetLevel.choices, blank=True)
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)

    primary_principle = models.ForeignKey(
        LeadershipPrinciple,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_stories",
    )
    secondary_principles = models.ManyToManyField(
        LeadershipPrinciple, blank=True, related_name="secondary_stories"
    )
    practice_questions = models.ManyToManyField(
        PracticeQuestion, blank=True, related_name="stories"
    )
    tags = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IDEA)
    confidence = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    # Bumped on every content save; a save based on an older number is a stale save.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    documented_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    # Spaced repetition: the fsrs Card as a dict, and its due time copied out for queries.
    rehearsal_card = models.JSONField(null=True, blank=True)
    next_rehearsal_at = models.DateTimeField(null=True, blank=True)

    objects = AliveStoryManager()
    all_objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "stories"
        base_manager_name = "all_objects"
        indexes = [
            # The story bank's default order over live stories, id breaking ties: the page
            # reads its 25 rows in index order instead of sorting the whole bank (0.4 ms
            # rather than 6 ms for 2,000 stories).
            models.Index(
                fields=["owner", "-updated_at", "-id"],
                condition=models.Q(deleted_at__isnull=True),
                name="story_live_bank_order",
            ),
            models.Index(fields=["owner", "next_rehearsal_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sections(self) -> dict[str, str]:
        """The framework's sections in telling order, including the empty ones."""
        return {name: getattr(self, name) for name in frameworks.section_names(self.framework)}

    @property
    def section_list(self) -> list[dict[str, str]]:
        return [
            {"name": section.name, "label": section.label, "text": getattr(self, section.name)}
            for section in frameworks.sections_for(self.framework)
        ]

    @property
    def word_count(self) -> int:
        return sum(len(text.split()) for text in self.sections.values())

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class StoryMetric(models.Model):
    """A before/after number under a story; the change is derived, never stored."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="metrics")
    label = models.CharField(max_length=120)
    before_value = models.DecimalField(max_digits=18, decimal_places=4)
    before_unit = models.CharField(
        max_length=20, blank=True, help_text="Only when it differs from the unit, e.g. s vs ms."
    )
    after_value = models.DecimalField(max_digits=18, decimal_places=4)
    unit = models.CharField(max_length=20, blank=True)
    period = models.CharField(max_length=80, blank=True, help_text="e.g. over Q3, per day")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "position"], name="story_metric_position")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def change_percent(self) -> Decimal | None:
        """Relative change, whole percent (the API's number; documents use `change_text`)."""
        change = percent_change(
            self.before_value, self.before_unit or self.unit, self.after_value, self.unit
        )
        if change is None:
            return None
        return Decimal(repr(change)).quantize(Decimal(1), rounding=ROUND_HALF_UP)

    @property
    def change(self) -> Change | None:
        return metric_change(
            before=self.before_value,
            before_unit=self.before_unit or self.unit,
            after=self.after_value,
            after_unit=self.unit,
            name=self.label,
        )

    @property
    def change_text(self) -> str:
        """ "n/a" when there is nothing to compare; else the change and whether it is better."""
        return change_phrase(self.change) or "n/a"

    @property
    def summary_line(self) -> str:
        """One line for briefs and summaries: "p95 latency: 3 s → 180 ms (-94 %, better)"."""
        before = value_text(self.before_value, self.before_unit or self.unit)
        after = value_text(self.after_value, self.unit)
        return f"{self.label}: {before} → {after} ({self.change_text})"


class StoryRevision(models.Model):
    """A snapshot of a story's content; restoring one writes a new revision."""

    class Source(models.TextChoices):
        EDITOR = "editor", "Saved in the editor"
        AUTOSAVE = "autosave", "Autosaved"
        API = "api", "Saved through the API"
        RESTORE = "restore", "Restored"
        CREATED = "created", "Created"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=Source.choices)
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="revision_number_per_story")
        ]

    def __str__(self) -> str:
        return f"{self.story_id} r{self.number}"


class Rehearsal(models.Model):
    class Rating(models.IntegerChoices):
        # The same four grades fsrs schedules with.
        AGAIN = 1, "Again: I lost the thread"
        HARD = 2, "Hard: got through with effort"
        GOOD = 3, "Good: clear and on time"
        EASY = 4, "Easy: fluent and confident"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="rehearsals")
    rehearsed_at = models.DateTimeField(default=timezone.now, validators=[validate_date_in_range])
    duration_seconds = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3 * 60 * 60)]
    )
    self_rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    next_due_at = models.DateTimeField()

    class Meta:
        ordering = ["-rehearsed_at"]

    def __str__(self) -> str:
        return f"{self.story_id} rehearsed {self.rehearsed_at:%Y-%m-%d}"


def keep_usage_as_named_interview(collector, field, sub_objs, using) -> None:
    """on_delete for a usage's mock interview: the telling stays, naming the deleted mock.

    A plain SET_NULL would leave a usage naming no interview at all, which its check
    constraint refuses (the delete answered 500).
    """
    ids = [usage.pk for usage in sub_objs]
    unnamed = StoryUsage.objects.filter(pk__in=ids, interview="").select_related("mock_interview")
    for usage in unnamed:
        mock = usage.mock_interview
        label = f"Mock interview of {mock.held_on:%Y-%m-%d} (deleted)" if mock else "Mock"
        StoryUsage.objects.filter(pk=usage.pk).update(interview=label)
    collector.add_field_update(field, None, sub_objs)


class StoryUsage(models.Model):
    """One telling of a story: in a mock interview from the study plan, or a real interview."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="usages")
    mock_interview = models.ForeignKey(
        "studyplan.MockInterview",
        on_delete=keep_usage_as_named_interview,
        null=True,
        blank=True,
        related_name="story_usages",
    )
    interview = models.CharField(
        max_length=160, blank=True, help_text="For a real interview: company, round, interviewer."
    )
    told_on = models.DateField(default=timezone.localdate, validators=[validate_date_in_range])
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-told_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mock_interview__isnull=True, interview=""),
                name="usage_names_an_interview",
            )
        ]

    def __str__(self) -> str:
        return f"{self.story_id} told on {self.told_on}"
