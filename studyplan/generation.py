"""Turns the plan template and a user's answers into week specifications. No database I/O.

Three rules shape a plan:
- Hours: each area gets exactly the level's total whenever the weeks can hold it. What a week
  cannot hold moves to weeks with room, keeping each phase's emphasis (allocate_minutes). When
  the total does not fit, every week is full and each area gets its share in proportion, and
  hours_check says by how much and what would make it fit.
- Topics: every template topic appears; a longer plan splits a topic into parts, a shorter one
  merges neighbouring topics into one week (arrange_topics).
- Targets: derived from the week's planned minutes and the template's item minutes, so a week
  with little coding time asks for few coding problems (version 2 templates).
"""

import datetime
import math
from dataclasses import dataclass, field

from studyplan.dates import monday_of, weeks_between
from studyplan.plan_template import PlanTemplate, TemplatePhase, TemplateWeek

DEFAULT_WEEKS = 24
MIN_WEEKS = 4
MAX_WEEKS = 52
AREAS = ("design", "coding", "behavioural", "mocks")
# Plans are placed in quarter hours: finer numbers read as false precision on a week page.
UNIT_MINUTES = 15
FOCUS_MAX = 200
GOAL_TARGET_MAX = 100
GOAL_KINDS = ("system_design", "coding", "star_story", "mock_interview")


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
    topics: tuple[int, ...] = ()

    @property
    def total_minutes(self) -> int:
        return sum(self.planned_minutes.values())


def plan_length(start_date: datetime.date, interview_date: datetime.date | None) -> int:
    if interview_date is None:
        return DEFAULT_WEEKS
    return weeks_between(start_date, interview_date)


def _largest_remainder(total: int, shares: list[float], minimum: int = 0) -> list[int]:
    """Split an integer total in proportion to shares so the parts add up exactly."""
    weight_sum = sum(shares)
    if weight_sum <= 0:
        shares = [1.0] * len(shares)
        weight_sum = float(len(shares))
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


# Hours ---------------------------------------------------------------------------------------


def _water_level(ideal: list[float], caps: list[float], total: float) -> list[float]:
    """Week totals min(cap, level * ideal) adding up to total (which must fit under the caps)."""
    if total <= 0:
        return [0.0] * len(ideal)
    low, high = 0.0, 1.0
    while sum(min(c, high * s) for s, c in zip(ideal, caps, strict=True)) < total:
        high *= 2
        if high > 1e12:
            break
    for _ in range(100):
        middle = (low + high) / 2
        if sum(min(c, middle * s) for s, c in zip(ideal, caps, strict=True)) < total:
            low = middle
        else:
            high = middle
    return [min(c, high * s) for s, c in zip(ideal, caps, strict=True)]


