"""Render the portfolio for people and other tools: Markdown, HTML, PDF and JSON Resume."""

import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from portfolio.checklist import CHECKLIST
from portfolio.completeness import completeness_evaluate
from portfolio.diagrams import diagram_hash, diagram_source_normalised, is_mermaid
from portfolio.models import CaseStudy, CaseStudyMetric, DiagramRendering, Level, MetricGroup
from portfolio.selectors import PortfolioContent, diagram_renderings_for
from prepsite import limits
from prepsite.metrics import change_phrase, number_text, value_text
from prepsite.pdf import html_to_pdf
from stories import frameworks

# The L7 dashboard speaks of the organisation; the same four groups get broader titles.
DASHBOARD_GROUP_TITLES: dict[str, dict[str, str]] = {
    Level.L6: {
        "team_health": "Team health",
        "delivery": "Delivery",
        "technical": "Technical",
        "business": "Business impact",
    },
    Level.L7: {
        "team_health": "Organisational health",
        "delivery": "Strategic delivery",
        "technical": "Operational excellence",
        "business": "Business alignment",
    },
}

TREND_ARROWS = {"up": "↑", "down": "↓", "steady": "→", "": ""}


@dataclass(frozen=True)
class ExportFormat:
    media_type: str
    extension: str


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "json": ExportFormat("application/json", "json"),
    "md": ExportFormat("text/markdown; charset=utf-8", "md"),
    "html": ExportFormat("text/html; charset=utf-8", "html"),
    "pdf": ExportFormat("application/pdf", "pdf"),
    "jsonresume": ExportFormat("application/json", "resume.json"),
}


EXPORT_LAYOUTS = ("full", "brief")


def export_filename(export_format: str, today: datetime.date, *, layout: str = "full") -> str:
    name = "brief" if layout == "brief" and export_format in ("html", "pdf") else "portfolio"
    return f"prepsite-{name}-{today.isoformat()}.{EXPORT_FORMATS[export_format].extension}"


def format_number(value: float | None) -> str:
    return number_text(value)


def metric_change_text(metric: CaseStudyMetric) -> str:
    """ "-94 %, better", "-18 points, better"; empty when there is nothing to compare."""
    return change_phrase(metric.change)


def metric_line(metric: CaseStudyMetric) -> str:
    """One sentence per metric: "p99 latency: 450 ms → 120 ms (-73 %, better), over 6 months"."""
    after = value_text(metric.after, metric.after_unit)
    text = f"{metric.name}: "
    if metric.is_quantified:
        text += f"{value_text(metric.before, metric.before_unit)} → {after}"
    else:
        text += after
    change = metric_change_text(metric)
    if change:
        text += f" ({change})"
    if metric.period:
        text += f", {metric.period}"
    return text


def key_metric(metrics: list) -> Any:
    """The metric a reader should see first: the largest improvement, else the first one."""
    scored = [m for m in metrics if m.change is not None and m.change.better is not False]
    if scored:
        return max(scored, key=lambda m: (m.change.better is True, abs(m.change.amount)))
    return metrics[0] if metrics else None


@dataclass(frozen=True)
class StorySummary:
    """A linked story as every format shows it beside a case study; full text is in the appendix."""

    key: str
    number: int
    title: str
    star: list[tuple[str, str]]
    key_metric: str


