import datetime as dt
import itertools

import pytest

from studyplan.generation import AREAS, generate_weeks, phase_week_counts, plan_length
from studyplan.plan_template import load_plan_template

TEMPLATE = load_plan_template(1)
START = dt.date(2026, 11, 4)  # a Wednesday: week 1 starts on Monday 2 November


def _generate(level="L6", interview_date=None, hours_per_week=60):
    return generate_weeks(
        template=TEMPLATE,
        level=level,
        start_date=START,
        interview_date=interview_date,
        hours_per_week=hours_per_week,
    )


def test_template_is_versioned_data_with_a_week_by_week_plan():
    assert TEMPLATE.version == 1
    assert [week.week for week in TEMPLATE.weeks] == list(range(1, 25))
    assert TEMPLATE.weekly_targets == {"system_design": 5, "coding": 10, "star_story": 3}
    assert TEMPLATE.levels["L6"].hours == {
        "design": 100,
        "coding": 80,
        "behavioural": 60,
        "mocks": 40,
    }
    assert TEMPLATE.levels["L7"].hours == {
        "design": 150,
        "coding": 40,
        "behavioural": 80,
        "mocks": 60,
    }


def test_default_plan_has_24_monday_weeks_in_four_phases():
    weeks = _generate()
    assert len(weeks) == 24
    assert weeks[0].starts_on == dt.date(2026, 11, 2)
    assert all(week.starts_on.weekday() == 0 for week in weeks)
    phases = [week.phase for week in weeks]
    assert [
        phases.count(key) for key in ("fundamentals", "deep_dive", "practice", "mock_and_polish")
    ] == [8, 8, 4, 4]
    assert weeks[0].focus.startswith("Cloud fundamentals")
    assert weeks[-1].focus.startswith("Final polish")


def test_interview_date_fits_the_plan_and_scales_phases_in_proportion():
    weeks = _generate(interview_date=dt.date(2027, 1, 13))  # ten weeks after week 1 starts
    assert len(weeks) == 10
    phases = [week.phase for week in weeks]
    assert [
        phases.count(key) for key in ("fundamentals", "deep_dive", "practice", "mock_and_polish")
    ] == [3, 3, 2, 2]
    assert weeks[-1].starts_on < dt.date(2027, 1, 11)  # the interview week itself is not planned


@pytest.mark.parametrize("weeks", [4, 7, 24, 37, 52])
def test_every_phase_keeps_a_week_and_the_counts_add_up(weeks):
    counts = phase_week_counts(TEMPLATE, weeks)
    assert sum(counts) == weeks
    assert min(counts) >= 1


@pytest.mark.parametrize(("level", "total_hours"), [("L6", 280), ("L7", 330)])
def test_planned_hours_add_up_to_the_level_totals(level, total_hours):
    weeks = _generate(level=level)
    totals = {area: sum(week.planned_minutes[area] for week in weeks) / 60 for area in AREAS}
    assert totals == {area: hours for area, hours in TEMPLATE.levels[level].hours.items()}
    assert sum(totals.values()) == total_hours


def test_weekly_hours_are_capped_by_the_hours_the_user_has():
    weeks = _generate(hours_per_week=6)
    assert all(sum(week.planned_minutes.values()) <= 6 * 60 for week in weeks)


def test_weekly_targets_and_two_mock_interviews_a_month_spread_over_the_weeks():
    weeks = _generate()
    for week in weeks:
        targets = {goal.kind: goal.target for goal in week.goals}
        assert (targets["system_design"], targets["coding"], targets["star_story"]) == (5, 10, 3)
    mock_weeks = [w.number for w in weeks if any(g.kind == "mock_interview" for g in w.goals)]
    assert len(mock_weeks) == 12
    assert all(b - a == 2 for a, b in itertools.pairwise(mock_weeks))


def test_plan_length_counts_whole_weeks_until_the_interview_week():
    assert plan_length(START, None) == 24
    assert plan_length(START, dt.date(2026, 11, 30)) == 4
