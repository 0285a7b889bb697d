"""The loop story planner: hand-checked cases, properties, and optimality against brute force."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from interviews.planner import (
    Pin,
    PlanRequest,
    RoundSpec,
    StoryFacts,
    min_cost_assignment,
    plan_loop,
    story_score,
)

NAMES = {"co": "Customer Obsession", "fr": "Frugality", "ow": "Ownership", "dd": "Dive Deep"}


def story(id_: int, primary: str, *secondary: str, **facts) -> StoryFacts:
    return StoryFacts(
        id=id_, title=f"S{id_}", primary_principle=primary, secondary_principles=secondary, **facts
    )


def request(rounds, stories, pins=(), level="L6") -> PlanRequest:
    return PlanRequest(
        rounds=tuple(RoundSpec(i, f"round {i}", tuple(p)) for i, p in rounds),
        stories=tuple(stories),
        pins=tuple(pins),
        level=level,
        principle_names=NAMES,
    )


def test_full_coverage_gives_each_round_its_own_stories_and_backups():
    stories = [story(1, "co"), story(2, "co"), story(3, "fr"), story(4, "fr")]
    plan = plan_loop(request([(1, ["co"]), (2, ["fr"])], stories))
    assert plan.main_covered == 2
    assert plan.backups_covered == 2
    assert plan.gaps == ()
    assert len({a.story_id for a in plan.assignments}) == 4


def test_the_stronger_story_is_the_main_one_and_the_weaker_the_backup():
    weak = story(1, "co", status="idea")
    strong = story(2, "co", status="polished", checks_passed=7, rehearsed=True, last_rating=4)
    plan = plan_loop(request([(1, ["co"])], [weak, strong]))
    assert plan.story_for(1, "co") == 2
    assert plan.story_for(1, "co", backup=True) == 1


def test_main_coverage_beats_backups_and_strength():
    # Story 1 covers both principles; giving it to "fr" is the only way to cover both rounds.
    stories = [
        story(1, "co", "fr", status="polished", checks_passed=7),
        story(2, "co", status="idea"),
    ]
    plan = plan_loop(request([(1, ["co"]), (2, ["fr"])], stories))
    assert plan.story_for(1, "co") == 2
    assert plan.story_for(2, "fr") == 1
    assert plan.main_covered == 2


def test_impossible_coverage_explains_reuse_from_the_other_round():
    stories = [story(7, "fr")]
    plan = plan_loop(request([(1, ["fr"]), (2, ["fr"])], stories))
    assert plan.main_covered == 1
    main_gaps = [g for g in plan.gaps if not g.backup]
    assert len(main_gaps) == 1
    assert main_gaps[0].message == (
        "Frugality: no unused story left; write one or reuse “S7” from round 1."
    )


def test_a_principle_with_no_story_at_all_says_write_one():
    plan = plan_loop(request([(1, ["dd"])], [story(1, "co")]))
    assert plan.assignments == ()
    assert [g.message for g in plan.gaps] == [
        "Dive Deep: no story in your bank maps to it yet; write one."
    ]


def test_pins_are_kept_even_when_weaker_and_their_story_is_used_nowhere_else():
    weak = story(1, "co", status="idea")
    strong = story(2, "co", "ow", status="polished", checks_passed=7)
    pins = [Pin(round_id=1, principle="co", story_id=2)]
    plan = plan_loop(request([(1, ["co"]), (2, ["ow"])], [weak, strong], pins))
    assert plan.story_for(1, "co") == 2
    assert next(a for a in plan.assignments if a.story_id == 2).pinned
    assert plan.story_for(2, "ow") is None  # the pinned story cannot be told again
    assert plan.story_for(1, "co", backup=True) == 1


def test_ties_go_to_the_earlier_story_in_the_bank():
    stories = [story(5, "co"), story(3, "co"), story(9, "co")]
    plan = plan_loop(request([(1, ["co"])], stories))
    assert plan.story_for(1, "co") == 5
    assert plan.story_for(1, "co", backup=True) == 3


def test_level_fit_prefers_l7_scope_for_an_l7_role():
    l6 = story(1, "co", level="L6")
    l7 = story(2, "co", level="L7")
    assert story_score(l7, principle="co", level="L7") > story_score(l6, principle="co", level="L7")
    plan = plan_loop(request([(1, ["co"])], [l6, l7], level="L7"))
    assert plan.story_for(1, "co") == 2


def test_empty_loop_plans_nothing():
    plan = plan_loop(request([], [story(1, "co")]))
    assert plan.assignments == () and plan.gaps == ()


def test_min_cost_assignment_matches_brute_force_on_a_small_matrix():
    cost = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
    chosen = min_cost_assignment(cost)
    best = min(
        sum(cost[r][c] for r, c in enumerate(perm)) for perm in itertools.permutations(range(3))
    )
    assert sum(cost[r][c] for r, c in enumerate(chosen)) == best
    assert len(set(chosen)) == 3


# --- properties ------------------------------------------------------------------------------

PRINCIPLES = ["co", "fr", "ow", "dd"]


@st.composite
def plan_requests(draw, max_stories: int = 8):
    round_count = draw(st.integers(0, 4))
    rounds = [
        (i + 1, draw(st.lists(st.sampled_from(PRINCIPLES), min_size=0, max_size=3, unique=True)))
        for i in range(round_count)
    ]
    stories = [
        story(
            i + 1,
            draw(st.sampled_from(PRINCIPLES)),
            *draw(st.lists(st.sampled_from(PRINCIPLES), max_size=2, unique=True)),
            status=draw(st.sampled_from(["idea", "draft", "ready", "polished"])),
            checks_passed=draw(st.integers(0, 7)),
            level=draw(st.sampled_from(["", "L6", "L7"])),
            confidence=draw(st.integers(1, 5)),
            rehearsed=draw(st.booleans()),
        )
        for i in range(draw(st.integers(0, max_stories)))
    ]
    slots = [(r, p, b) for r, ps in rounds for p in ps for b in (False, True)]
    pins, used = [], set()
    for slot in draw(st.lists(st.sampled_from(slots), max_size=3, unique=True)) if slots else []:
        free = [s for s in stories if s.id not in used and slot[1] in s.principles]
        if free:
            chosen = draw(st.sampled_from(free))
            used.add(chosen.id)
            pins.append(Pin(slot[0], slot[1], chosen.id, slot[2]))
    return request(rounds, stories, pins, level=draw(st.sampled_from(["L6", "L7", "other"])))


@settings(max_examples=150, deadline=None)
@given(plan_requests())
def test_no_story_is_planned_twice_in_a_loop_and_every_pin_is_kept(req):
    plan = plan_loop(req)
    story_ids = [a.story_id for a in plan.assignments]
    assert len(story_ids) == len(set(story_ids))
    for pin in req.pins:
        assert plan.story_for(pin.round_id, pin.principle, backup=pin.backup) == pin.story_id
    by_id = {s.id: s for s in req.stories}
    for a in plan.assignments:
        if not a.pinned:
            assert a.principle in by_id[a.story_id].principles
    slots = {(a.round_id, a.principle, a.backup) for a in plan.assignments}
    assert len(slots) == len(plan.assignments)


def _objective(req, assignments) -> tuple[int, int, int, int]:
    by_id = {s.id: s for s in req.stories}
    main = [a for a in assignments if not a.backup]
    backup = [a for a in assignments if a.backup]

    def score(a):
        return story_score(by_id[a.story_id], principle=a.principle, level=req.level)

    return (len(main), sum(map(score, main)), len(backup), sum(map(score, backup)))


def _brute_force_best(req) -> tuple[int, int, int, int]:
    pinned_slots = {(p.round_id, p.principle, p.backup) for p in req.pins}
    pinned_ids = {p.story_id for p in req.pins}
    slots = [
        (r.id, p, b)
        for r in req.rounds
        for p in r.principles
        for b in (False, True)
        if (r.id, p, b) not in pinned_slots
    ]
    options = [
        [None] + [s for s in req.stories if s.id not in pinned_ids and slot[1] in s.principles]
        for slot in slots
    ]
    best = None
    for combo in itertools.product(*options):
        ids = [s.id for s in combo if s is not None]
        if len(ids) != len(set(ids)):
            continue
        value = _objective(
            req,
            [
                type("A", (), {"story_id": s.id, "principle": slot[1], "backup": slot[2]})
                for slot, s in zip(slots, combo, strict=True)
                if s is not None
            ],
        )
        best = value if best is None or value > best else best
    return best or (0, 0, 0, 0)


@settings(max_examples=60, deadline=None)
@given(plan_requests(max_stories=4))
def test_the_plan_is_optimal_compared_with_trying_every_assignment(req):
    slot_count = sum(len(r.principles) for r in req.rounds) * 2
    if slot_count > 8:
        return  # keep the brute force small
    plan = plan_loop(req)
    free = [a for a in plan.assignments if not a.pinned]
    assert _objective(req, free) == _brute_force_best(req)


def test_a_story_already_in_the_round_is_offered_for_its_other_principle():
    stories = [story(1, "co", "fr")]
    plan = plan_loop(request([(1, ["co", "fr"])], stories))
    messages = [g.message for g in plan.gaps if not g.backup]
    assert len(messages) == 1
    assert "let “S1”, already planned in this round, show it too" in messages[0]


def test_a_story_told_in_an_earlier_round_is_not_planned_for_a_later_one():
    stories = [story(1, "co", status="polished", checks_passed=7), story(2, "co")]
    req = PlanRequest(
        rounds=(RoundSpec(1, "round 1", ("fr",)), RoundSpec(2, "round 2", ("co",))),
        stories=tuple(stories),
        principle_names=NAMES,
        told_in={1: 1},
    )
    plan = plan_loop(req)
    assert plan.story_for(2, "co") == 2
    assert plan.story_for(2, "co", backup=True) is None
