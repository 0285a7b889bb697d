from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from prepsite.limits import (
    LABEL_MAX,
    LINE_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    PRACTICE_SESSION_SECONDS_MAX,
    PRACTICE_WEEK_MAX,
    TEXT_MAX,
)

# The study plan's four areas: practice scores feed readiness under the same keys.
from studyplan.models import Area


class Kind(models.TextChoices):
    PROBLEM = "problem", "Problem"
    QUESTION = "question", "Behavioural question"
    PROBE = "probe", "Portfolio probe"
    RESOURCE = "resource", "Resource"


class ItemLevel(models.TextChoices):
    L6 = "L6", "L6"
    L7 = "L7", "L7"
    BOTH = "both", "L6 and L7"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class LibraryItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LibraryItemQuerySet":
        """The shared library plus the user's own items, minus what the user hid."""
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=user)).exclude(
            hidden_by__user=user
        )


class LibraryItem(models.Model):
    """One thing to practise: a design problem, a coding problem, a question, a resource.

    Library rows (owner empty) come from the versioned files in practice/library/ through a
    data migration; rows with an owner are that user's private additions.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practice_items",
    )
    slug = models.SlugField(max_length=LABEL_MAX * 2, blank=True)
    library_version = models.PositiveSmallIntegerField(null=True, blank=True)
    area = models.CharField(max_length=20, choices=Area.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROBLEM)
    title = models.CharField(max_length=NAME_MAX)
    prompt = models.TextField(max_length=TEXT_MAX, blank=True)
    details = models.JSONField(default=dict, blank=True)
    level = models.CharField(max_length=4, choices=ItemLevel.choices, default=ItemLevel.BOTH)
    topic = models.CharField(max_length=LABEL_MAX, blank=True)
    week = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(PRACTICE_WEEK_MAX)],
        help_text="The plan template's week this belongs to.",
    )
    difficulty = models.CharField(
        max_length=10, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    pattern = models.CharField(max_length=LABEL_MAX, blank=True)
    link = models.URLField(max_length=LINE_MAX, blank=True)
    source = models.CharField(max_length=LABEL_MAX, help_text='A seed topic or "classic".')
    principle = models.ForeignKey(
        "stories.LeadershipPrinciple",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_items",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        ordering = ["week", "area", "id"]
        indexes = [
            models.Index(fields=["area", "level", "week"]),
            models.Index(fields=["owner", "area"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(owner__isnull=True),
                name="practice_library_slug_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_library(self) -> bool:
        return self.owner_id is None

    @property
    def target_minutes(self) -> int:
        """How long a timed session on this item should take."""
        return {
            Area.DESIGN: 45,
            Area.CODING: 30 if self.difficulty == Difficulty.EASY else 45,
            # One answer of two to three minutes, then the follow-ups.
            Area.BEHAVIOURAL: 3,
        }.get(self.area, 30)

    @property
    def follow_ups(self) -> list[str]:
        return list(self.details.get("follow_ups", []))


class HiddenItem(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="hidden_by")
    hidden_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="practice_hide_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} hidden by {self.user_id}"


class ItemReview(models.Model):
    """A user's spaced-repetition card for one item: when it is due again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="reviews")
    card = models.JSONField()
    due_at = models.DateTimeField()
    review_count = models.PositiveIntegerField(default=0)
    last_rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    last_reviewed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "due_at"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "item"], name="practice_one_card_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} due {self.due_at:%Y-%m-%d}"


class PracticeSession(models.Model):
    """One timed attempt at an item, scored against the rubric of its area and level."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="sessions")
    area = models.CharField(max_length=20, choices=Area.choices)
    level = models.CharField(max_length=2, choices=[("L6", "L6"), ("L7", "L7")])
    started_at = models.DateTimeField(default=timezone.now)
    target_minutes = models.PositiveSmallIntegerField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(PRACTICE_SESSION_SECONDS_MAX)]
    )
    notes = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    diagram = models.TextField(max_length=LONG_TEXT_MAX, blank=True)
    rubric_scores = models.JSONField(default=dict, blank=True)
    # Share of the rubric's maximum, 0-100; empty for an item only marked as done.
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["owner", "finished_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_seconds__isnull=True)
                | models.Q(duration_seconds__lte=PRACTICE_SESSION_SECONDS_MAX),
                name="practice_session_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.started_at:%Y-%m-%d})"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def plan_source_key(self) -> str:
        return f"practice.session:{self.pk}"


class MockLoop(models.Model):
    """A planned set of mock rounds on one day; each round is a study-plan mock interview."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mock_loops"
    )
    title = models.CharField(max_length=NAME_MAX)
    held_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MockLoopRound(models.Model):
    loop = models.ForeignKey(MockLoop, on_delete=models.CASCADE, related_name="rounds")
    # The score, feedback and principles live on the study plan's MockInterview, so the
    # plan's mock goal and hours count loop rounds like any other mock.
    mock = models.OneToOneField(
        "studyplan.MockInterview", on_delete=models.CASCADE, related_name="loop_round"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["loop", "position"], name="practice_round_position"),
        ]

    def __str__(self) -> str:
        return f"Round {self.position} of {self.loop_id}"
