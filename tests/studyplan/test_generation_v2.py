"""Version-2 generation: exact hours or an honest shortfall, every topic, targets from hours."""

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from studyplan.generation import (
    AREAS,
    MAX_WEEKS,
    MIN_WEEKS,
    allocate_minutes,
    generate_weeks,
    hours_check,
)
from studyplan.plan_template import CURRENT_TEMPLATE_VERSION, load_plan_template

TEMPLATE = load_plan_template()
TEMPLATE_TOPICS = {week.week for week in TEMPLATE.weeks}

plans = st.fixed_dictionaries(
    {
        "level": st.sampled_from(["L6", "L7"]),
        "start_date": st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)),
        "weeks": st.integers(MIN_WEEKS, MAX_WEEKS),
        "hours_per_week": st.integers(1, 80),
    }
)


def _plan(level, start_date, weeks, hours_per_week):
    interview = start_date + dt.timedelta(weeks=weeks)
    kwargs = {
        "template": TEMPLATE,
        "level": level,
        "start_date": start_date,
        "interview_date": interview,
        "hours_per_week": hours_per_week,
    }
    return generate_weeks(**kwargs), hours_check(**kwargs)


def _totals(specs):
    return {area: sum(spec.planned_minutes[area] for spec in specs) for area in AREAS}


@settings(max_examples=60, deadline=None)
@given(plans)
def test_totals_are_exact_when_the_hours_fit_and_the_shortfall_is_exact_otherwise(plan):
    specs, check = _plan(**plan)
    assert len(specs) == plan["weeks"] == check.weeks
    totals = _totals(specs)
    needed = TEMPLATE.levels[plan["level"]].hours
    if check.fits:
        assert totals == {area: hours * 60 for area, hours in needed.items()}
        assert check.shortfall == 0 and check.warning == ""
    else:
        available = plan["weeks"] * plan["hours_per_week"]
        assert sum(totals.values()) == available * 60
        assert check.shortfall == sum(needed.values()) - available
        assert f"{sum(needed.values())} h needed, {available} h available" in check.warning
        # Cut in proportion: no area loses more than a quarter hour beyond its share.
        for area, hours in needed.items():
            share = hours * 60 * available / sum(needed.values())
            assert abs(totals[area] - share) <= 15 * len(AREAS)


@settings(max_examples=60, deadline=None)
@given(plans)
def test_no_week_is_over_the_weekly_hours_and_no_focus_repeats(plan):
    specs, _ = _plan(**plan)
    assert all(spec.total_minutes <= plan["hours_per_week"] * 60 for spec in specs)
    focuses = [spec.focus for spec in specs]
    assert len(set(focuses)) == len(focuses)
    assert all(len(focus) <= 200 for focus in focuses)


@settings(max_examples=60, deadline=None)
@given(plans.filter(lambda plan: plan["weeks"] >= 12))
def test_every_template_topic_appears_from_twelve_weeks_up(plan):
    specs, _ = _plan(**plan)
    covered = {topic for spec in specs for topic in spec.topics}
    assert covered == TEMPLATE_TOPICS
    for spec in specs:
        for number in spec.topics:
            heading = TEMPLATE.weeks[number - 1].focus.partition(": ")[0]
            assert heading in spec.focus


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=4, max_size=4),
    st.integers(1, 52),
    st.integers(1, 80),
    st.lists(st.floats(0.1, 3.0), min_size=4, max_size=4),
)
def test_allocation_places_totals_exactly_under_any_caps(hours, weeks, cap_hours, emphasis):
    totals = dict(zip(AREAS, [h * 60 for h in hours], strict=True))
    weights = [dict(zip(AREAS, emphasis, strict=True)) for _ in range(weeks)]
    result = allocate_minutes(totals=totals, weights=weights, caps=[cap_hours * 60] * weeks)
    placed = {area: sum(week[area] for week in result) for area in AREAS}
    if sum(hours) <= weeks * cap_hours:
        assert placed == totals
    else:
        assert sum(placed.values()) == weeks * cap_hours * 60
    assert all(sum(week.values()) <= cap_hours * 60 for week in result)


