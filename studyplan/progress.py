"""Progress arithmetic over already-loaded rows: goal counts, streaks, catch-up, burn-up.

Any activity source feeds a goal through its kind (a story documented in the stories app
arrives as an Activity of kind "star_story"); custom goals count the activities linked to them.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from studyplan import wording
from studyplan.dates import monday_of
from studyplan.generation import AREAS
from studyplan.models import Goal, GoalKind, PlanWeek

AREA_LABELS = {
    "design": "System design",
    "coding": "Coding",
    "behavioural": "Behavioural",
    "mocks": "Mock interviews",
}


@dataclass
class WeekTally:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    minutes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    custom: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def tally_by_week(rows: Iterable[dict]) -> dict[datetime.date, WeekTally]:
    """Rows are activity aggregates with occurred_on, kind, area, goal_id, n and minutes."""
    tallies: dict[datetime.date, WeekTally] = defaultdict(WeekTally)
    for row in rows:
        tally = tallies[monday_of(row["occurred_on"])]
        tally.counts[row["kind"]] += row["n"]
        tally.minutes[row["area"]] += row["minutes"] or 0
        if row["goal_id"] is not None:
            tally.custom[row["goal_id"]] += row["n"]
    return tallies


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    achieved: int

    @property
    def target(self) -> int:
        return self.goal.target

    @property
    def met(self) -> bool:
        return self.achieved >= self.target

    @property
    def percent(self) -> int:
        if self.target == 0:
            return 100
        return min(100, round(100 * self.achieved / self.target))

    @property
    def credited(self) -> int:
        """What counts toward completion: extra work in one goal does not hide a gap elsewhere."""
        return min(self.achieved, self.target)


@dataclass(frozen=True)
class AreaHours:
    area: str
    spent_minutes: int
    planned_minutes: int

    @property
    def label(self) -> str:
        return AREA_LABELS[self.area]

    @property
    def percent(self) -> int:
        if self.planned_minutes == 0:
            return 100 if self.spent_minutes else 0
        return min(100, round(100 * self.spent_minutes / self.planned_minutes))


@dataclass(frozen=True)
class WeekProgress:
    week: PlanWeek
    goals: list[GoalProgress]
    hours: list[AreaHours]
    activity_count: int = 0

    @property
    def target_total(self) -> int:
        return sum(progress.target for progress in self.goals)

    @property
    def credited_total(self) -> int:
        return sum(progress.credited for progress in self.goals)

    @property
    def completion(self) -> float:
        return self.credited_total / self.target_total if self.target_total else 1.0

    @property
    def goals_met(self) -> bool:
        return not self.week.is_break and all(progress.met for progress in self.goals)


def goal_achieved(goal: Goal, tally: WeekTally) -> int:
    if goal.kind == GoalKind.CUSTOM:
        return tally.custom.get(goal.pk, 0)
    return tally.counts.get(goal.kind, 0)


def week_progress(week: PlanWeek, goals: Sequence[Goal], tally: WeekTally | None) -> WeekProgress:
    tally = tally or WeekTally()
    progress = [GoalProgress(goal, goal_achieved(goal, tally)) for goal in goals]
    hours = [
        AreaHours(area, tally.minutes.get(area, 0), week.planned_minutes(area)) for area in AREAS
    ]
    return WeekProgress(week, progress, hours, sum(tally.counts.values()))


def streak(progress_by_week: Sequence[WeekProgress], today: datetime.date) -> int:
    """Consecutive study weeks with every goal met, back from the current (or last) week.

    The current week counts once its goals are met but does not break the streak before then;
    break weeks neither count nor break it.
    """
    count = 0
    for progress in reversed(progress_by_week):
        week = progress.week
        if week.starts_on > today or week.is_break:
            continue
        if progress.goals_met:
            count += 1
        elif week.ends_on >= today:
            continue
        else:
            break
    return count


@dataclass(frozen=True)
class CatchUp:
    label: str
    shortfall: int
    unit: str
    per_week: int
    weeks_left: int
    kind: str = ""  # the goal kind; empty for an area's hours

    @property
    def text(self) -> str:
        return wording.catch_up_text(
            kind=self.kind,
            label=self.label,
            shortfall=self.shortfall,
            per_week=self.per_week,
            weeks_left=self.weeks_left,
        )


def behind_schedule(
    progress_by_week: Sequence[WeekProgress], today: datetime.date
) -> list[CatchUp]:
    """What the finished study weeks planned but were not done, spread over the weeks left."""
    past = [p for p in progress_by_week if p.week.ends_on < today and not p.week.is_break]
    weeks_left = sum(1 for p in progress_by_week if p.week.ends_on >= today and not p.week.is_break)
    planned: dict[str, int] = defaultdict(int)
    achieved: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for progress in past:
        for goal_progress in progress.goals:
            key = goal_progress.goal.kind
            if key == GoalKind.CUSTOM:
                continue
            planned[key] += goal_progress.target
            achieved[key] += goal_progress.achieved
            labels[key] = goal_progress.goal.get_kind_display()
    items = []
    for key, target in planned.items():
        shortfall = target - achieved[key]
        if shortfall > 0:
            per_week = math.ceil(shortfall / weeks_left) if weeks_left else shortfall
            items.append(CatchUp(labels[key], shortfall, "", per_week, weeks_left, key))
    planned_minutes = {area: sum(p.week.planned_minutes(area) for p in past) for area in AREAS}
    spent_minutes = {
        area: sum(h.spent_minutes for p in past for h in p.hours if h.area == area)
        for area in AREAS
    }
    for area in AREAS:
        shortfall_hours = (planned_minutes[area] - spent_minutes[area]) // 60
        if shortfall_hours > 0:
            per_week = math.ceil(shortfall_hours / weeks_left) if weeks_left else shortfall_hours
            items.append(CatchUp(AREA_LABELS[area], shortfall_hours, "h", per_week, weeks_left))
    return items


@dataclass(frozen=True)
class BurnUpPoint:
    week_number: int
    starts_on: datetime.date
    planned: int
    actual: int | None


def burn_up(progress_by_week: Sequence[WeekProgress], today: datetime.date) -> list[BurnUpPoint]:
    """Cumulative planned and done goal units per week; no actual line into the future."""
    points = []
    planned = actual = 0
    for progress in progress_by_week:
        planned += progress.target_total
        actual += progress.credited_total
        started = progress.week.starts_on <= today
        points.append(
            BurnUpPoint(
                progress.week.number, progress.week.starts_on, planned, actual if started else None
            )
        )
    return points


def overall_completion(progress_by_week: Sequence[WeekProgress]) -> float:
    planned = sum(p.target_total for p in progress_by_week)
    done = sum(p.credited_total for p in progress_by_week)
    return done / planned if planned else 0.0
