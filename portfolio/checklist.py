"""The portfolio review checklist: four areas a reviewer checks before an interview loop.

Item keys are stored with the user's ticks and notes and appear in exports, so they never change;
the wording may.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str


@dataclass(frozen=True)
class ChecklistSection:
    key: str
    title: str
    items: tuple[ChecklistItem, ...]


CHECKLIST: tuple[ChecklistSection, ...] = (
    ChecklistSection(
        "technical_excellence",
        "Technical excellence",
        (
            ChecklistItem(
                "problem_framed", "Each problem is framed with the business reason it mattered"
            ),
            ChecklistItem(
                "solutions_with_tradeoffs",
                "Solutions show the options weighed and what was given up",
            ),
            ChecklistItem(
                "performance_quantified", "Performance gains are backed by before and after numbers"
            ),
            ChecklistItem(
                "scale_and_reliability", "Scale and reliability figures are stated (load, uptime)"
            ),
            ChecklistItem(
                "technical_leadership", "At least one example shows you setting technical direction"
            ),
        ),
    ),
    ChecklistSection(
        "leadership_impact",
        "Leadership impact",
        (
            ChecklistItem(
                "people_growth", "People you hired, grew or promoted are named by outcome"
            ),
            ChecklistItem(
                "cross_functional", "Work with product, finance, security or legal partners appears"
            ),
            ChecklistItem(
                "conflict_and_decisions", "A disagreement you worked through and how it was decided"
            ),
            ChecklistItem("coaching_results", "Mentoring or coaching has a visible result"),
            ChecklistItem(
                "culture_and_process", "A change to culture or process and what it improved"
            ),
        ),
    ),
    ChecklistSection(
        "business_alignment",
        "Business alignment",
        (
            ChecklistItem("money_impact", "Revenue earned or cost saved, in currency"),
            ChecklistItem("customer_impact", "A customer-facing improvement with a measure"),
            ChecklistItem("strategy_link", "Work is tied to a company goal or strategy"),
            ChecklistItem(
                "competitive_edge", "What the work let the business do that rivals could not"
            ),
            ChecklistItem("lasting_value", "Value that kept paying off after the project ended"),
        ),
    ),
    ChecklistSection(
        "presentation_quality",
        "Presentation quality",
        (
            ChecklistItem("concise_narratives", "Narratives are short enough to tell in minutes"),
            ChecklistItem("diagrams", "Diagrams you can redraw on a whiteboard"),
            ChecklistItem("consistent_format", "Every case study follows the same structure"),
            ChecklistItem("right_depth", "Technical depth fits the audience and the level"),
            ChecklistItem(
                "strong_open_close", "A strong first sentence and a clear closing takeaway"
            ),
        ),
    ),
)

ITEM_KEYS: tuple[str, ...] = tuple(item.key for section in CHECKLIST for item in section.items)