def _first_sentence(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s", flat)
    sentence = flat[: match.start()] if match else flat
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def story_summary(story, number: int, key: str) -> StorySummary:
    star = [
        (section.label, _first_sentence(getattr(story, section.name)))
        for section in frameworks.sections_for(story.framework)
        if getattr(story, section.name).strip()
    ]
    metric = next(iter(story.metrics.all()), None)
    metric_text = ""
    if metric is not None:
        metric_text = (
            f"{metric.label}: {value_text(metric.before_value, metric.before_unit or metric.unit)}"
            f" → {value_text(metric.after_value, metric.unit)} ({metric.change_text})"
        )
    return StorySummary(key, number, story.title, star, metric_text)


def story_summaries(content: PortfolioContent) -> dict[int, StorySummary]:
    return {
        story.pk: story_summary(story, number, content.story_key(story))
        for number, story in enumerate(content.stories, start=1)
    }


@dataclass(frozen=True)
class Diagram:
    """A diagram as documents show it: the drawing when there is one, else its source."""

    source: str
    is_mermaid: bool
    status: str  # "drawn", "pending", "failed", or "text" for ASCII art
    svg: SafeString | str = ""
    error: str = ""

    @property
    def note(self) -> str:
        if self.status == "pending":
            return "The drawing of this diagram is still being made; its source is shown instead."
        if self.status == "failed":
            return "This diagram could not be drawn, so its source is shown instead."
        return ""


def diagrams_for(sources: list[str]) -> dict[str, Diagram]:
    """Each non-empty diagram source with its drawing, looked up in one query."""
    keyed = {source: diagram_hash(source) for source in sources if is_mermaid(source)}
    renderings = diagram_renderings_for(hashes=list(keyed.values()))
    diagrams = {}
    for source in sources:
        if not source.strip():
            continue
        text = diagram_source_normalised(source)
        if source not in keyed:
            diagrams[source] = Diagram(text, False, "text")
            continue
        rendering = renderings.get(keyed[source])
        if rendering is None or rendering.status == DiagramRendering.Status.PENDING:
            diagrams[source] = Diagram(text, True, "pending")
        elif rendering.status == DiagramRendering.Status.FAILED:
            diagrams[source] = Diagram(text, True, "failed", error=rendering.error)
        else:
            # Sanitised when it was stored (portfolio.services.diagrams_render).
            diagrams[source] = Diagram(text, True, "drawn", svg=mark_safe(rendering.svg))  # noqa: S308
    return diagrams


def document_context(content: PortfolioContent) -> dict[str, Any]:
    """What every rendering of the document needs, computed once from loaded content."""
    portfolio = content.portfolio
    titles = DASHBOARD_GROUP_TITLES[portfolio.level]
    grouped = content.metrics_by_group()
    summaries = story_summaries(content)
    diagrams = diagrams_for(
        [case.architecture_diagram for case in content.case_studies]
        + [record.diagram for record in content.decision_records]
    )
    return {
        "content": content,
        "portfolio": portfolio,
        # Only the name the user chose: a shared or exported document never shows the login e-mail.
        "owner_name": portfolio.owner.display_name,
        "completeness": completeness_evaluate(content),
        "case_studies": [
            {
                "case": case,
                "diagram": diagrams.get(case.architecture_diagram),
                "metric_groups": _metric_groups(case),
                "stories": [summaries[story.pk] for story in case.stories.all()],
            }
            for case in content.case_studies
        ],
        "story_appendix": [
            {"summary": summaries[story.pk], "story": story} for story in content.stories
        ],
        "dashboard_groups": [
            {"key": key, "title": title, "metrics": grouped.get(key, [])}
            for key, title in titles.items()
        ],
        "records": [
            {
                "record": record,
                "diagram": diagrams.get(record.diagram),
                "key": f"record-{record.pk}",
            }
            for record in content.decision_records
        ],
        "principles": content.principles_covered,
        "has_mermaid": any(d.status == "pending" for d in diagrams.values()),
    }


def _metric_groups(case: CaseStudy) -> list[dict[str, Any]]:
    metrics = list(case.metrics.all())
    return [
        {"title": label, "metrics": [m for m in metrics if m.group == value]}
        for value, label in MetricGroup.choices
        if any(m.group == value for m in metrics)
    ]


BRIEF_CASE_STUDIES = 3
BRIEF_SUMMARY_WORDS = 90
BRIEF_PARAGRAPH_WORDS = 55
BRIEF_METRICS = 3


def words_limited(text: str, limit: int) -> str:
    words = " ".join(text.split()).split(" ")
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]).rstrip(",;:.") + "…"


def case_study_strength(case: CaseStudy) -> tuple[int, int, int, int]:
    """How convincing a case study reads: improvements shown, numbers, principles, STAR parts."""
    metrics = list(case.metrics.all())
    improved = sum(1 for m in metrics if m.change is not None and m.change.better)
    quantified = sum(1 for m in metrics if m.change is not None)
    star = sum(bool(text.strip()) for text in (case.situation, case.task, case.results))
    star += bool(case.actions_technical or case.actions_team or case.actions_stakeholder)
    return improved, quantified, len(case.principles.all()), star


def _brief_metrics(case: CaseStudy) -> list[str]:
    metrics = list(case.metrics.all())
    ranked = sorted(
        metrics,
        key=lambda m: (m.change is not None and m.change.better is True, m.change is not None),
        reverse=True,
    )
    return [metric_line(metric) for metric in ranked[:BRIEF_METRICS]]


