"""Story content: validating input dicts (principles by slug, metrics as rows) onto a Story
and taking the snapshots that revisions keep and compare. No writes happen here."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from prepsite import limits
from stories import frameworks
from stories.models import TAG_MAX_CHARS, TAGS_MAX, LeadershipPrinciple, Story, StoryMetric

SCALAR_FIELDS: tuple[str, ...] = (
    "title",
    "framework",
    *frameworks.ALL_SECTION_NAMES,
    "role",
    "team_size",
    "duration",
    "technologies",
    "company",
    "period",
    "target_level",
    "category",
    "status",
    "confidence",
    "tags",
)
METRIC_FIELDS: tuple[str, ...] = (
    "label",
    "before_value",
    "before_unit",
    "after_value",
    "unit",
    "period",
)


def metric_snapshot(metric: StoryMetric) -> dict[str, str]:
    snapshot = {}
    for name in METRIC_FIELDS:
        value = getattr(metric, name)
        # 3 and 3.0000 are the same number; keep the short form so diffs show real changes.
        snapshot[name] = f"{Decimal(value).normalize():f}" if name.endswith("_value") else value
    return snapshot


def story_snapshot(story: Story) -> dict[str, Any]:
    """Everything a revision keeps: content fields, principles by slug, metrics in order."""
    snapshot: dict[str, Any] = {name: getattr(story, name) for name in SCALAR_FIELDS}
    snapshot["primary_principle"] = (
        story.primary_principle.slug if story.primary_principle_id else None
    )
    snapshot["secondary_principles"] = sorted(p.slug for p in story.secondary_principles.all())
    snapshot["metrics"] = [metric_snapshot(metric) for metric in story.metrics.all()]
    return snapshot


def _principle(value: Any, *, field: str) -> LeadershipPrinciple | None:
    if value in (None, ""):
        return None
    if isinstance(value, LeadershipPrinciple):
        return value
    principle = LeadershipPrinciple.objects.filter(slug=str(value)).first()
    if principle is None:
        raise ValidationError({field: [f"“{value}” is not a known Leadership Principle."]})
    return principle


def _principles(values: Iterable[Any]) -> list[LeadershipPrinciple]:
    values = list(values)
    slugs = {str(v) for v in values if not isinstance(v, LeadershipPrinciple)}
    known = {p.slug: p for p in LeadershipPrinciple.objects.filter(slug__in=slugs)}
    unknown = sorted(slugs - known.keys())
    if unknown:
        raise ValidationError(
            {"secondary_principles": [f"Unknown Leadership Principles: {', '.join(unknown)}."]}
        )
    return [v if isinstance(v, LeadershipPrinciple) else known[str(v)] for v in values]


def normalise_tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    tags: list[str] = []
    for raw in value or []:
        tag = str(raw).strip()
        if tag and tag.lower() not in (t.lower() for t in tags):
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ValidationError({"tags": [f"Use at most {TAGS_MAX} tags."]})
    if any(len(tag) > TAG_MAX_CHARS for tag in tags):
        raise ValidationError({"tags": [f"Each tag has at most {TAG_MAX_CHARS} characters."]})
    return tags


def _build_metrics(rows: Iterable[dict[str, Any]]) -> list[StoryMetric]:
    rows = list(rows)
    if len(rows) > limits.METRICS_PER_STORY_MAX:
        raise ValidationError(
            {"metrics": [f"A story has at most {limits.METRICS_PER_STORY_MAX} metrics."]}
        )
    metrics, errors, has_error = [], [], False
    for position, row in enumerate(rows):
        metric = StoryMetric(
            position=position, **{name: row.get(name, "") for name in METRIC_FIELDS}
        )
        for name in ("before_unit", "unit", "period"):
            setattr(metric, name, getattr(metric, name) or "")
        try:
            metric.full_clean(exclude=["story"])
            errors.append({})
        except ValidationError as error:
            errors.append(error.message_dict)
            has_error = True
        metrics.append(metric)
    if has_error:
        raise ValidationError({"metrics": errors})
    return metrics


def apply_input(story: Story, data: dict[str, Any]) -> tuple[list | None, list | None]:
    """Validate data and set scalar fields on story; return secondaries and metrics to write.

    Raises ValidationError before anything touches the database.
    """
    for name in SCALAR_FIELDS:
        if name in data:
            value = data[name]
            if name == "tags":
                value = normalise_tags(value)
            elif value is None and name not in {"team_size"}:
                value = ""
            setattr(story, name, value)
    if "primary_principle" in data:
        story.primary_principle = _principle(data["primary_principle"], field="primary_principle")
    secondaries = None
    if "secondary_principles" in data:
        secondaries = [
            p
            for p in _principles(data["secondary_principles"] or [])
            if p.pk != story.primary_principle_id
        ]
    metrics = _build_metrics(data["metrics"] or []) if "metrics" in data else None
    story.full_clean(exclude=["owner"])
    return secondaries, metrics


def prospective_snapshot(
    story: Story, before: dict[str, Any], secondaries: list | None, metrics: list | None
) -> dict[str, Any]:
    """The snapshot the story will have once saved, computed without writing."""
    primary = story.primary_principle.slug if story.primary_principle_id else None
    snapshot: dict[str, Any] = {name: getattr(story, name) for name in SCALAR_FIELDS}
    snapshot["primary_principle"] = primary
    snapshot["secondary_principles"] = (
        sorted(p.slug for p in secondaries)
        if secondaries is not None
        else [slug for slug in before["secondary_principles"] if slug != primary]
    )
    snapshot["metrics"] = (
        [metric_snapshot(metric) for metric in metrics]
        if metrics is not None
        else before["metrics"]
    )
    return snapshot
