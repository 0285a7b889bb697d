"""Weekly re-planning: rebalance the weeks still ahead from what was actually done. Pure.

The rule is absolute rather than incremental, so running it twice gives the same plan: for
each area, the weeks ahead get the plan's baseline minus what is done (shortfalls come back,
over-achievement lowers what is left), placed with the phases' emphasis and no week over the
weekly hours (generation.allocate_minutes). Item targets follow the same rule per goal kind and
land where the minutes for their area are. When there are spare hours, the areas readiness
rates weakest get a little more time.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from studyplan.generation import AREAS, GOAL_KINDS, GOAL_TARGET_MAX, UNIT_MINUTES, allocate_minutes
from studyplan.plan_template import PlanTemplate

DEFAULT_GOAL_AREAS = {
    "system_design": "design",
    "coding": "coding",
    "star_story": "behavioural",
    "mock_interview": "mocks",
}
# The weakest areas get up to this share of their remaining time again, from spare hours only.
WEAK_AREA_BONUS = 0.1
AREA_NAMES = {
    "design": "system-design",
    "coding": "coding",
    "behavioural": "behavioural",
    "mocks": "mock-interview",
}
KIND_NOUNS = {
    "system_design": ("system-design problem", "system-design problems"),
    "coding": ("coding problem", "coding problems"),
    "star_story": ("STAR story", "STAR stories"),
    "mock_interview": ("mock interview", "mock interviews"),
}


@dataclass(frozen=True)
class WeekLoad:
    """One week still ahead: its planned minutes per area and targets per goal kind."""

    key: int
    number: int
    phase: str
    minutes: Mapping[str, int]
    targets: Mapping[str, int]


@dataclass(frozen=True)
class Rebalance:
    weeks: list[WeekLoad]
    explanation: list[str] = field(default_factory=list)

    def changed(self, before: Sequence[WeekLoad]) -> bool:
        return [(w.minutes, w.targets) for w in before] != [
            (w.minutes, w.targets) for w in self.weeks
        ]


def _round_up(minutes: int) -> int:
    return UNIT_MINUTES * math.ceil(max(0, minutes) / UNIT_MINUTES)


def _span(numbers: list[int]) -> str:
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    return f"week {low}" if low == high else f"weeks {low}\u2013{high}"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".removesuffix(".0")


def rebalance(
    *,
    template: PlanTemplate,
    remaining: Sequence[WeekLoad],
    baseline_minutes: Mapping[str, int],
    baseline_items: Mapping[str, int],
    done_minutes: Mapping[str, int],
    done_items: Mapping[str, int],
    cap_minutes: int,
    weak_areas: Sequence[str] = (),
) -> Rebalance:
    if not remaining:
        return Rebalance([], ["No weeks are left to re-plan."])
    phases = {phase.key: phase for phase in template.phases}
    goal_areas = template.goal_areas or DEFAULT_GOAL_AREAS
    need = {area: _round_up(baseline_minutes[area] - done_minutes.get(area, 0)) for area in AREAS}
    capacity = cap_minutes * len(remaining)
    spare = max(0, capacity - sum(need.values()))
    bonus: dict[str, int] = {}
    for area in list(dict.fromkeys(weak_areas))[:2]:
        extra = min(
            _round_up(need[area] * WEAK_AREA_BONUS), UNIT_MINUTES * (spare // 2 // UNIT_MINUTES)
        )
        if extra > 0:
            bonus[area] = extra
            need[area] += extra
            spare -= extra
    weights = [dict(phases[week.phase].area_weights) for week in remaining]
    weights[-1] = {area: value * template.last_week_load for area, value in weights[-1].items()}
    minutes = allocate_minutes(totals=need, weights=weights, caps=[cap_minutes] * len(remaining))
    targets: list[dict[str, int]] = [{} for _ in remaining]
    for kind in GOAL_KINDS:
        area = goal_areas[kind]
        left = max(0, baseline_items.get(kind, 0) - done_items.get(kind, 0))
        shares = [
            minutes[i][area] * phases[week.phase].practice_share.get(kind, 1.0)
            for i, week in enumerate(remaining)
        ]
        counts = _capped(_spread(left, shares), shares)
        for i, count in enumerate(counts):
            targets[i][kind] = count
    weeks = [
        WeekLoad(week.key, week.number, week.phase, minutes[i], targets[i])
        for i, week in enumerate(remaining)
    ]
    return Rebalance(weeks, _explain(remaining, weeks, bonus, weak_areas))


def _spread(total: int, shares: list[float]) -> list[int]:
    """Whole items in proportion to shares, adding up exactly (largest remainder)."""
    if total <= 0:
        return [0] * len(shares)
    weight = sum(shares)
    if weight <= 0:
        shares, weight = [1.0] * len(shares), float(len(shares))
    exact = [total * share / weight for share in shares]
    parts = [math.floor(value) for value in exact]
    order = sorted(range(len(shares)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _capped(counts: list[int], shares: list[float]) -> list[int]:
    """No week over the target maximum; what a full week cannot take goes to the weeks with
    the largest shares that still have room (beyond every week's maximum, it is dropped)."""
    counts = list(counts)
    overflow = sum(max(0, count - GOAL_TARGET_MAX) for count in counts)
    counts = [min(GOAL_TARGET_MAX, count) for count in counts]
    for i in sorted(range(len(counts)), key=lambda i: -shares[i]):
        room = GOAL_TARGET_MAX - counts[i]
        moved = min(room, overflow)
        counts[i] += moved
        overflow -= moved
    return counts


def _explain(
    before: Sequence[WeekLoad],
    after: Sequence[WeekLoad],
    bonus: Mapping[str, int],
    weak_areas: Sequence[str],
) -> list[str]:
    """Sentences a person can check: what moved, where to, and why."""
    lines = []
    for kind in GOAL_KINDS:
        old = [week.targets.get(kind, 0) for week in before]
        new = [week.targets.get(kind, 0) for week in after]
        delta = sum(new) - sum(old)
        raised = [w.number for w, a, b in zip(after, old, new, strict=True) if b > a]
        lowered = [w.number for w, a, b in zip(after, old, new, strict=True) if b < a]
        singular, plural = KIND_NOUNS[kind]
        noun = singular if abs(delta) == 1 else plural
        if delta > 0:
            lines.append(
                f"{delta} {noun} not done yet moved into {_span(raised)}, "
                "so the plan's total stays the same."
            )
        elif delta < 0:
            lines.append(f"{-delta} fewer {noun} over {_span(lowered)}: you did more than planned.")
    for area in AREAS:
        old = sum(week.minutes.get(area, 0) for week in before)
        new = sum(week.minutes.get(area, 0) for week in after)
        extra = bonus.get(area, 0)
        delta = new - old - extra
        changed = [
            w.number
            for w, b in zip(after, before, strict=True)
            if w.minutes.get(area, 0) != b.minutes.get(area, 0)
        ]
        if delta > 0:
            lines.append(
                f"{_hours(delta)} h of {AREA_NAMES[area]} time still to do spread over "
                f"{_span(changed)}, no week over your weekly hours."
            )
        elif delta < 0:
            lines.append(
                f"{_hours(-delta)} h less {AREA_NAMES[area]} time over {_span(changed)}: "
                "you are ahead there."
            )
        if extra:
            lines.append(
                f"{_hours(extra)} h more {AREA_NAMES[area]} time, because your readiness "
                "self-assessment rates it among your weakest areas."
            )
    return lines or ["Nothing to change: you are on plan."]