def brief_context(content: PortfolioContent) -> dict[str, Any]:
    """The one-page brief: summary, the three strongest case studies, principle coverage."""
    portfolio = content.portfolio
    # sorted() is stable: among equally strong case studies the user's order wins.
    strongest = sorted(content.case_studies, key=case_study_strength, reverse=True)
    return {
        "portfolio": portfolio,
        "owner_name": portfolio.owner.display_name,
        "summary": words_limited(portfolio.summary_text, BRIEF_SUMMARY_WORDS),
        "cases": [
            {
                "case": case,
                "paragraph": words_limited(
                    case.results or case.situation or case.business_context, BRIEF_PARAGRAPH_WORDS
                ),
                "metrics": _brief_metrics(case),
            }
            for case in strongest[:BRIEF_CASE_STUDIES]
        ],
        "principles": content.principles_covered,
    }


def render_html(content: PortfolioContent, *, layout: str = "full", for_print: bool = False) -> str:
    if layout == "brief":
        context = {**brief_context(content), "for_print": for_print}
        return newlines_normalised(render_to_string("portfolio/brief.html", context))
    context = {**document_context(content), "for_print": for_print}
    return newlines_normalised(render_to_string("portfolio/document.html", context))


PDF_CACHE_SECONDS = 24 * 3600
# Part of the PDF cache key: change it when the printing itself changes (engine, options), so
# no cached PDF from the old pipeline is served for an unchanged document.
PDF_PIPELINE = "chromium-print-1"


class PdfTooLong(Exception):
    """The printable document is longer than limits.PDF_SOURCE_MAX_CHARS."""


def render_pdf(content: PortfolioContent, *, layout: str = "full") -> bytes:
    """The PDF, laid out once per distinct document: an unchanged portfolio is served from cache.

    Layout is the expensive part and depends only on the HTML, so the key is the HTML's hash:
    any edit or a new drawing lays it out again. A document longer than
    limits.PDF_SOURCE_MAX_CHARS raises PdfTooLong before any layout; one that lays out for
    longer than limits.PDF_RENDER_SECONDS_MAX raises prepsite.pdf.PdfRenderTimeout.
    """
    html = render_html(content, layout=layout, for_print=True)
    if len(html) > limits.PDF_SOURCE_MAX_CHARS:
        raise PdfTooLong
    digest = hashlib.sha256(f"{PDF_PIPELINE}\n{html}".encode()).hexdigest()
    key = f"portfolio-pdf:{digest}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


_MARKDOWN_SPECIAL = re.compile(r"([\\`\[\]])")
# Only what a Markdown viewer would read as HTML is broken up, with a backslash rather than an
# entity, so "Checkout & Payments" and "p99 < 200 ms" read as written in plain text. "<\\b" is
# never a tag, in CommonMark and in Python-Markdown alike (which ignores "\\<").
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")