def test_stretched_plans_split_topics_into_parts_with_their_own_goals():
    specs, _ = _plan("L7", dt.date(2026, 11, 2), 25, 14)
    first, second = specs[0], specs[1]
    assert first.focus.endswith("(part 1 of 2)") and second.focus.endswith("(part 2 of 2)")
    assert first.goals_text != second.goals_text
    assert set(first.goals_text.splitlines()).isdisjoint(second.goals_text.splitlines())


def test_compressed_plans_merge_neighbouring_topics():
    specs, _ = _plan("L6", dt.date(2026, 11, 2), 12, 12)
    assert specs[0].topics == (1, 2)
    assert specs[0].focus == "Cloud fundamentals: compute and storage; serverless and streaming"
    assert len(specs[0].goals_text.splitlines()) == 6


def test_l7_gets_fewer_coding_problems_and_more_design_than_l6():
    def kind_total(specs, kind):
        return sum(goal.target for spec in specs for goal in spec.goals if goal.kind == kind)

    l6, _ = _plan("L6", dt.date(2026, 11, 2), 24, 14)
    l7, _ = _plan("L7", dt.date(2026, 11, 2), 24, 14)
    assert kind_total(l7, "coding") < kind_total(l6, "coding") / 1.5
    assert kind_total(l7, "system_design") > kind_total(l6, "system_design")
    assert kind_total(l7, "star_story") > kind_total(l6, "star_story")


def test_mocks_cluster_in_the_practice_and_polish_phases_and_the_last_week_is_lighter():
    specs, _ = _plan("L6", dt.date(2026, 11, 2), 24, 14)
    mocks = {
        phase: sum(
            g.target
            for s in specs
            if s.phase == phase
            for g in s.goals
            if g.kind == "mock_interview"
        )
        for phase in ("fundamentals", "mock_and_polish")
    }
    assert mocks["mock_and_polish"] > mocks["fundamentals"]
    assert specs[-1].total_minutes < min(spec.total_minutes for spec in specs[:-1])


def test_targets_follow_the_weeks_minutes():
    """A target never asks for more items than the week's minutes in that area can hold."""
    specs, _ = _plan("L7", dt.date(2026, 11, 2), 20, 6)
    for spec in specs:
        for goal in spec.goals:
            area = TEMPLATE.goal_areas[goal.kind]
            minutes = TEMPLATE.item_minutes[goal.kind]
            # Cumulative rounding may carry less than one item from earlier weeks.
            assert (goal.target - 1) * minutes <= spec.planned_minutes[area]


def test_template_goal_texts_state_no_counts_that_could_contradict_a_target():
    """Counts of two or more would clash with a smaller derived target."""
    numbers = r"\b(\d+|two|three|four|five|six|ten|fifty)\b"
    targeted = r"(problem|design|stor|mock|medium)"
    for week in TEMPLATE.weeks:
        for goal in week.goals:
            assert not re.search(numbers + r"[\w\s-]{0,30}" + targeted, goal, re.I), goal


def test_shortfall_warning_names_the_numbers_and_a_remedy():
    _, check = _plan("L7", dt.date(2027, 1, 4), 25, 12)
    assert check.warning.startswith(
        "330 h needed, 300 h available (25 weeks at 12 h): add 2 h a week (14 h in all)"
    )
    assert check.interview_date_needed == dt.date(2027, 1, 4) + dt.timedelta(weeks=28)
    assert "or move the interview to 19 Jul 2027 or later" in check.warning


def test_without_an_interview_date_the_remedy_is_to_set_one():
    check = hours_check(
        template=TEMPLATE,
        level="L7",
        start_date=dt.date(2027, 1, 4),
        interview_date=None,
        hours_per_week=8,
    )
    assert "or set an interview date to" in check.warning
    assert "move the interview" not in check.warning


def test_version_one_plans_still_generate():
    assert CURRENT_TEMPLATE_VERSION == 2
    old = load_plan_template(1)
    specs = generate_weeks(
        template=old,
        level="L6",
        start_date=dt.date(2026, 11, 2),
        interview_date=None,
        hours_per_week=12,
    )
    assert len(specs) == 24
    assert {goal.kind for goal in specs[0].goals} >= {"system_design", "coding", "star_story"}
