"""The loop story planner: which story to tell in which round, with no story told twice.

Pure functions over frozen dataclasses; no database, no Django.

The problem is an assignment problem. Each round of a loop has principles; each principle
of each round is a *slot*, and every slot wants a main story and a backup story. A story may
fill at most one slot in the whole loop (interviewers compare notes, so a story heard in two
rounds counts against the candidate), and it can only fill a slot of a principle it is mapped
to. Pinned slots are fixed by the user and taken out of the problem.

It is solved exactly as a minimum-cost rectangular assignment (the Hungarian method with
shortest augmenting paths and potentials, on sparse rows). Every slot also has its own
"left empty" column, so leaving a slot uncovered is a legal choice. Costs are Python integers
built so that one solve optimises, in strict order of priority:

1. the number of main slots covered,
2. the strength of the main stories,
3. the number of backups,
4. the strength of the backups,
5. a stable tie-break (the earlier story in the bank, then the earlier round).

Integer arithmetic keeps the lexicographic weights exact, whatever their size; a realistic
loop (6 rounds, 3 principles each, 60 stories) is 36 rows by under 100 columns.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

LEVEL_OTHER = "other"

# Score weights; the parts add up to SCORE_MAX.
SCORE_MAX = 100
QUALITY_POINTS = 35
STATUS_POINTS = {"idea": 0, "draft": 5, "ready": 12, "polished": 15}
REHEARSED_POINTS = 10
NOT_OVERDUE_POINTS = 5
GOOD_LAST_RATING_POINTS = 5
PRIMARY_PRINCIPLE_POINTS = 10
CONFIDENCE_POINTS = 5  # at confidence 5; 0 at confidence 1
LEVEL_FIT_POINTS = 15


@dataclass(frozen=True)
class StoryFacts:
    """What the planner needs to know about one story of the bank."""

    id: int
    title: str
    primary_principle: str | None = None
    secondary_principles: tuple[str, ...] = ()
    checks_passed: int = 0
    checks_total: int = 7
    status: str = "draft"
    level: str = ""  # "L6", "L7" or "" (not set)
    confidence: int = 1
    rehearsed: bool = False
    rehearsal_overdue: bool = False
    last_rating: int | None = None
    key_metric: str = ""

    @cached_property
    def principles(self) -> tuple[str, ...]:
        primary = (self.primary_principle,) if self.primary_principle else ()
        return primary + tuple(p for p in self.secondary_principles if p != self.primary_principle)


@dataclass(frozen=True)
class RoundSpec:
    id: int
    label: str  # "Round 2 (bar raiser)"
    principles: tuple[str, ...]


@dataclass(frozen=True)
class Pin:
    round_id: int
    principle: str
    story_id: int
    backup: bool = False


@dataclass(frozen=True)
class PlanRequest:
    rounds: tuple[RoundSpec, ...]
    stories: tuple[StoryFacts, ...]
    pins: tuple[Pin, ...] = ()
    level: str = LEVEL_OTHER  # the application's level
    principle_names: dict[str, str] = field(default_factory=dict, hash=False)
    # Stories already told in a round of this loop (from debriefs): story id -> round id.
    # They may stay in that round's plan but go to no other round.
    told_in: dict[int, int] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Assignment:
    round_id: int
    principle: str
    story_id: int
    backup: bool
    pinned: bool
    score: int


@dataclass(frozen=True)
class Gap:
    round_id: int
    principle: str
    backup: bool
    message: str


@dataclass(frozen=True)
class Plan:
    assignments: tuple[Assignment, ...]
    gaps: tuple[Gap, ...]

    @property
    def main_covered(self) -> int:
        return sum(not a.backup for a in self.assignments)

    @property
    def backups_covered(self) -> int:
        return sum(a.backup for a in self.assignments)

    def story_for(self, round_id: int, principle: str, *, backup: bool = False) -> int | None:
        return next(
            (
                a.story_id
                for a in self.assignments
                if a.round_id == round_id and a.principle == principle and a.backup == backup
            ),
            None,
        )


def level_fit(story_level: str, loop_level: str) -> int:
    """Points for how well a story's level matches the role's: an L7 role wants L7 scope."""
    if loop_level not in ("L6", "L7"):
        return LEVEL_FIT_POINTS * 2 // 3
    if story_level == loop_level:
        return LEVEL_FIT_POINTS
    if not story_level:
        return LEVEL_FIT_POINTS // 2
    if story_level == "L7":  # L7 scope told for an L6 role still lands
        return LEVEL_FIT_POINTS * 2 // 3
    return LEVEL_FIT_POINTS // 5  # L6 scope for an L7 role undersells


def story_score(story: StoryFacts, *, principle: str, level: str) -> int:
    """0..100: how strong a story is for one principle at one level."""
    quality = QUALITY_POINTS * story.checks_passed // max(story.checks_total, 1)
    rehearsal = 0
    if story.rehearsed:
        rehearsal += REHEARSED_POINTS
        if not story.rehearsal_overdue:
            rehearsal += NOT_OVERDUE_POINTS
        if story.last_rating is not None and story.last_rating >= 3:
            rehearsal += GOOD_LAST_RATING_POINTS
    confidence = CONFIDENCE_POINTS * (min(max(story.confidence, 1), 5) - 1) // 4
    primary = PRIMARY_PRINCIPLE_POINTS if story.primary_principle == principle else 0
    total = (
        quality
        + STATUS_POINTS.get(story.status, 0)
        + rehearsal
        + confidence
        + primary
        + level_fit(story.level, level)
    )
    return max(0, min(SCORE_MAX, total))


# --- the exact solver ---------------------------------------------------------------------


def min_cost_assignment(cost: Sequence[Sequence[int | None]]) -> list[int]:
    """Rows to distinct columns at minimum total cost; `None` marks a forbidden pair.

    Needs rows <= columns and a feasible full assignment (callers add per-row fallback
    columns). Returns the column chosen for each row.
    """
    rows = [
        {column: value for column, value in enumerate(line) if value is not None} for line in cost
    ]
    return sparse_min_cost_assignment(rows, len(cost[0]) if cost else 0)


def sparse_min_cost_assignment(rows: Sequence[dict[int, int]], columns: int) -> list[int]:
    """The same on sparse rows ({column: cost} of the allowed pairs only).

    The Hungarian method with shortest augmenting paths and potentials (Jonker-Volgenant
    style), exact on integers. Each Dijkstra-like step only scans the columns reached so far
    and the edges of the row just added, so a loop where each principle has a handful of
    matching stories costs far less than the dense O(rows^2 x columns).
    """
    n, m = len(rows), columns
    if n == 0:
        return []
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j] = 1-based row on column j (columns shifted by one)
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        j0 = 0
        min_slack: dict[int, int] = {}  # reached, not yet used columns -> slack
        used: list[int] = [0]
        used_set = {0}
        while True:
            i0 = owner[j0]
            u_i0 = u[i0]
            for column, value in rows[i0 - 1].items():
                j = column + 1
                if j in used_set:
                    continue
                reduced = value - u_i0 - v[j]
                slack = min_slack.get(j)
                if slack is None or reduced < slack:
                    min_slack[j] = reduced
                    way[j] = j0
            if not min_slack:
                raise ValueError("No feasible assignment: every row needs an allowed column.")
            j1 = min(min_slack, key=min_slack.__getitem__)
            delta = min_slack[j1]
            for j in used:
                u[owner[j]] += delta
                v[j] -= delta
            for j in min_slack:
                min_slack[j] -= delta
            del min_slack[j1]
            used.append(j1)
            used_set.add(j1)
            j0 = j1
            if owner[j0] == 0:
                break
        while True:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [0] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result


@dataclass(frozen=True)
class _Slot:
    round_id: int
    principle: str
    backup: bool


def _weights(main_slots: int, backup_slots: int, story_count: int) -> tuple[int, int, int, int]:
    """Integer weights so each priority level outweighs everything below it put together."""
    slots = main_slots + backup_slots + 1
    # The tie-break of one cell is below (story_count + 1) * slots; all cells together stay
    # below one backup-score point.
    backup_score_unit = (story_count + 1) * slots * slots + 1
    backup_unit = backup_score_unit * (SCORE_MAX + 1) * slots
    main_score_unit = backup_unit * slots
    main_unit = main_score_unit * (SCORE_MAX + 1) * slots
    return main_unit, main_score_unit, backup_unit, backup_score_unit


def plan_loop(request: PlanRequest) -> Plan:
    """The best plan for a loop; pins are kept as given and their stories used nowhere else."""
    stories = {story.id: story for story in request.stories}
    rank = {story.id: index for index, story in enumerate(request.stories)}
    pinned: dict[_Slot, int] = {}
    for pin in request.pins:
        pinned[_Slot(pin.round_id, pin.principle, pin.backup)] = pin.story_id
    pinned_stories = set(pinned.values())

    open_slots = [
        _Slot(round_spec.id, principle, backup)
        for backup in (False, True)
        for round_spec in request.rounds
        for principle in round_spec.principles
        if _Slot(round_spec.id, principle, backup) not in pinned
    ]
    principles_wanted = {slot.principle for slot in open_slots}
    candidates = [
        story
        for story in request.stories
        if story.id not in pinned_stories and principles_wanted.intersection(story.principles)
    ]
    main_count = sum(not slot.backup for slot in open_slots)
    main_unit, main_score_unit, backup_unit, backup_score_unit = _weights(
        main_count, len(open_slots) - main_count, len(request.stories)
    )
    story_columns = len(candidates)
    width = story_columns + len(open_slots)
    # Benefits are maximised, so costs are their negatives; the per-row "empty" column costs 0.
    cost: list[dict[int, int]] = []
    scores: list[dict[int, int]] = []
    for row, slot in enumerate(open_slots):
        line: dict[int, int] = {}
        score_line: dict[int, int] = {}
        for column, story in enumerate(candidates):
            if slot.principle not in story.principles:
                continue
            if request.told_in.get(story.id, slot.round_id) != slot.round_id:
                continue
            score = story_score(story, principle=slot.principle, level=request.level)
            score_line[column] = score
            # Ties go to the earlier story of the bank, then to the earlier round.
            tie = (len(request.stories) - rank[story.id]) * (len(open_slots) + 1)
            tie += len(open_slots) - row
            if slot.backup:
                benefit = backup_unit + score * backup_score_unit + tie
            else:
                benefit = main_unit + score * main_score_unit + tie
            line[column] = -benefit
        line[story_columns + row] = 0
        cost.append(line)
        scores.append(score_line)
    chosen = sparse_min_cost_assignment(cost, width) if open_slots else []

    assignments: list[Assignment] = []
    for slot, story_id in pinned.items():
        story = stories.get(story_id)
        score = story_score(story, principle=slot.principle, level=request.level) if story else 0
        assignments.append(
            Assignment(slot.round_id, slot.principle, story_id, slot.backup, True, score)
        )
    for row, (slot, column) in enumerate(zip(open_slots, chosen, strict=True)):
        if column < story_columns:
            story = candidates[column]
            assignments.append(
                Assignment(
                    slot.round_id, slot.principle, story.id, slot.backup, False, scores[row][column]
                )
            )
    ordered = _in_loop_order(assignments, request.rounds)
    return Plan(assignments=ordered, gaps=explain_gaps(request, ordered))


def _in_loop_order(
    assignments: Iterable[Assignment], rounds: Sequence[RoundSpec]
) -> tuple[Assignment, ...]:
    position = {
        (round_spec.id, principle): (index, principle_index)
        for index, round_spec in enumerate(rounds)
        for principle_index, principle in enumerate(round_spec.principles)
    }
    return tuple(
        sorted(
            assignments,
            key=lambda a: (*position.get((a.round_id, a.principle), (999, 999)), a.backup),
        )
    )


def explain_gaps(
    request: PlanRequest,
    assignments: Sequence[Assignment],
    unused_counts: Mapping[str, int] | None = None,
) -> tuple[Gap, ...]:
    """Say, for every slot left empty, why and what the user can do about it.

    `unused_counts` (principle -> stories mapping to it that are neither planned nor told)
    lets a caller pass only the planned and told stories in `request.stories` and count the
    rest in the database; without it, they are counted from `request.stories`.
    """
    filled = {(a.round_id, a.principle, a.backup): a for a in assignments}
    used_in: dict[int, int] = {**request.told_in}
    used_in.update({a.story_id: a.round_id for a in assignments})
    labels = {round_spec.id: round_spec.label for round_spec in request.rounds}
    # One pass over the bank, not one per slot: a bank can hold thousands of stories.
    stories_for: dict[str, list[StoryFacts]] = {}
    for story in request.stories:
        for principle in story.principles:
            stories_for.setdefault(principle, []).append(story)
    gaps: list[Gap] = []
    for round_spec in request.rounds:
        for principle in round_spec.principles:
            name = request.principle_names.get(principle, principle)
            matching = stories_for.get(principle, [])
            free = (
                unused_counts.get(principle, 0)
                if unused_counts is not None
                else sum(1 for s in matching if s.id not in used_in)
            )
            for backup in (False, True):
                if (round_spec.id, principle, backup) in filled:
                    continue
                if not matching and not free:
                    if backup:
                        continue  # the main slot's message already says to write one
                    message = f"{name}: no story in your bank maps to it yet; write one."
                elif free:
                    # No story named: which one the planner picks depends on every other slot.
                    what = "backup" if backup else "story"
                    count = (
                        "1 unused story of yours maps"
                        if free == 1
                        else f"{free} unused stories of yours map"
                    )
                    message = (
                        f"{name}: no {what} planned yet; {count} to it: press “Plan stories” "
                        "or pick one yourself."
                    )
                else:
                    elsewhere = [
                        s for s in matching if s.id in used_in and used_in[s.id] != round_spec.id
                    ]
                    here = [
                        s for s in matching if used_in.get(s.id) == round_spec.id and not backup
                    ]
                    what = "backup" if backup else "unused story"
                    message = f"{name}: no {what} left; write one"
                    if here:
                        message += (
                            f", or let “{here[0].title}”, already planned in this round, "
                            "show it too"
                        )
                    elif elsewhere:
                        best = max(
                            elsewhere,
                            key=lambda s: story_score(s, principle=principle, level=request.level),
                        )
                        message += (
                            f" or reuse “{best.title}” from {labels.get(used_in[best.id], '')}"
                        )
                    message += "."
                gaps.append(Gap(round_spec.id, principle, backup, message))
    return tuple(gaps)
