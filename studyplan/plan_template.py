"""The versioned plan template: weeks, phases, targets and level data live in JSON, not code.

Version 1 had fixed weekly targets; version 2 derives targets from each week's planned minutes
(item_minutes and each phase's practice_share) and adds the readiness descriptions. Plans keep
the version they were generated from, so version-1 plans still load; regenerating moves a plan
to the current version.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent / "plan_templates"
CURRENT_TEMPLATE_VERSION = 2


@dataclass(frozen=True)
class TemplatePhase:
    key: str
    base_weeks: int
    area_weights: dict[str, float]
    # Share of an area's time spent on countable items (the rest is reading and study).
    practice_share: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TemplateWeek:
    week: int
    phase: str
    focus: str
    goals: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str


@dataclass(frozen=True)
class LevelData:
    hours: dict[str, int]
    competency_weights: dict[str, int]
    checklist: tuple[ChecklistItem, ...]
    competency_bar: dict[str, int] = field(default_factory=dict)
    expectations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Competency:
    key: str
    name: str
    this_week: str = ""
    plan_area: str = ""
    # Per level, the meaning of ratings 1..5 (index 0 is rating 1).
    ratings: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanTemplate:
    version: int
    base_weeks: int
    phases: tuple[TemplatePhase, ...]
    weeks: tuple[TemplateWeek, ...]
    levels: dict[str, LevelData]
    competencies: tuple[Competency, ...]
    # Version 1: the same targets every week.
    weekly_targets: dict[str, int] = field(default_factory=dict)
    mock_interviews_per_four_weeks: int = 0
    # Version 2: targets derived from planned minutes.
    item_minutes: dict[str, int] = field(default_factory=dict)
    goal_areas: dict[str, str] = field(default_factory=dict)
    last_week_load: float = 1.0

    def weeks_of_phase(self, phase_key: str) -> list[TemplateWeek]:
        return [week for week in self.weeks if week.phase == phase_key]

    @property
    def derives_targets(self) -> bool:
        return bool(self.item_minutes)


@cache
def load_plan_template(version: int = CURRENT_TEMPLATE_VERSION) -> PlanTemplate:
    raw = json.loads((TEMPLATE_DIR / f"v{version}.json").read_text(encoding="utf-8"))
    return PlanTemplate(
        version=raw["version"],
        base_weeks=raw["base_weeks"],
        weekly_targets=dict(raw.get("weekly_targets", {})),
        mock_interviews_per_four_weeks=raw.get("mock_interviews_per_four_weeks", 0),
        item_minutes=dict(raw.get("item_minutes", {})),
        goal_areas=dict(raw.get("goal_areas", {})),
        last_week_load=raw.get("last_week_load", 1.0),
        phases=tuple(TemplatePhase(**phase) for phase in raw["phases"]),
        weeks=tuple(
            TemplateWeek(week["week"], week["phase"], week["focus"], tuple(week["goals"]))
            for week in raw["weeks"]
        ),
        levels={
            level: LevelData(
                hours=dict(data["hours"]),
                competency_weights=dict(data["competency_weights"]),
                checklist=tuple(ChecklistItem(**item) for item in data["checklist"]),
                competency_bar=dict(data.get("competency_bar", {})),
                expectations=dict(data.get("expectations", {})),
            )
            for level, data in raw["levels"].items()
        },
        competencies=tuple(
            Competency(
                key=item["key"],
                name=item["name"],
                this_week=item.get("this_week", ""),
                plan_area=item.get("plan_area", ""),
                ratings={level: tuple(texts) for level, texts in item.get("ratings", {}).items()},
            )
            for item in raw["competencies"]
        ),
    )
