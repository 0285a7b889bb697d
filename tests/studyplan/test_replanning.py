"""Weekly re-planning on a fixed clock: six weeks with shortfalls and over-achievement."""

import datetime as dt
import math

import pytest
import time_machine
from hypothesis import example, given, settings
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
    practice = next(phase for phase in template.phases if phase.key == "practice")
    for kind, done_count in zip(items, done_items, strict=True):
        expected = min(max(0, items[kind] - done_count), 100 * weeks_left)
        planned = sum(w.targets[kind] for w in result.weeks)
        area = template.goal_areas[kind]
        if placed[area] >= need[area]:
            assert planned == expected
        else:
            # The area's time is cut: its targets ask no more than that time holds.
            holds = placed[area] * practice.practice_share[kind] / template.item_minutes[kind]
            assert planned <= min(expected, math.ceil(holds))


def _short_l7_plan(user, start):
    """L7 at 8 h a week over 25 weeks: 200 h for the level's 330 h, every week full."""
    with time_machine.travel(dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC), tick=False):
        return create_plan(
            user,
            template_version=2,
            level="L7",
            start_date=start,
            interview_date=start + dt.timedelta(weeks=25),
            hours_per_week=8,
        )


def test_replan_now_in_a_week_on_plan_changes_nothing_and_says_so(user):
    """Work logged in the week under way: a re-plan on request keeps that week's targets and,
    with every earlier week on plan, leaves the weeks ahead as they are."""
    plan = _short_l7_plan(user, PLAN_START)
    today = PLAN_START + dt.timedelta(days=2)
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC), tick=False):
        for kind, minutes in [("coding", 30), ("coding", 30), ("system_design", 45)]:
            services.activity_log(
                plan=plan, kind=kind, occurred_on=today, title=kind, minutes=minutes
            )
        services.activity_log(
            plan=plan, kind="star_story", occurred_on=today, title="Outage", minutes=30
        )
        before = _snapshot(plan)
        replan = services.plan_replan(plan=plan, today=today)
    assert _snapshot(plan) == before
    assert replan.explanation == [
        "Nothing to change: the weeks ahead already hold what is left of the plan."
    ]
    assert replan.first_week_number == 2


def test_replan_now_keeps_the_week_under_way_and_counts_extra_work_done_in_it(user):
    plan = _short_l7_plan(user, PLAN_START)
    today = PLAN_START + dt.timedelta(days=3)
    _log(user, today, ActivityKind.SYSTEM_DESIGN, 6, 60, "design")
    first_week = _snapshot(plan)[0]
    replan = services.plan_replan(plan=plan, today=today)
    assert _snapshot(plan)[0] == first_week
    assert any(
        line.startswith("4 fewer system-design problems over weeks")
        and line.endswith("you did more than planned.")
        for line in replan.explanation
    ), replan.explanation


# How the explanation names each area's time and its goal kind's items.
AREA_WORDS = {
    "design": ("system-design time", "system-design problem", 0),
    "coding": ("coding time", "coding problem", 1),
    "behavioural": ("behavioural time", "STAR stor", 2),
    "mocks": ("mock-interview time", "mock interview", 3),
}
KIND_OF_AREA = {
    "design": "system_design",
    "coding": "coding",
    "behavioural": "star_story",
    "mocks": "mock_interview",
}


