"""Quality checks for a STAR+ or Problem-Solution-Impact story.

Pure functions over plain values: no database, no Django. Each check returns a pass/warn
state, a short detail of what was measured, and a one-line tip to improve the story.
"""

import re
from dataclasses import dataclass, field
from typing import Literal

from stories import frameworks

PASS: Literal["pass"] = "pass"
WARN: Literal["warn"] = "warn"

# A calm interview pace; 2-3 minutes is the length interviewers expect for one story.
WORDS_PER_MINUTE = 150
TARGET_SECONDS = (120, 180)
SETTING_MAX_SHARE = 0.30
MAX_PRINCIPLES = 3
TOLD_TOO_OFTEN = 3
TOLD_TOO_OFTEN_DAYS = 30

_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:'[A-Za-z]+)?")
_CURLY_APOSTROPHE = "\u2019"
_NUMBER = re.compile(r"\d")
_SINGULAR = {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"}
_PLURAL = {"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"}


@dataclass(frozen=True)
class StoryDraft:
    """The parts of a story the checks read; built from a Story, a form or API input."""

    framework: str
    sections: dict[str, str]
    metric_count: int = 0
    principle_count: int = 0


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    status: Literal["pass", "warn"]
    detail: str
    tip: str

    @property
    def passed(self) -> bool:
        return self.status == PASS


@dataclass(frozen=True)
class QualityReport:
    checks: list[Check]
    word_count: int
    spoken_word_count: int
    speaking_seconds: int
    section_words: dict[str, int] = field(default_factory=dict)

    @property
    def passed_count(self) -> int:
        return sum(check.passed for check in self.checks)

    @property
    def all_passed(self) -> bool:
        return self.passed_count == len(self.checks)


def words(text: str) -> list[str]:
    return _WORD.findall(text.replace(_CURLY_APOSTROPHE, "'"))


def word_count(text: str) -> int:
    return len(words(text))


def speaking_seconds(word_total: int) -> int:
    return round(word_total * 60 / WORDS_PER_MINUTE)


def format_duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def _text(draft: StoryDraft, name: str) -> str:
    return (draft.sections.get(name) or "").strip()


def _label(framework: str, name: str) -> str:
    return next(s.label for s in frameworks.sections_for(framework) if s.name == name)


def check_sections_present(draft: StoryDraft) -> Check:
    missing = [
        _label(draft.framework, name)
        for name in frameworks.required_section_names(draft.framework)
        if not _text(draft, name)
    ]
    if missing:
        return Check(
            "sections",
            "Every required section",
            WARN,
            "Missing: " + ", ".join(missing),
            f"Write at least a sentence for {missing[0]}; an outline beats a blank.",
        )
    return Check("sections", "Every required section", PASS, "All filled in", "")


def check_outcome_has_number(draft: StoryDraft) -> Check:
    name = frameworks.OUTCOME_SECTION[draft.framework]
    label = f"{_label(draft.framework, name)} has a number"
    if _NUMBER.search(_text(draft, name)):
        return Check("outcome_number", label, PASS, "Quantified", "")
    return Check(
        "outcome_number",
        label,
        WARN,
        "No figure yet",
        "Put a number on the outcome: a percentage, money, time saved or people affected.",
    )


def check_speaking_time(draft: StoryDraft) -> Check:
    spoken = sum(word_count(_text(draft, name)) for name in _spoken_names(draft.framework))
    seconds = speaking_seconds(spoken)
    detail = f"{spoken} words, about {format_duration(seconds)} spoken"
    low, high = TARGET_SECONDS
    if seconds < low:
        tip = "Too short to convince: add the decisions you made and how you measured success."
    elif seconds > high:
        tip = "Over three minutes: trim the setting and keep the detail for follow-ups."
    else:
        return Check("speaking_time", "Two to three minutes", PASS, detail, "")
    return Check("speaking_time", "Two to three minutes", WARN, detail, tip)


def check_section_balance(draft: StoryDraft) -> Check:
    counts = {name: word_count(_text(draft, name)) for name in _spoken_names(draft.framework)}
    total = sum(counts.values())
    action = frameworks.ACTION_SECTION[draft.framework]
    setting = frameworks.SETTING_SECTION[draft.framework]
    action_label = _label(draft.framework, action)
    setting_label = _label(draft.framework, setting)
    label = f"{action_label} carries the story"
    if total == 0:
        return Check("balance", label, WARN, "Nothing written yet", "Start with the Action.")
    setting_share = counts[setting] / total
    detail = (
        f"{action_label} {round(counts[action] / total * 100)} %, "
        f"{setting_label} {round(setting_share * 100)} %"
    )
    if max(counts.values()) != counts[action]:
        tip = f"Make {action_label} the longest part: it is what you are being hired for."
    elif setting_share > SETTING_MAX_SHARE:
        tip = f"Cut {setting_label} to a few sentences; interviewers want to reach your actions."
    else:
        return Check("balance", label, PASS, detail, "")
    return Check("balance", label, WARN, detail, tip)


def check_first_person(draft: StoryDraft) -> Check:
    action = frameworks.ACTION_SECTION[draft.framework]
    tokens = [token.lower() for token in words(_text(draft, action))]
    singular = sum(token in _SINGULAR for token in tokens)
    plural = sum(token in _PLURAL for token in tokens)
    label = f"“I” over “we” in {_label(draft.framework, action)}"
    detail = f"“I” {singular} times, “we” {plural} times"
    if singular > 0 and singular >= plural:
        return Check("first_person", label, PASS, detail, "")
    return Check(
        "first_person",
        label,
        WARN,
        detail,
        "Say what you did yourself: “I proposed”, “I convinced”, rather than “we did”.",
    )


def check_has_metric(draft: StoryDraft) -> Check:
    if draft.metric_count:
        detail = f"{draft.metric_count} metric{'s' if draft.metric_count != 1 else ''}"
        return Check("metric", "At least one metric", PASS, detail, "")
    return Check(
        "metric",
        "At least one metric",
        WARN,
        "No metric yet",
        "Add a before/after metric, such as latency, cost or attrition, so the change is exact.",
    )


def check_principle_mapped(draft: StoryDraft) -> Check:
    if draft.principle_count:
        return Check("principle", "Leadership Principle mapped", PASS, "Mapped", "")
    return Check(
        "principle",
        "Leadership Principle mapped",
        WARN,
        "No principle yet",
        "Choose the one principle this story proves best as its primary principle.",
    )


CHECKS = (
    check_sections_present,
    check_outcome_has_number,
    check_speaking_time,
    check_section_balance,
    check_first_person,
    check_has_metric,
    check_principle_mapped,
)


def _spoken_names(framework: str) -> list[str]:
    return [section.name for section in frameworks.sections_for(framework) if section.spoken]


def evaluate(draft: StoryDraft) -> QualityReport:
    section_words = {
        name: word_count(_text(draft, name)) for name in frameworks.section_names(draft.framework)
    }
    spoken = sum(section_words[name] for name in _spoken_names(draft.framework))
    return QualityReport(
        checks=[check(draft) for check in CHECKS],
        word_count=sum(section_words.values()),
        spoken_word_count=spoken,
        speaking_seconds=speaking_seconds(spoken),
        section_words=section_words,
    )


def usage_warnings(*, principle_count: int, told_recently: int) -> list[str]:
    """Warnings about how a story is used, shown next to its interview log."""
    warnings = []
    if principle_count > MAX_PRINCIPLES:
        warnings.append(
            f"Mapped to {principle_count} principles: a story proves two or three well; "
            "find another story for the rest."
        )
    if told_recently >= TOLD_TOO_OFTEN:
        warnings.append(
            f"Told {told_recently} times in the last {TOLD_TOO_OFTEN_DAYS} days: "
            "interviewers compare notes, so rotate in another story."
        )
    return warnings
