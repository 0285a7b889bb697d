from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from prepsite import limits
from prepsite.limits import LINE_MAX, LONG_TEXT_MAX
from prepsite.metrics import Change, metric_change, percent_change
from prepsite.validators import validate_date_in_range, validate_finite
from stories.models import LeadershipPrinciple


def _text(*args, limit: int = limits.TEXT_MAX, **kwargs) -> models.TextField:
    """A free-text field whose length the model, forms and serializers all enforce."""
    kwargs.setdefault("blank", True)
    return models.TextField(
        *args, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


class Level(models.TextChoices):
    L6 = "L6", "L6 (Senior Manager)"
    L7 = "L7", "L7 (Principal / Director)"


class Portfolio(models.Model):
    """One per user: the executive summary plus the settings of the whole document."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portfolio"
    )
    level = models.CharField(
        "target level",
        max_length=2,
        choices=Level.choices,
        default=Level.L6,
        help_text="Chooses the layout of the metrics dashboard.",
    )
    current_role = models.CharField(max_length=200, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(limits.YEARS_OF_EXPERIENCE_MAX)]
    )
    team_size_and_scope = models.CharField(
        "team size and scope",
        max_length=300,
        blank=True,
        help_text="For example: 24 engineers in 3 teams, payments and checkout.",
    )
    budget = models.CharField(max_length=200, blank=True)
    technical_domains = _text(
        limit=limits.LINE_MAX * 4, help_text="One domain per line, e.g. distributed systems."
    )
    notable_achievements = _text(limit=limits.LINE_MAX * 10, help_text="One achievement per line.")
    summary_text = _text(
        "one-page summary",
        limit=limits.LONG_TEXT_MAX,
        help_text="The page a hiring manager reads first: scope, impact, what you are known for.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Portfolio of {self.owner}"

    @property
    def technical_domain_list(self) -> list[str]:
        return _lines(self.technical_domains)

    @property
    def notable_achievement_list(self) -> list[str]:
        return _lines(self.notable_achievements)

    @property
    def has_summary(self) -> bool:
        return bool(self.current_role.strip() and self.summary_text.strip())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CaseStudyKind(models.TextChoices):
    ARCHITECTURE = "architecture", "Architecture"
    PERFORMANCE = "performance", "Performance"
    MIGRATION = "migration", "Migration"
    TEAM_BUILDING = "team_building", "Team building"
    CROSS_FUNCTIONAL = "cross_functional", "Cross-functional"
    PROCESS = "process", "Process"


MERMAID_KEYWORDS = (
    "graph",
    "flowchart",
    "sequenceDiagram",
    "classDiagram",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "gantt",
    "journey",
    "pie",
    "mindmap",
    "timeline",
    "C4Context",
    "C4Container",
    "architecture-beta",
    "block-beta",
)


class CaseStudy(models.Model):
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="case_studies")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CaseStudyKind.choices)
    role = models.CharField(max_length=200, blank=True)
    team_size = models.CharField(
        max_length=200, blank=True, help_text="e.g. 12 engineers in 3 teams"
    )
    duration = models.CharField(max_length=100, blank=True, help_text="e.g. 18 months")
    technologies = _text(limit=limits.LINE_MAX * 4, help_text="One technology per line.")
    business_context = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    situation = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    task = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    actions_technical = _text("technical actions", limit=limits.CASE_STUDY_SECTION_MAX)
    actions_team = _text("team actions", limit=limits.CASE_STUDY_SECTION_MAX)
    actions_stakeholder = _text("stakeholder actions", limit=limits.CASE_STUDY_SECTION_MAX)
    results = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    architecture_diagram = _text(
        limit=limits.CASE_STUDY_SECTION_MAX,
        help_text="Mermaid or ASCII art. Shown as written; Mermaid is also drawn in the preview.",
    )
    key_decisions = _text("key decisions and trade-offs", limit=limits.CASE_STUDY_SECTION_MAX)
    lessons_learned = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    principles = models.ManyToManyField(
        LeadershipPrinciple, blank=True, related_name="case_studies"
    )
    # Soft-deleted stories drop out: Story's default manager only returns live ones.
    stories = models.ManyToManyField(
        "stories.Story", blank=True, related_name="portfolio_case_studies"
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "position"], name="case_study_position_unique"
            )
        ]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title

    @property
    def technology_list(self) -> list[str]:
        return _lines(self.technologies)

    @property
    def diagram_is_mermaid(self) -> bool:
        first_line = next(iter(_lines(self.architecture_diagram)), "")
        return first_line.split(" ", 1)[0] in MERMAID_KEYWORDS


class MetricGroup(models.TextChoices):
    TECHNICAL = "technical", "Technical"
    BUSINESS = "business", "Business"
    TEAM = "team", "Team"


# The case study's own content: the fields the editor form and the API both edit.
CASE_STUDY_CONTENT_FIELDS = [
    "title",
    "kind",
    "role",
    "team_size",
    "duration",
    "technologies",
    "business_context",
    "situation",
    "task",
    "actions_technical",
    "actions_team",
    "actions_stakeholder",
    "results",
    "architecture_diagram",
    "key_decisions",
    "lessons_learned",
]


# A metric row as forms, the API and the JSON document write it.
METRIC_FIELDS = ("group", "name", "before", "before_unit", "after", "after_unit", "period")
_METRIC_VALUE_VALIDATORS = [
    validate_finite,
    MinValueValidator(-limits.METRIC_VALUE_ABS_MAX),
    MaxValueValidator(limits.METRIC_VALUE_ABS_MAX),
]


class CaseStudyMetric(models.Model):
    """A before → after measurement; the change is derived, never stored."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="metrics")
    position = models.PositiveIntegerField(default=0)
    group = models.CharField(max_length=10, choices=MetricGroup.choices)
    name = models.CharField(max_length=200)
    before = models.FloatField(null=True, blank=True, validators=_METRIC_VALUE_VALIDATORS)
    before_unit = models.CharField(
        max_length=40, blank=True, help_text="e.g. s, %, $M/year; converted to compare"
    )
    after = models.FloatField(validators=_METRIC_VALUE_VALIDATORS)
    after_unit = models.CharField(max_length=40, blank=True, help_text="e.g. ms, %, $M/year")
    period = models.CharField(max_length=100, blank=True, help_text="e.g. over 6 months")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "position"], name="case_study_metric_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def change_percent(self) -> float | None:
        """Relative change across comparable units; percentage points are in `change`."""
        return percent_change(self.before, self.before_unit, self.after, self.after_unit)

    @property
    def change(self) -> Change | None:
        return metric_change(
            before=self.before,
            before_unit=self.before_unit,
            after=self.after,
            after_unit=self.after_unit,
            name=self.name,
        )

    @property
    def is_quantified(self) -> bool:
        return self.before is not None


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    SUPERSEDED = "superseded", "Superseded"


