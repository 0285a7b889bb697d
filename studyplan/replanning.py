"""Weekly re-planning: rebalance the weeks still ahead from what was actually done. Pure.

The totals follow an absolute rule, so running it twice gives the same plan: for each area,
the weeks ahead get the plan's baseline minus what is done (shortfalls come back,
over-achievement lowers what is left), no week over the weekly hours; when the weeks cannot
hold it all, each area is cut in proportion (generation.allocate_minutes). Item targets follow
the same rule per goal kind; when an area's time is cut, its targets shrink with it. When there
are spare hours, the areas readiness rates weakest get a little more time.

The weeks move only as far as those totals change: a plan already on course is left as it is,
and the explanation is read off the weeks before and after, so it lists every change.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from studyplan.generation import AREAS, GOAL_KINDS, GOAL_TARGET_MAX, UNIT_MINUTES, allocate_minutes
from studyplan.plan_template import PlanTemplate
from studyplan.wording import hours_text

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


@dataclass(frozen=True)
class _Reasons:
    """What the explanation needs beyond the weeks: why each total moved."""

    left_minutes: Mapping[str, int]  # what the level's plan still asks, per area
    bonus: Mapping[str, int]  # extra time for the weakest readiness areas
    left_items: Mapping[str, int]  # items still to do, per goal kind
    capacity: int  # minutes the weeks ahead hold
    cap_minutes: int
    goal_areas: Mapping[str, str]


def _round_up(minutes: int) -> int:
    return UNIT_MINUTES * math.ceil(max(0, minutes) / UNIT_MINUTES)


# More separate runs of weeks than this read as a list, not a place: say first to last instead.
SPAN_RUNS_MAX = 3


def _span(numbers: list[int]) -> str:
    """The weeks that changed, as runs: "week 5", "weeks 2\u20134 and 10\u201311"."""
    if not numbers:
        return ""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for number in ordered:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    if len(ordered) == 1:
        return f"week {ordered[0]}"
    if len(runs) > SPAN_RUNS_MAX:
        return f"weeks {ordered[0]}\u2013{ordered[-1]}"
    parts = [f"{run[0]}" if len(run) == 1 else f"{run[0]}\u2013{run[-1]}" for run in runs]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"weeks {listed}"


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
    left = {area: _round_up(baseline_minutes[area] - done_minutes.get(area, 0)) for area in AREAS}
    need = dict(left)
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
    # Where everything would go if planned afresh; each area's total is final (cut in
    # proportion when the weeks cannot hold it all). The weeks move toward it only as far
    # as the totals change, so a plan already on course stays as it is.
    ideal = allocate_minutes(totals=need, weights=weights, caps=[cap_minutes] * len(remaining))
    minutes = _move_minutes(
        [dict(week.minutes) for week in remaining], ideal, cap_minutes=cap_minutes
    )
    targets: list[dict[str, int]] = [{} for _ in remaining]
    left_items: dict[str, int] = {}
    for kind in GOAL_KINDS:
        area = goal_areas[kind]
        left_items[kind] = max(0, baseline_items.get(kind, 0) - done_items.get(kind, 0))
        shares = [
            minutes[i][area] * phases[week.phase].practice_share.get(kind, 1.0)
            for i, week in enumerate(remaining)
        ]
        current = [week.targets.get(kind, 0) for week in remaining]
        total = left_items[kind]
        placed = sum(week[area] for week in minutes)
        if placed < need[area] and template.item_minutes:
            # The weekly hours cut this area's time: its targets shrink with it, never asking
            # for more than the time left holds, and never growing (a time already full has no
            # room for more). Capped by the current targets whether or not this run cut the
            # time, so a second run keeps what the first one gave.
            total = min(
                total,
                math.ceil(sum(shares) / template.item_minutes[kind] - 1e-9),
                sum(current),
            )
        ideal_counts = _capped(_spread(total, shares), shares)
        counts = _move_toward(
            current, ideal_counts, sum(ideal_counts), [GOAL_TARGET_MAX] * len(remaining)
        )
        for i, count in enumerate(counts):
            targets[i][kind] = count
    weeks = [
        WeekLoad(week.key, week.number, week.phase, minutes[i], targets[i])
        for i, week in enumerate(remaining)
    ]
    reasons = _Reasons(left, bonus, left_items, capacity, cap_minutes, goal_areas)
    return Rebalance(weeks, _explain(remaining, weeks, reasons))


def _move_toward(current: list[int], ideal: list[int], total: int, limit: list[int]) -> list[int]:
    """current changed to add up to total, step by step, each step in the week furthest from
    its ideal (the earliest on a tie) and no week above its limit: when the total is already
    right, nothing moves."""
    result = list(current)
    missing = total - sum(result)
    while missing > 0:
        open_weeks = [i for i in range(len(result)) if result[i] < limit[i]]
        if not open_weeks:
            break
        i = max(open_weeks, key=lambda i: (ideal[i] - result[i], -i))
        step = min(missing, limit[i] - result[i], max(1, ideal[i] - result[i]))
        result[i] += step
        missing -= step
    while missing < 0:
        i = max(
            (i for i in range(len(result)) if result[i] > 0),
            key=lambda i: (result[i] - ideal[i], -i),
        )
        step = min(-missing, result[i], max(1, result[i] - ideal[i]))
        result[i] -= step
        missing += step
    return result


def _move_minutes(
    current: list[dict[str, int]], ideal: list[dict[str, int]], *, cap_minutes: int
) -> list[dict[str, int]]:
    """Each area's weeks moved to the ideal's total: cuts first, so the time they free can
    take what other areas gain; no week over the weekly hours."""
    result = [{area: week.get(area, 0) for area in AREAS} for week in current]
    totals = {area: sum(week[area] for week in ideal) for area in AREAS}
    have = {area: sum(week[area] for week in result) for area in AREAS}
    shrinking = [area for area in AREAS if totals[area] < have[area]]
    growing = [area for area in AREAS if totals[area] > have[area]]
    for area in shrinking + growing:
        column = [week[area] for week in result]
        limit = [cap_minutes - sum(week.values()) + week[area] for week in result]
        moved = _move_toward(
            [value // UNIT_MINUTES for value in column],
            [week[area] // UNIT_MINUTES for week in ideal],
            totals[area] // UNIT_MINUTES,
            [max(0, value) // UNIT_MINUTES for value in limit],
        )
        for week, units in zip(result, moved, strict=True):
            week[area] = units * UNIT_MINUTES
    return result


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


def _changes(before: Sequence[int], after: Sequence[int], numbers: Sequence[int]):
    """(amount gained, weeks that gained, amount lost, weeks that lost), week by week."""
    pairs = list(zip(before, after, numbers, strict=True))
    return (
        sum(max(0, new - old) for old, new, _ in pairs),
        [number for old, new, number in pairs if new > old],
        sum(max(0, old - new) for old, new, _ in pairs),
        [number for old, new, number in pairs if new < old],
    )


def _count(number: int, kind: str, qualifier: str = "") -> str:
    """ "1 STAR story", "2 fewer coding problems"."""
    singular, plural = KIND_NOUNS[kind]
    return f"{number} {qualifier}{singular if number == 1 else plural}"


def _explain(before: Sequence[WeekLoad], after: Sequence[WeekLoad], why: _Reasons) -> list[str]:
    """Sentences a person can check, read off the weeks as they were and as they are now:
    every change is listed, area by area, with its reason."""
    numbers = [week.number for week in after]
    weekly = f"your {hours_text(why.cap_minutes)} h a week"
    notes, changes = [], []
    wanted = sum(why.left_minutes.values()) + sum(why.bonus.values())
    if wanted > why.capacity:
        notes.append(
            f"What is left of the plan needs {hours_text(wanted)} h, but the weeks ahead hold "
            f"{hours_text(why.capacity)} h at {weekly}: each area gives up its share of the "
            f"{hours_text(wanted - why.capacity)} h that does not fit."
        )
    for area in AREAS:
        old = [week.minutes.get(area, 0) for week in before]
        new = [week.minutes.get(area, 0) for week in after]
        gained, raised, lost, lowered = _changes(old, new, numbers)
        name = AREA_NAMES[area]
        weak = min(gained, why.bonus.get(area, 0))
        if gained > weak:
            changes.append(
                f"{hours_text(gained - weak)} h of {name} time not done yet moved into "
                f"{_span(raised)}, no week over {weekly}."
            )
        if weak:
            changes.append(
                f"{hours_text(weak)} h more {name} time over {_span(raised)}, because your "
                "readiness self-assessment rates it among your weakest areas."
            )
        ahead = min(lost, max(0, sum(old) - why.left_minutes[area]))
        if ahead:
            changes.append(
                f"{hours_text(ahead)} h less {name} time over {_span(lowered)}: you put in "
                "more than planned."
            )
        if lost > ahead:
            changes.append(
                f"{hours_text(lost - ahead)} h less {name} time over {_span(lowered)}, to make "
                f"room within {weekly}."
            )
        for kind in (kind for kind in GOAL_KINDS if why.goal_areas[kind] == area):
            old = [week.targets.get(kind, 0) for week in before]
            new = [week.targets.get(kind, 0) for week in after]
            gained, raised, lost, lowered = _changes(old, new, numbers)
            if gained:
                changes.append(f"{_count(gained, kind)} not done yet moved into {_span(raised)}.")
            ahead = min(lost, max(0, sum(old) - why.left_items[kind]))
            if ahead:
                changes.append(
                    f"{_count(ahead, kind, 'fewer ')} over {_span(lowered)}: you did more "
                    "than planned."
                )
            if lost > ahead:
                changes.append(
                    f"{_count(lost - ahead, kind, 'fewer ')} over {_span(lowered)}, in step "
                    f"with the {name} time cut to fit {weekly}."
                )
            left_out = why.left_items[kind] - sum(new)
            if left_out > 0:
                notes.append(
                    f"{_count(left_out, kind)} not done yet no longer "
                    f"{'fits' if left_out == 1 else 'fit'} in the {name} time left at {weekly}."
                )
    if not changes:
        nothing = "Nothing to change: the weeks ahead already hold what is left of the plan"
        return [nothing + (", as far as it fits." if notes else "."), *notes]
    return notes[:1] + changes + notes[1:]
