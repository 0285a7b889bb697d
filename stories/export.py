"""Markdown export of one story or the whole bank.

User text is HTML-escaped so a pasted <script> stays inert in any Markdown viewer that
renders inline HTML.
"""

from collections.abc import Iterable

from django.utils.html import escape

from prepsite.metrics import value_text
from stories import frameworks
from stories.models import Story


def _inline(text: str) -> str:
    return escape(" ".join(text.split()))


def _block(text: str) -> str:
    return escape(text.strip())


def story_to_markdown(story: Story) -> str:
    """One story as Markdown: context, sections in telling order, metrics and principles."""
    lines = [f"## {_inline(story.title)}", ""]
    context = [
        ("Framework", story.get_framework_display()),
        ("Role", story.role),
        ("Team size", str(story.team_size) if story.team_size else ""),
        ("Duration", story.duration),
        ("Company and period", " · ".join(filter(None, [story.company, story.period]))),
        ("Technologies", story.technologies),
        ("Target level", story.target_level),
        ("Category", story.get_category_display() if story.category else ""),
        ("Status", story.get_status_display()),
        ("Confidence", f"{story.confidence}/5"),
        ("Tags", ", ".join(story.tags)),
    ]
    if story.primary_principle_id:
        context.append(("Primary principle", story.primary_principle.name))
    secondaries = [p.name for p in story.secondary_principles.all()]
    if secondaries:
        context.append(("Secondary principles", ", ".join(secondaries)))
    lines += [f"- **{label}:** {_inline(value)}" for label, value in context if value]
    lines.append("")
    for section in frameworks.sections_for(story.framework):
        text = getattr(story, section.name)
        if text.strip():
            lines += [f"### {section.label}", "", _block(text), ""]
    metrics = list(story.metrics.all())
    if metrics:
        lines += [
            "### Metrics",
            "",
            "| Metric | Before | After | Change | Period |",
            "| --- | --- | --- | --- | --- |",
        ]
        for metric in metrics:
            cells = [
                metric.label,
                value_text(metric.before_value, metric.before_unit or metric.unit),
                value_text(metric.after_value, metric.unit),
                metric.change_text,
                metric.period,
            ]
            lines.append("| " + " | ".join(_inline(c).replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def bank_to_markdown(stories: Iterable[Story], *, owner_name: str) -> str:
    parts = [f"# STAR story bank of {_inline(owner_name)}", ""]
    parts += [story_to_markdown(story) for story in stories]
    return "\n".join(parts)