def newlines_normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def md_text(text: str) -> str:
    """User text inside Markdown: HTML and links neutralised, emphasis and lists kept."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", newlines_normalised(text))
    escaped = _HTML_START.sub(r"<\\", escaped)
    return _ENTITY_START.sub(r"\\&", escaped).strip()


def md_cell(text: str) -> str:
    return md_text(" ".join(text.split())).replace("|", "\\|")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A pipe table padded so its columns line up when read as plain text."""
    cells = [header, *[[md_cell(cell) for cell in row] for row in rows]]
    widths = [max(3, *(len(row[i]) for row in cells)) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return (
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            + " |"
        )

    rule = "| " + " | ".join("-" * width for width in widths) + " |"
    return [line(header), rule, *[line(row) for row in cells[1:]], ""]


def _md_fence(text: str, language: str = "") -> list[str]:
    # A fence longer than any backtick run inside, so a diagram can never close it early.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + language, text.rstrip("\n"), fence, ""]


def _md_section(title: str, text: str, level: int = 4) -> list[str]:
    if not text.strip():
        return []
    return [f"{'#' * level} {title}", "", md_text(text), ""]


def render_markdown(content: PortfolioContent) -> str:
    context = document_context(content)
    portfolio = content.portfolio
    heading = "# Technical leadership portfolio"
    if context["owner_name"]:
        heading += f": {md_text(context['owner_name'])}"
    lines = [heading, ""]
    lines += ["## Executive summary", ""]
    facts = [
        ("Current role", portfolio.current_role),
        (
            "Years of experience",
            "" if portfolio.years_of_experience is None else str(portfolio.years_of_experience),
        ),
        ("Team size and scope", portfolio.team_size_and_scope),
        ("Budget", portfolio.budget),
        ("Technical domains", ", ".join(portfolio.technical_domain_list)),
    ]
    lines += [f"- **{label}:** {md_text(value)}" for label, value in facts if value]
    lines.append("")
    if portfolio.notable_achievement_list:
        lines += ["### Notable achievements", ""]
        lines += [f"- {md_text(item)}" for item in portfolio.notable_achievement_list]
        lines.append("")
    lines += _md_section("Summary", portfolio.summary_text, level=3)

    lines += ["## Case studies", ""]
    for number, entry in enumerate(context["case_studies"], start=1):
        lines += _md_case_study(number, entry)
    lines += ["## Technical decision records", ""]
    for record in content.decision_records:
        lines += _md_record(record)
    lines += ["## Metrics dashboard", "", f"Layout: {portfolio.get_level_display()}", ""]
    for group in context["dashboard_groups"]:
        lines += [f"### {group['title']}", ""]
        rows = [
            [metric.name, metric.value, TREND_ARROWS[metric.trend], metric.target]
            for metric in group["metrics"]
        ]
        lines += _md_table(["Metric", "Value", "Trend", "Target"], rows) if rows else ["—", ""]
    lines += ["## Leadership Principles covered", ""]
    lines += [f"- {md_text(principle.name)}" for principle in context["principles"]] or ["—"]
    lines.append("")
    lines += _md_stories(context)
    lines += _md_checklist(content, context)
    return newlines_normalised("\n".join(lines)).rstrip() + "\n"


def _md_case_study(number: int, entry: dict[str, Any]) -> list[str]:
    case: CaseStudy = entry["case"]
    lines = [f"### {number}. {md_text(case.title)}", ""]
    facts = [
        ("Kind", case.get_kind_display()),
        ("Role", case.role),
        ("Team size", case.team_size),
        ("Duration", case.duration),
        ("Technologies", ", ".join(case.technology_list)),
    ]
    lines += [f"- **{label}:** {md_text(value)}" for label, value in facts if value]
    lines.append("")
    for title, text in (
        ("Business context", case.business_context),
        ("Situation", case.situation),
        ("Task", case.task),
        ("Actions: technical", case.actions_technical),
        ("Actions: team", case.actions_team),
        ("Actions: stakeholders", case.actions_stakeholder),
        ("Results", case.results),
    ):
        lines += _md_section(title, text)
    for group in entry["metric_groups"]:
        lines += [f"#### {group['title']} metrics", ""]
        rows = [
            [
                metric.name,
                value_text(metric.before, metric.before_unit),
                value_text(metric.after, metric.after_unit),
                metric_change_text(metric),
                metric.period,
            ]
            for metric in group["metrics"]
        ]
        lines += _md_table(["Metric", "Before", "After", "Change", "Period"], rows)
    if case.architecture_diagram.strip():
        diagram = newlines_normalised(case.architecture_diagram)
        language = "mermaid" if case.diagram_is_mermaid else "text"
        lines += ["#### Architecture", "", *_md_fence(diagram, language)]
    lines += _md_section("Key decisions and trade-offs", case.key_decisions)
    lines += _md_section("Lessons learned", case.lessons_learned)
    principles = ", ".join(principle.name for principle in case.principles.all())
    if principles:
        lines += [f"**Leadership Principles:** {md_text(principles)}", ""]
    if entry["stories"]:
        lines += ["#### Linked stories", ""]
        for summary in entry["stories"]:
            lines += _md_story_summary(summary)
    return lines


def _md_story_summary(summary: StorySummary) -> list[str]:
    lines = [f"- **{md_text(summary.title)}** (appendix A.{summary.number})"]
    lines += [f"  - {label}: {md_text(sentence)}" for label, sentence in summary.star]
    if summary.key_metric:
        lines.append(f"  - Key metric: {md_text(summary.key_metric)}")
    return [*lines, ""]


def _md_record(record) -> list[str]:
    lines = [f"### {md_text(record.title)}", ""]
    status = record.get_status_display()
    if record.superseded_by_id:
        status += f" by “{md_text(record.superseded_by.title)}”"
    facts = [
        ("Status", status),
        ("Date", record.decided_on.isoformat() if record.decided_on else ""),
        ("Decision makers", record.decision_makers),
        ("Stakeholders", record.stakeholders),
    ]
    lines += [
        f"- **{label}:** {value if label == 'Status' else md_text(value)}"
        for label, value in facts
        if value
    ]
    lines.append("")
    lines += _md_section("Context", record.context)
    options = list(record.options.all())
    if options:
        lines += ["#### Options considered", ""]
        for option in options:
            lines.append(f"- **{md_text(option.title)}**")
            lines += [f"  - Pro: {md_text(pro)}" for pro in option.pro_list]
            lines += [f"  - Con: {md_text(con)}" for con in option.con_list]
        lines.append("")
    if record.diagram.strip():
        diagram = newlines_normalised(record.diagram)
        language = "mermaid" if is_mermaid(diagram) else "text"
        lines += ["#### Diagram", "", *_md_fence(diagram, language)]
    lines += _md_section("Decision", record.decision)
    lines += _md_section("Rationale", record.rationale)
    lines += _md_section("Implementation plan", record.implementation_plan)
    results_title = "Results"
    if record.results_after_months is not None:
        results_title += f" after {record.results_after_months} months"
    lines += _md_section(results_title, record.results)
    return lines


def _md_stories(context: dict[str, Any]) -> list[str]:
    if not context["story_appendix"]:
        return []
    lines = ["## Appendix: linked STAR stories", ""]
    for entry in context["story_appendix"]:
        summary, story = entry["summary"], entry["story"]
        lines += [f"### A.{summary.number} {md_text(story.title)}", ""]
        for section in story.section_list:
            lines += _md_section(section["label"], section["text"])
        metrics = list(story.metrics.all())
        if metrics:
            rows = [
                [
                    metric.label,
                    value_text(metric.before_value, metric.before_unit or metric.unit),
                    value_text(metric.after_value, metric.unit),
                    metric.change_text,
                    metric.period,
                ]
                for metric in metrics
            ]
            lines += _md_table(["Metric", "Before", "After", "Change", "Period"], rows)
    return lines


def _md_checklist(content: PortfolioContent, context: dict[str, Any]) -> list[str]:
    completeness = context["completeness"]
    lines = ["## Review checklist", "", f"Completeness score: {completeness.score}%", ""]
    for section in CHECKLIST:
        lines += [f"### {section.title}", ""]
        for item in section.items:
            checked, notes = content.checklist_marks.get(item.key, (False, ""))
            line = f"- [{'x' if checked else ' '}] {item.text}"
            if notes:
                line += f" — {md_text(notes)}"
            lines.append(line)
        lines.append("")
    return lines


def render_json_resume(content: PortfolioContent) -> dict[str, Any]:
    """The portfolio as a JSON Resume (jsonresume.org): basics, work, projects, skills."""
    portfolio = content.portfolio
    owner = portfolio.owner
    scope = [portfolio.team_size_and_scope]
    if portfolio.budget:
        scope.append(f"Budget: {portfolio.budget}")
    if portfolio.years_of_experience is not None:
        scope.append(f"{portfolio.years_of_experience} years of experience")
    resume: dict[str, Any] = {
        "basics": {
            "name": owner.display_name,
            "label": portfolio.current_role,
            "email": owner.email,
            "summary": portfolio.summary_text,
        },
        "work": [
            {
                "position": portfolio.current_role,
                "summary": ". ".join(part for part in scope if part),
                "highlights": portfolio.notable_achievement_list,
            }
        ],
        "projects": [
            {
                "name": case.title,
                "description": case.business_context or case.situation,
                "highlights": [metric_line(metric) for metric in case.metrics.all()]
                + [line.strip() for line in case.results.splitlines() if line.strip()],
                "keywords": case.technology_list,
                "roles": [case.role] if case.role else [],
                "type": case.get_kind_display(),
            }
            for case in content.case_studies
        ],
        "skills": [{"name": domain} for domain in portfolio.technical_domain_list],
        "meta": {"version": "v1.0.0"},
    }
    return resume


def pdf_from_html(html: str) -> bytes:
    """Any PrepSite document as PDF, printed the way the portfolio is (the loop brief uses it)."""
    return html_to_pdf(html)