def test_short_hours_replan_explains_every_change_with_true_reasons(user):
    """Behind on design and mocks with every week full: time is cut to make room, never
    because the user is "ahead", and no area gains problems while its time is cut."""
    plan = _short_l7_plan(user, PLAN_START)
    # Weeks 1-2 plan 7 h of design and 1 h of mocks: half the design is done, no mock.
    _log(user, PLAN_START + dt.timedelta(days=1), ActivityKind.SYSTEM_DESIGN, 2, 105, "design")
    _log(user, PLAN_START + dt.timedelta(days=2), ActivityKind.CODING, 4, 30, "coding")
    today = PLAN_START + dt.timedelta(weeks=2)
    before = _snapshot(plan)
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC), tick=False):
        replan = services.plan_replan(plan=plan, today=today)
    after = _snapshot(plan)
    text = "\n".join(replan.explanation)
    assert "more than planned" not in text
    assert "to make room within your 8 h a week" in text
    assert replan.explanation[0].startswith("What is left of the plan needs")
    assert all(sum(week[1]) <= 8 * 60 for week in after)
    for area, (time_words, item_words, index) in AREA_WORDS.items():
        kind = KIND_OF_AREA[area]
        old_minutes = [week[1][index] for week in before]
        new_minutes = [week[1][index] for week in after]
        old_items = [dict(week[2]).get(kind, 0) for week in before]
        new_items = [dict(week[2]).get(kind, 0) for week in after]
        if old_minutes != new_minutes:
            assert time_words in text, (area, text)
        if old_items != new_items:
            assert item_words in text, (kind, text)
        if sum(new_minutes) < sum(old_minutes):
            assert sum(new_items) <= sum(old_items), (area, text)
    assert before != after and "Nothing to change" not in text
    for line in replan.explanation:
        if "no longer fit" in line:
            assert ("no longer fits" in line) == line.startswith("1 "), line


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["L6", "L7"]),
    st.integers(8, 30),
    st.integers(4, 20),
    st.integers(1, 6),
    st.lists(st.integers(0, 3000), min_size=4, max_size=4),
    st.lists(st.integers(0, 30), min_size=4, max_size=4),
)
# A short plan with too few hours: the first run cut design time and its targets, and a
# second run used to give the targets back.
@example("L6", 8, 4, 4, [0, 0, 0, 0], [0, 0, 0, 0])
def test_rebalance_explains_every_change_and_a_second_run_changes_nothing(
    level, weeks, hours, weeks_done, done, done_items
):
    from studyplan.generation import generate_weeks

    template = load_plan_template()
    start = dt.date(2027, 1, 4)
    specs = generate_weeks(
        template=template,
        level=level,
        start_date=start,
        interview_date=start + dt.timedelta(weeks=weeks),
        hours_per_week=hours,
    )
    loads = [
        replanning.WeekLoad(
            spec.number,
            spec.number,
            spec.phase,
            dict(spec.planned_minutes),
            {goal.kind: goal.target for goal in spec.goals},
        )
        for spec in specs
    ]
    settings_ = {
        "template": template,
        "baseline_minutes": {a: sum(s.planned_minutes[a] for s in specs) for a in AREAS},
        "baseline_items": {
            kind: sum(load.targets.get(kind, 0) for load in loads) for kind in KIND_OF_AREA.values()
        },
        "done_minutes": dict(zip(AREAS, done, strict=True)),
        "done_items": dict(zip(KIND_OF_AREA.values(), done_items, strict=True)),
        "cap_minutes": hours * 60,
    }
    before = loads[min(weeks_done, weeks - 1) :]
    result = replanning.rebalance(remaining=before, **settings_)
    text = "\n".join(result.explanation)
    if [(w.minutes, w.targets) for w in result.weeks] == [(w.minutes, w.targets) for w in before]:
        assert text.startswith("Nothing to change")
    for area, (time_words, item_words, _) in AREA_WORDS.items():
        kind = KIND_OF_AREA[area]
        if [w.minutes[area] for w in before] != [w.minutes[area] for w in result.weeks]:
            assert time_words in text, (area, text)
        if [w.targets.get(kind, 0) for w in before] != [w.targets[kind] for w in result.weeks]:
            assert item_words in text, (kind, text)
    again = replanning.rebalance(remaining=result.weeks, **settings_)
    assert [(w.minutes, w.targets) for w in again.weeks] == [
        (w.minutes, w.targets) for w in result.weeks
    ]


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([5], "week 5"),
        ([2, 3, 4], "weeks 2\u20134"),
        ([2, 3, 4, 10, 11], "weeks 2\u20134 and 10\u201311"),
        ([2, 9, 18, 19], "weeks 2, 9 and 18\u201319"),
        ([2, 4, 6, 8], "weeks 2\u20138"),  # more runs than a reader can take in: first to last
    ],
)
def test_a_span_names_only_the_weeks_that_changed(numbers, text):
    assert replanning._span(numbers) == text
