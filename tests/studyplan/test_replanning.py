"""Weekly re-planning on a fixed clock: six weeks with shortfalls and over-achievement."""

import datetime as dt

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from studyplan import replanning, selectors, services
from studyplan.generation import AREAS
from studyplan.models import Activity, ActivityKind, Goal, Plan, PlanWeek, Replan
from studyplan.plan_template import load_plan_template
from tests.studyplan.conftest import PLAN_START, create_plan

pytestmark = pytest.mark.django_db

LEVEL_MINUTES = {"design": 6000, "coding": 4800, "behavioural": 3600, "mocks": 2400}


def _snapshot(plan: Plan) -> list:
    weeks = PlanWeek.objects.filter(plan=plan).prefetch_related("goals").order_by("starts_on")
    return [
        (
            week.pk,
            tuple(week.planned_minutes(area) for area in AREAS),
            tuple(sorted((g.kind, g.target) for g in week.goals.all())),
        )
        for week in weeks
    ]


def _log(user, day, kind, count, minutes, area):
    Activity.objects.bulk_create(
        Activity(
            owner=user, kind=kind, area=area, occurred_on=day, title=f"{kind} {i}", minutes=minutes
        )
        for i in range(count)
    )


def _done_minutes(user, before):
    rows = Activity.objects.filter(owner=user, occurred_on__lt=before)
    return {area: sum(a.minutes for a in rows if a.area == area) for area in AREAS}


def _planned_from(plan, monday):
    weeks = PlanWeek.objects.filter(plan=plan, starts_on__gte=monday)
    return {area: sum(w.planned_minutes(area) for w in weeks) for area in AREAS}


def test_six_weeks_of_weekly_replans_keep_the_totals_exact_and_undo_restores(user):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        plan = create_plan(user, hours_per_week=20)
    # Week by week: coding done far short, design over-achieved, a few stories documented.
    for week_index in range(6):
        monday = PLAN_START + dt.timedelta(weeks=week_index)
        _log(user, monday + dt.timedelta(days=2), ActivityKind.CODING, 3, 30, "coding")
        _log(user, monday + dt.timedelta(days=3), ActivityKind.SYSTEM_DESIGN, 8, 60, "design")
        next_monday = monday + dt.timedelta(weeks=1)
        with time_machine.travel(
            dt.datetime.combine(next_monday, dt.time(6, 0), tzinfo=dt.UTC), tick=False
        ):
            before = _snapshot(plan)
            assert services.plans_replan_weekly() == 1
            after = _snapshot(plan)
            assert after != before
            # Running the beat job again changes nothing.
            assert services.plans_replan_weekly() == 0
            assert _snapshot(plan) == after
            done = _done_minutes(user, next_monday)
            ahead = _planned_from(plan, next_monday)
            for area in AREAS:
                expected = max(0, LEVEL_MINUTES[area] - done[area])
                assert expected <= ahead[area] < expected + 15, area
            assert all(sum(week[1]) <= 20 * 60 for week in after)
    replans = list(Replan.objects.filter(plan=plan))
    assert len(replans) == 6
    latest = replans[0]
    assert any(
        "coding problems not done yet moved into weeks" in line for line in latest.explanation
    )
    assert any("fewer system-design problems" in line for line in latest.explanation)
    with time_machine.travel(dt.datetime(2026, 12, 14, 7, 0, tzinfo=dt.UTC), tick=False):
        previous = dict(latest.before)
        services.replan_undo(replan=latest)
        restored = {
            str(week_id): minutes
            for week_id, minutes, _ in _snapshot(plan)
            if str(week_id) in previous
        }
        assert restored == {
            key: tuple(value["minutes"][area] for area in AREAS) for key, value in previous.items()
        }
        summary = selectors.replan_latest_summary(user=user)
        assert summary.id == replans[1].pk


def test_a_closed_break_week_gets_no_replan(user):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        plan = create_plan(user)
        services.week_pause(week=plan.weeks.get(number=1))
    with time_machine.travel(dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        assert services.plans_replan_weekly() == 0
    assert not Replan.objects.exists()


def test_the_beat_job_waits_for_the_week_to_close_in_the_users_time_zone(user):
    user.timezone = "America/Los_Angeles"
    user.save()
    with time_machine.travel(dt.datetime(2026, 11, 2, 18, 0, tzinfo=dt.UTC), tick=False):
        create_plan(user)
    # 03:00 UTC on Monday 9 Nov is still Sunday evening in Los Angeles.
    with time_machine.travel(dt.datetime(2026, 11, 9, 3, 0, tzinfo=dt.UTC), tick=False):
        assert services.plans_replan_weekly() == 0
    with time_machine.travel(dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        assert services.plans_replan_weekly() == 1


def test_only_the_latest_replan_can_be_undone(user):
    with time_machine.travel(dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC), tick=False):
        plan = create_plan(user)
        first = services.plan_replan(plan=plan, today=dt.date(2026, 11, 18))
        services.plan_replan(plan=plan, today=dt.date(2026, 11, 18))
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.replan_undo(replan=first)
    assert Goal.objects.filter(week__plan=plan).exists()


def test_the_weekly_digest_lists_what_the_latest_replan_changed(user):
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        create_plan(user)
    with time_machine.travel(dt.datetime(2026, 11, 9, 9, 0, tzinfo=dt.UTC), tick=False):
        services.plans_replan_weekly()
        digest = selectors.weekly_digest_data(user=user, today=dt.date(2026, 11, 9))
    assert digest.replan_changes
    assert any("moved into weeks" in line for line in digest.replan_changes)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1, 30),
    st.integers(4, 40),
    st.lists(st.integers(0, 9000), min_size=4, max_size=4),
    st.lists(st.integers(0, 200), min_size=4, max_size=4),
)
def test_rebalance_places_what_is_left_exactly_under_the_weekly_cap(
    weeks_left, cap_hours, done, done_items
):
    template = load_plan_template()
    remaining = [
        replanning.WeekLoad(i, i + 1, "practice", dict.fromkeys(AREAS, 0), {})
        for i in range(weeks_left)
    ]
    baseline = {"design": 6000, "coding": 4800, "behavioural": 3600, "mocks": 2400}
    items = {"system_design": 100, "coding": 200, "star_story": 60, "mock_interview": 12}
    result = replanning.rebalance(
        template=template,
        remaining=remaining,
        baseline_minutes=baseline,
        baseline_items=items,
        done_minutes=dict(zip(AREAS, done, strict=True)),
        done_items=dict(zip(items, done_items, strict=True)),
        cap_minutes=cap_hours * 60,
    )
    need = {
        area: 15 * -(-max(0, baseline[area] - d) // 15) for area, d in zip(AREAS, done, strict=True)
    }
    placed = {area: sum(w.minutes[area] for w in result.weeks) for area in AREAS}
    if sum(need.values()) <= weeks_left * cap_hours * 60:
        assert placed == need
    assert all(sum(w.minutes.values()) <= cap_hours * 60 for w in result.weeks)
    for kind, done_count in zip(items, done_items, strict=True):
        expected = max(0, items[kind] - done_count)
        assert sum(w.targets[kind] for w in result.weeks) == min(expected, 100 * weeks_left)
