import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from prepsite import limits


class Level(models.TextChoices):
    L6 = "L6", "L6"
    L7 = "L7", "L7"
    OTHER = "other", "Other"


class ApplicationStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    RECRUITER_SCREEN = "recruiter_screen", "Recruiter screen"
    PHONE_SCREEN = "phone_screen", "Phone screen"
    ONSITE = "onsite", "Onsite"
    OFFER = "offer", "Offer"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The pipeline's forward order; the last three are outcomes any stage can end in.
PIPELINE = [
    ApplicationStatus.INTERESTED,
    ApplicationStatus.APPLIED,
    ApplicationStatus.RECRUITER_SCREEN,
    ApplicationStatus.PHONE_SCREEN,
    ApplicationStatus.ONSITE,
    ApplicationStatus.OFFER,
]
CLOSED = {ApplicationStatus.OFFER, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}


def _long_text(verbose_name: str, limit: int = limits.TEXT_MAX) -> models.TextField:
    return models.TextField(
        verbose_name, blank=True, max_length=limit, validators=[MaxLengthValidator(limit)]
    )


class Application(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company = models.CharField(max_length=limits.NAME_MAX)
    role = models.CharField(max_length=limits.NAME_MAX)
    level = models.CharField(max_length=5, choices=Level.choices, default=Level.L6)
    link = models.URLField(max_length=limits.LINE_MAX, blank=True)
    source = models.CharField(
        max_length=limits.NAME_MAX, blank=True, help_text="e.g. referral, recruiter, job board"
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.INTERESTED
    )
    status_changed_on = models.DateField(default=timezone.localdate)
    notes = _long_text("notes", limits.LONG_TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # What this application's portfolio export shows; empty means "the whole portfolio".
    portfolio_case_studies = models.ManyToManyField(
        "portfolio.CaseStudy", blank=True, related_name="+"
    )
    portfolio_decision_records = models.ManyToManyField(
        "portfolio.DecisionRecord", blank=True, related_name="+"
    )
    portfolio_stories = models.ManyToManyField("stories.Story", blank=True, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"{self.company}: {self.role}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:application", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def is_amazon(self) -> bool:
        return "amazon" in self.company.lower() or "aws" in self.company.lower().split()


class StatusChange(models.Model):
    """One step of an application's pipeline, dated, so the history reads as a timeline."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    changed_on = models.DateField(
        validators=[MinValueValidator(limits.DATE_MIN), MaxValueValidator(limits.DATE_MAX)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_on", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status or '-'} → {self.to_status}"


class LoopKind(models.TextChoices):
    PHONE_SCREEN = "phone_screen", "Phone screen"
    ONSITE = "onsite", "Onsite"


class Loop(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="loops")
    kind = models.CharField(max_length=20, choices=LoopKind.choices, default=LoopKind.ONSITE)
    starts_on = models.DateField(
        validators=[MinValueValidator(limits.DATE_MIN), MaxValueValidator(limits.DATE_MAX)]
    )
    ends_on = models.DateField(
        validators=[MinValueValidator(limits.DATE_MIN), MaxValueValidator(limits.DATE_MAX)]
    )
    questions_to_ask = _long_text("questions to ask")
    notes = _long_text("notes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="loop_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.application.company}"

    def get_absolute_url(self) -> str:
        return reverse("interviews:loop", args=[self.pk])


class RoundKind(models.TextChoices):
    CODING = "coding", "Coding"
    SYSTEM_DESIGN = "system_design", "System design"
    BEHAVIOURAL = "behavioural", "Behavioural"
    BAR_RAISER = "bar_raiser", "Bar raiser"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"


class Round(models.Model):
    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="rounds")
    starts_at = models.DateTimeField()
    length_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[
            MinValueValidator(limits.ROUND_MINUTES_MIN),
            MaxValueValidator(limits.ROUND_MINUTES_MAX),
        ],
    )
    kind = models.CharField(max_length=20, choices=RoundKind.choices)
    interviewer_name = models.CharField(max_length=limits.NAME_MAX, blank=True)
    interviewer_role = models.CharField(max_length=limits.NAME_MAX, blank=True)
    principles = models.ManyToManyField("stories.LeadershipPrinciple", blank=True, related_name="+")
    questions_to_ask = _long_text("questions to ask")

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.starts_at:%Y-%m-%d %H:%M}"

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        """A debrief is for a round that has taken place (or is taking place)."""
        return self.starts_at <= (now or timezone.now())

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.length_minutes)

    @property
    def label(self) -> str:
        return self.get_kind_display()


class StoryAssignment(models.Model):
    """A story planned for one principle of one round; `loop` is copied from the round so
    the database itself refuses a story in two rounds of the same loop."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="assignments")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    principle = models.ForeignKey(
        "stories.LeadershipPrinciple", on_delete=models.CASCADE, related_name="+"
    )
    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="+")
    backup = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    score = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round__starts_at", "round_id", "principle__display_order", "backup"]
        constraints = [
            models.UniqueConstraint(fields=["loop", "story"], name="story_once_per_loop"),
            models.UniqueConstraint(
                fields=["round", "principle", "backup"], name="one_story_per_round_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.story_id} for {self.principle_id} in round {self.round_id}"


class Debrief(models.Model):
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="debrief")
    asked = _long_text("what was asked")
    self_score = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(limits.SELF_SCORE_MIN),
            MaxValueValidator(limits.SELF_SCORE_MAX),
        ]
    )
    notes = _long_text("notes")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Debrief of round {self.round_id}"


class DebriefStory(models.Model):
    """A story told in a round, with the usage it wrote in the story bank."""

    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="told")
    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="+")
    usage = models.ForeignKey(
        "stories.StoryUsage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["debrief", "story"], name="story_once_per_debrief")
        ]

    def __str__(self) -> str:
        return f"{self.story_id} told in debrief {self.debrief_id}"
