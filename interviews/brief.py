"""The loop brief: one page per loop to read the evening before, as JSON, Markdown, HTML or PDF.

The PDF goes through the portfolio's export machinery (its formats, Markdown escaping and
Chromium printing), so both documents print the same way.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from interviews.selectors import LoopPage, RoundView
from portfolio import exports
from stories.selectors import story_key_metric

BRIEF_FORMATS = ("json", "md", "html", "pdf")


@dataclass(frozen=True)
class BriefStory:
    principle: str
    title: str
    reminder: str  # the one-line reminder: the result's first sentence
    key_metric: str
    pinned: bool


@dataclass(frozen=True)
class BriefRound:
    number: int
    kind: str
    starts_at: datetime.datetime
    length_minutes: int
    interviewer: str
    principles: list[str]
    stories: list[BriefStory]
    backups: list[BriefStory]
    gaps: list[str]
    questions_to_ask: list[str]
    heard: list[str]


def _first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    sentence = text[: end + 1] if end != -1 else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _brief_story(assignment) -> BriefStory:
    story = assignment.story
    return BriefStory(
        principle=assignment.principle.name,
        title=story.title,
        reminder=_first_sentence(story.result or story.impact or story.action or story.solution),
        key_metric=story_key_metric(story),
        pinned=assignment.pinned,
    )


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def _brief_round(view: RoundView, loop_questions: list[str], tz) -> BriefRound:
    round_ = view.round
    return BriefRound(
        number=view.number,
        kind=round_.get_kind_display(),
        starts_at=timezone.localtime(round_.starts_at, tz),
        length_minutes=round_.length_minutes,
        interviewer=", ".join(p for p in (round_.interviewer_name, round_.interviewer_role) if p),
        principles=[slot.principle.name for slot in view.slots],
        stories=[_brief_story(slot.main) for slot in view.slots if slot.main],
        backups=[_brief_story(slot.backup) for slot in view.slots if slot.backup],
        gaps=[gap.message for gap in view.gaps if not gap.backup],
        questions_to_ask=_lines(round_.questions_to_ask) or loop_questions,
        heard=[story.title for story in view.heard],
    )


def brief_context(page: LoopPage) -> dict[str, Any]:
    loop = page.loop
    application = loop.application
    tz = application.owner.tzinfo
    questions = _lines(loop.questions_to_ask)
    return {
        "loop": loop,
        "application": application,
        "title": f"{application.company}: {loop.get_kind_display().lower()} brief",
        "time_zone": application.owner.timezone,
        "rounds": [_brief_round(view, questions, tz) for view in page.rounds],
        "covered": page.covered_count,
        "slots": page.slot_count,
    }


def brief_json(page: LoopPage) -> dict[str, Any]:
    context = brief_context(page)
    application = context["application"]
    return {
        "company": application.company,
        "role": application.role,
        "level": application.level,
        "loop": {
            "id": context["loop"].pk,
            "kind": context["loop"].kind,
            "starts_on": context["loop"].starts_on.isoformat(),
            "ends_on": context["loop"].ends_on.isoformat(),
        },
        "time_zone": context["time_zone"],
        "coverage": {"covered": context["covered"], "slots": context["slots"]},
        "rounds": [
            {
                "number": r.number,
                "kind": r.kind,
                "starts_at": r.starts_at.isoformat(),
                "length_minutes": r.length_minutes,
                "interviewer": r.interviewer,
                "principles": r.principles,
                "stories": [s.__dict__ for s in r.stories],
                "backups": [s.__dict__ for s in r.backups],
                "gaps": r.gaps,
                "questions_to_ask": r.questions_to_ask,
                "heard": r.heard,
            }
            for r in context["rounds"]
        ],
    }


def _md_story(story: BriefStory) -> str:
    line = f"- **{exports.md_text(story.principle)}:** {exports.md_text(story.title)}"
    if story.key_metric:
        line += f" ({exports.md_text(story.key_metric)})"
    if story.reminder:
        line += f" — {exports.md_text(story.reminder)}"
    return line


def brief_markdown(page: LoopPage) -> str:
    context = brief_context(page)
    lines = [f"# {exports.md_text(context['title'])}", ""]
    lines += [
        f"{exports.md_text(context['application'].role)} · {context['application'].level} · "
        f"times in {context['time_zone']} · {context['covered']} of {context['slots']} "
        "principles covered",
        "",
    ]
    for r in context["rounds"]:
        lines += [f"## Round {r.number}: {r.kind}, {r.starts_at:%a %d %b %H:%M}", ""]
        lines.append(f"- {r.length_minutes} minutes")
        if r.interviewer:
            lines.append(f"- Interviewer: {exports.md_text(r.interviewer)}")
        if r.principles:
            lines.append(f"- Principles: {exports.md_text(', '.join(r.principles))}")
        lines.append("")
        if r.stories:
            lines += ["### Stories", "", *[_md_story(s) for s in r.stories], ""]
        if r.backups:
            lines += ["### Backups", "", *[_md_story(s) for s in r.backups], ""]
        if r.gaps:
            lines += ["### Not covered", "", *[f"- {exports.md_text(g)}" for g in r.gaps], ""]
        if r.questions_to_ask:
            lines += ["### Questions to ask", ""]
            lines += [f"- {exports.md_text(q)}" for q in r.questions_to_ask]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def brief_html(page: LoopPage) -> str:
    # The document says its times are in the owner's zone. An API call made with a token has
    # no active zone (the middleware sets it for signed-in sessions), and the template's date
    # filter would show UTC under that heading.
    with timezone.override(page.loop.application.owner.tzinfo):
        return render_to_string("interviews/brief_document.html", brief_context(page))


def brief_pdf(page: LoopPage) -> bytes:
    return exports.pdf_from_html(brief_html(page))


def brief_filename(page: LoopPage, export_format: str) -> str:
    loop = page.loop
    company = "".join(c for c in loop.application.company.lower() if c.isalnum())[:40] or "loop"
    extension = exports.EXPORT_FORMATS[export_format].extension
    return f"prepsite-brief-{company}-{loop.starts_on.isoformat()}.{extension}"
