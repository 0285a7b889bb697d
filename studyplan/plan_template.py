"""The versioned plan template: weeks, phases, targets and level data live in JSON, not code."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent / "plan_templates"
CURRENT_TEMPLATE_VERSION = 1


@dataclass(frozen=True)
class TemplatePhase:
    key: str
    base_weeks: int
    area_weights: dict[str, float]


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


@dataclass(frozen=True)
class Competency:
    key: str
    name: str


@dataclass(frozen=True)
class PlanTemplate:
    version: int
    base_weeks: int
    weekly_targets: dict[str, int]
    mock_interviews_per_four_weeks: int
    phases: tuple[TemplatePhase, ...]
    weeks: tuple[TemplateWeek, ...]
    levels: dict[str, LevelData]
    competencies: tuple[Competency, ...]

    def weeks_of_phase(self, phase_key: str) -> list[TemplateWeek]:
        return [week for week in self.weeks if week.phase == phase_key]


@cache
def load_plan_template(version: int = CURRENT_TEMPLATE_VERSION) -> PlanTemplate:
    raw = json.loads((TEMPLATE_DIR / f"v{version}.json").read_text(encoding="utf-8"))
    return PlanTemplate(
        version=raw["version"],
        base_weeks=raw["base_weeks"],
        weekly_targets=dict(raw["weekly_targets"]),
        mock_interviews_per_four_weeks=raw["mock_interviews_per_four_weeks"],
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
            )
            for level, data in raw["levels"].items()
        },
        competencies=tuple(Competency(**item) for item in raw["competencies"]),
    )