def allocate_minutes(
    *,
    totals: dict[str, int],
    weights: list[dict[str, float]],
    caps: list[int],
    unit: int = UNIT_MINUTES,
) -> list[dict[str, int]]:
    """Place each area's total over the weeks, no week over its cap.

    weights[i][area] is how much week i leans toward the area (its phase's emphasis); totals
    and caps are minutes, multiples of unit. When the totals fit under the caps they are
    placed exactly; otherwise every week is filled and each area gets its proportional share.
    """
    areas = list(totals)
    count = len(weights)
    if count == 0:
        return []
    need = {area: totals[area] // unit for area in areas}
    cap_units = [cap // unit for cap in caps]
    capacity = sum(cap_units)
    needed = sum(need.values())
    if needed > capacity:
        placed_parts = _largest_remainder(capacity, [need[area] for area in areas])
        placed = dict(zip(areas, placed_parts, strict=True))
    else:
        placed = dict(need)
    column_weight = {area: sum(week[area] for week in weights) or 1.0 for area in areas}
    matrix = [
        [placed[area] * weights[i][area] / column_weight[area] for area in areas]
        for i in range(count)
    ]
    ideal_rows = [sum(row) for row in matrix]
    rows = _water_level(ideal_rows, [float(c) for c in cap_units], float(sum(placed.values())))
    # Iterative proportional fitting: rows to the water level, columns to the area totals.
    for _ in range(300):
        for i, row in enumerate(matrix):
            current = sum(row)
            if current > 0:
                factor = rows[i] / current
                matrix[i] = [value * factor for value in row]
        for j, area in enumerate(areas):
            current = sum(matrix[i][j] for i in range(count))
            if current > 0:
                factor = placed[area] / current
                for i in range(count):
                    matrix[i][j] *= factor
        if all(abs(sum(row) - rows[i]) < 1e-3 for i, row in enumerate(matrix)):
            break
    result = [[0] * len(areas) for _ in range(count)]
    for j, area in enumerate(areas):
        column = _largest_remainder(placed[area], [matrix[i][j] for i in range(count)])
        for i in range(count):
            result[i][j] = column[i]
    _fix_overflows(result, matrix, cap_units)
    return [{area: result[i][j] * unit for j, area in enumerate(areas)} for i in range(count)]


def _fix_overflows(result: list[list[int]], ideal: list[list[float]], caps: list[int]) -> None:
    """Rounding may push a week a unit or two over its cap: move those units, area by area,
    to the weeks with room that fall furthest short of their ideal share of that area."""
    count = len(result)
    for i in range(count):
        over = sum(result[i]) - caps[i]
        while over > 0:
            j = max(range(len(result[i])), key=lambda a: result[i][a])
            candidates = [k for k in range(count) if k != i and sum(result[k]) < caps[k]]
            if not candidates or result[i][j] == 0:
                break
            target = max(candidates, key=lambda k: (ideal[k][j] - result[k][j], -k))
            moved = min(over, result[i][j], caps[target] - sum(result[target]))
            result[i][j] -= moved
            result[target][j] += moved
            over -= moved


@dataclass(frozen=True)
class HoursCheck:
    """Whether the level's hours fit the plan, and what would make them fit."""

    weeks: int
    hours_per_week: int
    needed_hours: dict[str, int]
    first_monday: datetime.date
    has_interview_date: bool = True

    @property
    def needed_total(self) -> int:
        return sum(self.needed_hours.values())

    @property
    def available_total(self) -> int:
        return self.weeks * self.hours_per_week

    @property
    def fits(self) -> bool:
        return self.needed_total <= self.available_total

    @property
    def shortfall(self) -> int:
        return max(0, self.needed_total - self.available_total)

    @property
    def hours_per_week_needed(self) -> int:
        return math.ceil(self.needed_total / self.weeks)

    @property
    def weeks_needed(self) -> int:
        return math.ceil(self.needed_total / self.hours_per_week)

    @property
    def interview_date_needed(self) -> datetime.date | None:
        """The earliest interview day that leaves enough weeks, if a plan may be that long."""
        if self.weeks_needed > MAX_WEEKS:
            return None
        return self.first_monday + datetime.timedelta(weeks=self.weeks_needed)

    @property
    def warning(self) -> str:
        if self.fits:
            return ""
        extra = self.hours_per_week_needed - self.hours_per_week
        text = (
            f"{self.needed_total} h needed, {self.available_total} h available "
            f"({self.weeks} weeks at {self.hours_per_week} h): add {extra} h a week "
            f"({self.hours_per_week_needed} h in all)"
        )
        if self.interview_date_needed:
            move = "move the interview" if self.has_interview_date else "set an interview date"
            text += f" or {move} to {self.interview_date_needed:%-d %b %Y} or later"
        return (
            text + ". Until then the plan places what fits, each area cut in proportion "
            f"({self.shortfall} h short)."
        )


def hours_check(
    *,
    template: PlanTemplate,
    level: str,
    start_date: datetime.date,
    interview_date: datetime.date | None,
    hours_per_week: int,
) -> HoursCheck:
    return HoursCheck(
        weeks=plan_length(start_date, interview_date),
        hours_per_week=hours_per_week,
        needed_hours=dict(template.levels[level].hours),
        first_monday=monday_of(start_date),
        has_interview_date=interview_date is not None,
    )


# Topics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicWeek:
    phase: str
    focus: str
    goals: tuple[str, ...]
    topics: tuple[int, ...]


def _merge_focus(weeks: list[TemplateWeek]) -> str:
    """ "Cloud fundamentals: compute and storage; serverless and streaming"; topics with the
    same heading share it. Too long for a heading: the headings alone."""
    groups: list[tuple[str, list[str]]] = []
    for week in weeks:
        head, _, rest = week.focus.partition(": ")
        if rest and groups and groups[-1][0] == head:
            groups[-1][1].append(rest)
        elif rest:
            groups.append((head, [rest]))
        else:
            groups.append((week.focus, []))
    full = " · ".join(f"{head}: {'; '.join(parts)}" if parts else head for head, parts in groups)
    if len(full) <= FOCUS_MAX:
        return full
    return " · ".join(head for head, _ in groups)[:FOCUS_MAX]


def _split_goals(goals: tuple[str, ...], part: int, parts: int, focus: str) -> tuple[str, ...]:
    chunk = goals[part * len(goals) // parts : (part + 1) * len(goals) // parts]
    if chunk:
        return chunk
    return (f"Go back over {focus.lower()} and close the gaps you noted",)


def arrange_topics(template: PlanTemplate, weeks: int) -> list[TopicWeek]:
    """Spread every template topic over the plan's weeks, phase by phase."""
    result: list[TopicWeek] = []
    for phase, count in zip(template.phases, phase_week_counts(template, weeks), strict=True):
        topics = template.weeks_of_phase(phase.key)
        if count >= len(topics):
            parts_per_topic = _largest_remainder(count, [1.0] * len(topics))
            for topic, parts in zip(topics, parts_per_topic, strict=True):
                for part in range(parts):
                    focus = topic.focus
                    if parts > 1:
                        focus = f"{topic.focus} (part {part + 1} of {parts})"
                    result.append(
                        TopicWeek(
                            phase.key,
                            focus,
                            _split_goals(topic.goals, part, parts, topic.focus),
                            (topic.week,),
                        )
                    )
        else:
            sizes = _largest_remainder(len(topics), [1.0] * count)
            start = 0
            for size in sizes:
                group = topics[start : start + size]
                start += size
                result.append(
                    TopicWeek(
                        phase.key,
                        _merge_focus(group),
                        tuple(goal for topic in group for goal in topic.goals),
                        tuple(topic.week for topic in group),
                    )
                )
    return result


# Targets -------------------------------------------------------------------------------------


def _week_weights(template: PlanTemplate, phases: list[str]) -> list[dict[str, float]]:
    by_key: dict[str, TemplatePhase] = {phase.key: phase for phase in template.phases}
    weights = [dict(by_key[key].area_weights) for key in phases]
    if weights:
        weights[-1] = {area: value * template.last_week_load for area, value in weights[-1].items()}
    return weights


def derive_targets(
    template: PlanTemplate, phases: list[str], minutes: list[dict[str, int]]
) -> list[list[GoalSpec]]:
    """Items per week from the minutes planned for their area.

    Counts are floored cumulatively, so the plan's total items match its total minutes and no
    week's target asks for more than its minutes hold.
    """
    by_key = {phase.key: phase for phase in template.phases}
    targets: list[list[GoalSpec]] = [[] for _ in phases]
    for kind in GOAL_KINDS:
        area = template.goal_areas[kind]
        running = 0.0
        done = 0
        for i, phase in enumerate(phases):
            share = by_key[phase].practice_share.get(kind, 1.0)
            running += minutes[i][area] * share / template.item_minutes[kind]
            total = math.floor(running + 1e-9)
            count = min(GOAL_TARGET_MAX, total - done)
            done = total
            if count > 0:
                targets[i].append(GoalSpec(kind, count))
    return targets


def _fixed_targets(template: PlanTemplate, weeks: int) -> list[list[GoalSpec]]:
    """Version 1: the same targets every week and evenly spread mock interviews."""
    total = round(weeks * template.mock_interviews_per_four_weeks / 4)
    mock_weeks = {math.ceil((i + 1) * weeks / total) - 1 for i in range(total)} if total else set()
    fixed = [GoalSpec(kind, target) for kind, target in template.weekly_targets.items()]
    return [
        fixed + ([GoalSpec("mock_interview", 1)] if index in mock_weeks else [])
        for index in range(weeks)
    ]


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
    topic_weeks = arrange_topics(template, weeks)
    phases = [topic.phase for topic in topic_weeks]
    minutes = allocate_minutes(
        totals={area: template.levels[level].hours[area] * 60 for area in AREAS},
        weights=_week_weights(template, phases),
        caps=[hours_per_week * 60] * weeks,
    )
    if template.derives_targets:
        goals = derive_targets(template, phases, minutes)
    else:
        goals = _fixed_targets(template, weeks)
    return [
        WeekSpec(
            number=index + 1,
            starts_on=first_monday + datetime.timedelta(weeks=index),
            phase=topic.phase,
            template_week=topic.topics[0],
            focus=topic.focus,
            goals_text="\n".join(topic.goals),
            planned_minutes=minutes[index],
            goals=goals[index],
            topics=topic.topics,
        )
        for index, topic in enumerate(topic_weeks)
    ]


@dataclass(frozen=True)
class PlanPreview:
    """What a plan with these settings would hold, before anything is saved."""

    check: HoursCheck
    planned_minutes: dict[str, int]
    starts_on: datetime.date

    @property
    def weeks(self) -> int:
        return self.check.weeks

    @property
    def planned_total_hours(self) -> float:
        return sum(self.planned_minutes.values()) / 60


def preview_plan(
    *,
    template: PlanTemplate,
    level: str,
    start_date: datetime.date,
    interview_date: datetime.date | None,
    hours_per_week: int,
) -> PlanPreview:
    settings = {
        "template": template,
        "level": level,
        "start_date": start_date,
        "interview_date": interview_date,
        "hours_per_week": hours_per_week,
    }
    specs = generate_weeks(**settings)
    return PlanPreview(
        check=hours_check(**settings),
        planned_minutes={area: sum(spec.planned_minutes[area] for spec in specs) for area in AREAS},
        starts_on=specs[0].starts_on,
    )