class DecisionRecord(models.Model):
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="decision_records"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    decided_on = models.DateField(
        "decision date", null=True, blank=True, validators=[validate_date_in_range]
    )
    decision_makers = models.CharField(max_length=300, blank=True)
    stakeholders = models.CharField(max_length=300, blank=True)
    context = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    decision = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    rationale = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    implementation_plan = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    results = _text(limit=limits.CASE_STUDY_SECTION_MAX)
    diagram = models.TextField(
        blank=True,
        max_length=LONG_TEXT_MAX,
        help_text="Optional Mermaid or ASCII art: the options or the chosen design, drawn.",
    )
    results_after_months = models.PositiveSmallIntegerField(
        "results measured after (months)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(limits.RESULTS_AFTER_MONTHS_MAX)],
    )
    status = models.CharField(
        max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text="The record that replaced this one (only when superseded).",
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "position"], name="decision_record_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DecisionOption(models.Model):
    record = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    pros = _text(limit=limits.CASE_STUDY_SECTION_MAX // 2, help_text="One point per line.")
    cons = _text(limit=limits.CASE_STUDY_SECTION_MAX // 2, help_text="One point per line.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "position"], name="decision_option_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def pro_list(self) -> list[str]:
        return _lines(self.pros)

    @property
    def con_list(self) -> list[str]:
        return _lines(self.cons)


class DashboardGroup(models.TextChoices):
    TEAM_HEALTH = "team_health", "Team health"
    DELIVERY = "delivery", "Delivery"
    TECHNICAL = "technical", "Technical"
    BUSINESS = "business", "Business"


class Trend(models.TextChoices):
    UP = "up", "Rising"
    DOWN = "down", "Falling"
    STEADY = "steady", "Steady"


class DashboardMetric(models.Model):
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="dashboard_metrics"
    )
    position = models.PositiveIntegerField(default=0)
    group = models.CharField(max_length=12, choices=DashboardGroup.choices)
    name = models.CharField(max_length=200)
    value = models.CharField(max_length=100, help_text="As you would say it: 95%, 8/day, 3.2 days")
    trend = models.CharField(max_length=6, choices=Trend.choices, blank=True)
    target = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "position"], name="dashboard_metric_position_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ChecklistMark(models.Model):
    """The user's tick and note on one item of the review checklist (portfolio.checklist)."""

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="checklist_marks"
    )
    item_key = models.CharField(max_length=60)
    checked = models.BooleanField(default=False)
    notes = _text(limit=2000)

    class Meta:
        ordering = ["item_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "item_key"], name="portfolio_checklist_mark_unique"
            )
        ]

    def __str__(self) -> str:
        return self.item_key


class ShareLink(models.Model):
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Share link {self.token[:6]}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class DiagramRendering(models.Model):
    """A Mermaid diagram drawn as sanitised SVG, shared by every diagram with the same source.

    Keyed by a hash of the source and the renderer's version, so editing a diagram (or
    upgrading Mermaid) draws it again while identical diagrams are drawn once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Being drawn"
        DRAWN = "drawn", "Drawn"
        FAILED = "failed", "Could not be drawn"

    source_hash = models.CharField(max_length=64, unique=True)
    source = models.TextField(max_length=LONG_TEXT_MAX)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    svg = models.TextField(blank=True)
    error = models.CharField(max_length=LINE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.source_hash[:10]} ({self.status})"
