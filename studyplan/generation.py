"""Turns the plan template and a user's answers into week specifications. No database I/O."""

import datetime
import math
from dataclasses import dataclass, field

from studyplan.dates import monday_of, weeks_between
from studyplan.plan_template import PlanTemplate

DEFAULT_WEEKS = 24
MIN_WEEKS = 4
MAX_WEEKS = 52
AREAS = ("design", "coding", "behavioural", "mocks")


@dataclass(frozen=True)
class GoalSpec:
    kind: str
    target: int


@dataclass
class WeekSpec:
    number: int
    starts_on: datetime.date
    phase: str
    template_week: int
    focus: str
    goals_text: str
    planned_minutes: dict[str, int] = field(default_factory=dict)
    goals: list[GoalSpec] = field(default_factory=list)


def plan_length(start_date: datetime.date, interview_date: datetime.date | None) -> int:
    if interview_date is None:
        return DEFAULT_WEEKS
    return weeks_between(start_date, interview_date)


def _largest_remainder(total: int, shares: list[float], minimum: int = 0) -> list[int]:
    """Split an integer total in proportion to shares so the parts add up exactly."""
    weight_sum = sum(shares)
    exact = [total * share / weight_sum for share in shares]
    parts = [max(minimum, math.floor(value)) for value in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: exact[i] - parts[i], reverse=True)
    index = 0
    while sum(parts) < total:
        parts[by_remainder[index % len(parts)]] += 1
        index += 1
    while sum(parts) > total:
        largest = max(range(len(parts)), key=lambda i: parts[i])
        parts[largest] -= 1
    return parts


def phase_week_counts(template: PlanTemplate, weeks: int) -> list[int]:
    """Every phase keeps at least one week; the rest follows the template's proportions."""
    return _largest_remainder(weeks, [phase.base_weeks for phase in template.phases], minimum=1)


def _mock_weeks(weeks: int, per_four_weeks: int) -> set[int]:
    """Spread the mock interviews evenly, ending on the last week."""
    total = round(weeks * per_four_weeks / 4)
    return {math.ceil((i + 1) * weeks / total) - 1 for i in range(total)} if total else set()


def generate_weeks(
    *,
    template: PlanTemplate,
    level: str,
    start_date: datetime.date,
    interview_date: datetime.date | None,
    hours_per_week: int,
) -> list[WeekSpec]:
    weeks = plan_length(start_date, interview_date)
    first_monday = monday_of(start_date)
    specs: list[WeekSpec] = []
    for phase, count in zip(template.phases, phase_week_counts(template, weeks), strict=True):
        phase_weeks = template.weeks_of_phase(phase.key)
        for i in range(count):
            source = phase_weeks[i * len(phase_weeks) // count]
            number = len(specs) + 1
            specs.append(
                WeekSpec(
                    number=number,
                    starts_on=first_monday + datetime.timedelta(weeks=number - 1),
                    phase=phase.key,
                    template_week=source.week,
                    focus=source.focus,
                    goals_text="\n".join(source.goals),
                )
            )
    _plan_hours(template, level, hours_per_week, specs)
    mock_weeks = _mock_weeks(weeks, template.mock_interviews_per_four_weeks)
    for index, spec in enumerate(specs):
        spec.goals = [GoalSpec(kind, target) for kind, target in template.weekly_targets.items()]
        if index in mock_weeks:
            spec.goals.append(GoalSpec("mock_interview", 1))
    return specs


def _plan_hours(
    template: PlanTemplate, level: str, hours_per_week: int, specs: list[WeekSpec]
) -> None:
    """Each area's level total is spread by phase weight, then each week is capped."""
    phase_weights = {phase.key: phase.area_weights for phase in template.phases}
    for area in AREAS:
        total_minutes = template.levels[level].hours[area] * 60
        shares = [phase_weights[spec.phase][area] for spec in specs]
        for spec, minutes in zip(specs, _largest_remainder(total_minutes, shares), strict=True):
            spec.planned_minutes[area] = minutes
    cap = hours_per_week * 60
    for spec in specs:
        week_total = sum(spec.planned_minutes.values())
        if week_total > cap:
            scaled = _largest_remainder(cap, [spec.planned_minutes[area] for area in AREAS])
            spec.planned_minutes = dict(zip(AREAS, scaled, strict=True))
