"""The two story frameworks: their sections, which ones are required, and the editor prompts.

Plain data with no Django imports, so quality checks and exports can share it.
"""

from dataclasses import dataclass

STAR_PLUS = "star_plus"
PSI = "psi"


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    prompt: str
    required: bool
    # Counted in the spoken answer; the other sections feed follow-up questions.
    spoken: bool


_STAR_PLUS_SECTIONS = (
    Section(
        "situation",
        "Situation",
        "Set the scene in two or three sentences: the business, the stakes, the deadline.",
        required=True,
        spoken=True,
    ),
    Section(
        "task",
        "Task",
        "What was yours to own? Name the goal and how success would be measured.",
        required=True,
        spoken=True,
    ),
    Section(
        "action",
        "Action",
        "The heart of the answer: the steps you personally took, the decisions and why.",
        required=True,
        spoken=True,
    ),
    Section(
        "result",
        "Result",
        "What changed because of it? Give numbers: before and after, money, time, people.",
        required=True,
        spoken=True,
    ),
    Section(
        "leadership_impact",
        "Leadership impact",
        "How did you change how others worked: people grown, practices adopted, minds changed?",
        required=False,
        spoken=False,
    ),
    Section(
        "trade_offs",
        "Trade-offs",
        "Which options did you weigh, what did you give up, and what made you choose?",
        required=False,
        spoken=False,
    ),
    Section(
        "lessons_learned",
        "Lessons learned",
        "What would you do differently next time? Be honest about what went wrong.",
        required=False,
        spoken=False,
    ),
    Section(
        "future_applications",
        "Future applications",
        "How does this experience shape the way you would lead in the new role?",
        required=False,
        spoken=False,
    ),
)

_PSI_SECTIONS = (
    Section(
        "problem",
        "Problem",
        "About a quarter of the answer: the unmet need, the technical obstacle, the limits.",
        required=True,
        spoken=True,
    ),
    Section(
        "solution",
        "Solution",
        "About half: how you investigated, the options, how you chose, how you drove it home.",
        required=True,
        spoken=True,
    ),
    Section(
        "impact",
        "Impact",
        "About a quarter: measured technical and business results, and what lasted.",
        required=True,
        spoken=True,
    ),
)

SECTIONS: dict[str, tuple[Section, ...]] = {STAR_PLUS: _STAR_PLUS_SECTIONS, PSI: _PSI_SECTIONS}
ALL_SECTION_NAMES: tuple[str, ...] = tuple(
    section.name for sections in SECTIONS.values() for section in sections
)
# Per framework: the section that should carry most words, the one that should stay short,
# and the one that must hold the numbers.
ACTION_SECTION = {STAR_PLUS: "action", PSI: "solution"}
SETTING_SECTION = {STAR_PLUS: "situation", PSI: "problem"}
OUTCOME_SECTION = {STAR_PLUS: "result", PSI: "impact"}


def sections_for(framework: str) -> tuple[Section, ...]:
    return SECTIONS.get(framework, _STAR_PLUS_SECTIONS)


def section_names(framework: str) -> list[str]:
    return [section.name for section in sections_for(framework)]


def required_section_names(framework: str) -> list[str]:
    return [section.name for section in sections_for(framework) if section.required]
