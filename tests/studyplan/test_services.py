import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from stories.models import LeadershipPrinciple
from studyplan import selectors, services
from studyplan.models import Activity, ActivityKind, Goal, MockInterview, Plan, WeeklyReview
from tests.studyplan.conftest import PLAN_START, TODAY, create_plan, week_of

pytestmark = pytest.mark.django_db


def test_onboarding_stores_the_weekly_rhythm_on_the_user_and_generates_the_plan(user, frozen_now):
    plan = create_plan(
        user, timezone_name="Europe/Berlin", reminder_weekday=4, reminder_time=dt.time(18, 30)
    )
    user.refresh_from_db()
    assert (user.timezone, user.reminder_weekday, user.reminder_time) == (
        "Europe/Berlin",
        4,
        dt.time(18, 30),
    )
    assert plan.weeks.count() == 24
    assert Goal.objects.filter(week__plan=plan, kind="coding").count() == 24


@pytest.mark.parametrize(
    ("interview_date", "message"),
    [
        (PLAN_START - dt.timedelta(days=1), "must be after the start date"),
        (PLAN_START + dt.timedelta(weeks=2), "between 4 and 52 weeks"),
        (PLAN_START + dt.timedelta(weeks=60), "between 4 and 52 weeks"),
    ],
)
def test_a_bad_interview_date_is_a_field_error_and_nothing_is_saved(
    user, frozen_now, interview_date, message
):
    with pytest.raises(ValidationError) as error:
        create_plan(user, interview_date=interview_date, timezone_name="Asia/Tokyo")
    assert message in error.value.message_dict["interview_date"][0]
    user.refresh_from_db()
    assert user.timezone == "UTC"
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"minutes": -5}, "minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes"),
        ({"occurred_on": PLAN_START - dt.timedelta(days=1)}, "occurred_on"),
        ({"occurred_on": TODAY + dt.timedelta(days=1)}, "occurred_on"),
    ],
)
def test_bad_activity_input_is_rejected_with_a_field_error(plan, changes, field):
    entry = {"kind": ActivityKind.CODING, "occurred_on": TODAY, "title": "Two sum", "minutes": 30}
    with pytest.raises(ValidationError) as error:
        services.activity_log(plan=plan, **(entry | changes))
    assert field in error.value.message_dict
    assert not Activity.objects.exists()


@pytest.mark.parametrize("score", [0, 6])
def test_a_mock_score_out_of_range_saves_neither_interview_nor_activity(plan, score):
    with pytest.raises(ValidationError) as error:
        services.mock_interview_log(plan=plan, interview_type="coding", held_on=TODAY, score=score)
    assert "score" in error.value.message_dict
    assert not MockInterview.objects.exists()
    assert not Activity.objects.exists()


def test_a_mock_interview_counts_toward_the_mock_goal_and_mock_hours(plan, user):
    principles = LeadershipPrinciple.objects.filter(slug__in=["dive-deep", "ownership"])
    week_two = plan.weeks.get(number=2)
    mock = services.mock_interview_log(
        plan=plan,
        interview_type="bar_raiser",
        held_on=week_two.starts_on + dt.timedelta(days=2),
        score=4,
        minutes=50,
        principles=principles,
    )
    assert set(mock.principles.values_list("slug", flat=True)) == {"dive-deep", "ownership"}
    progress = selectors.plan_overview(user=user).weeks[1]
    assert {item.goal.kind: item.achieved for item in progress.goals}["mock_interview"] == 1
    assert {item.area: item.spent_minutes for item in progress.hours}["mocks"] == 50


def test_star_stories_from_the_stories_app_count_toward_the_weeks_goal_idempotently(
    plan, user, frozen_now
):
    for _ in range(2):
        services.activity_record_external(
            user=user,
            kind="star_story",
            occurred_at=frozen_now,
            source_key="story:7",
            title="Cut checkout latency",
        )
    summary = selectors.current_week_summary(user=user)
    star = next(item for item in summary.progress.goals if item.goal.kind == "star_story")
    assert star.achieved == 1
    services.activity_remove_external(user=user, source_key="story:7")
    assert not Activity.objects.filter(owner=user).exists()


def test_a_title_only_star_story_logged_on_the_week_page_is_a_story_bank_idea_not_a_story(
    plan, user, frozen_now
):
    from stories.models import Story

    activity = services.activity_log(
        plan=plan, kind=ActivityKind.STAR_STORY, occurred_on=TODAY, title="Logged here", minutes=30
    )
    story = Story.objects.get(owner=user)
    assert story.title == "Logged here" and story.documented_at is None
    assert story.status == "idea" and activity.title == "STAR story idea: Logged here"
    assert activity.kind == ActivityKind.STUDY_SESSION and activity.area == "behavioural"
    summary = selectors.current_week_summary(user=user)
    star = next(item for item in summary.progress.goals if item.goal.kind == "star_story")
    assert star.achieved == 0
    assert {h.area: h.spent_minutes for h in summary.progress.hours}["behavioural"] == 30


def test_external_activities_are_ignored_without_a_plan(user, frozen_now):
    services.activity_record_external(
        user=user, kind="star_story", occurred_at=frozen_now, source_key="story:1", title="x"
    )
    services.activity_remove_external(user=user, source_key="story:1")
    assert not Activity.objects.exists()


def test_pausing_a_week_inserts_a_break_and_moves_the_rest_a_week_later(plan):
    week = week_of(plan, TODAY)
    focus = week.focus
    services.week_pause(week=week)
    weeks = list(plan.weeks.order_by("starts_on"))
    assert len(weeks) == 25
    assert weeks[2].is_break and weeks[2].starts_on == dt.date(2026, 11, 16)
    assert weeks[3].focus == focus and weeks[3].starts_on == dt.date(2026, 11, 23)
    assert [w.number for w in weeks] == list(range(1, 26))


def test_skipping_a_week_drops_it_and_moves_the_rest_a_week_earlier(plan):
    week = week_of(plan, TODAY)
    following = plan.weeks.get(starts_on=week.starts_on + dt.timedelta(weeks=1))
    custom = services.goal_create_custom(week=week, title="Read the Dynamo paper", target=1)
    services.week_skip(week=week)
    following.refresh_from_db()
    custom.refresh_from_db()
    assert plan.weeks.count() == 23
    assert following.starts_on == dt.date(2026, 11, 16) and following.number == 3
    assert custom.week == following


def test_a_finished_week_cannot_be_paused(plan):
    with pytest.raises(ValidationError):
        services.week_pause(week=plan.weeks.get(number=1))
    assert plan.weeks.count() == 24


def test_regenerating_keeps_everything_logged(plan, user):
    week = week_of(plan, TODAY)
    services.activity_log(plan=plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="LRU cache")
    services.review_save(
        plan=plan, week=week, went_well="Kept going", blockers="", next_week_focus="", self_rating=4
    )
    custom = services.goal_create_custom(week=week, title="Mock with a friend", target=1)
    services.readiness_assessment_create(
        user=user,
        level="L6",
        checklist=[],
        ratings={
            "coding": 3,
            "system_design": 3,
            "cloud_services": 3,
            "distributed_systems": 3,
            "ai_ml": 3,
        },
    )
    services.plan_regenerate(
        plan=plan,
        level="L7",
        start_date=PLAN_START,
        interview_date=dt.date(2027, 2, 1),
        hours_per_week=15,
    )
    assert plan.weeks.count() == 13
    assert Activity.objects.filter(owner=user).count() == 1
    assert WeeklyReview.objects.filter(owner=user, week_starts_on=week.starts_on).exists()
    custom.refresh_from_db()
    assert custom.week.starts_on == week.starts_on
    summary = selectors.current_week_summary(user=user)
    coding = next(item for item in summary.progress.goals if item.goal.kind == "coding")
    assert coding.achieved == 1


def test_readiness_score_weighs_ratings_by_the_levels_interview_weights(user):
    strong_design = {
        "coding": 1,
        "system_design": 5,
        "cloud_services": 1,
        "distributed_systems": 1,
        "ai_ml": 1,
    }
    strong_coding = {
        "coding": 5,
        "system_design": 1,
        "cloud_services": 1,
        "distributed_systems": 1,
        "ai_ml": 1,
    }
    score = {
        (level, name): services.readiness_assessment_create(
            user=user, level=level, ratings=ratings, checklist=[]
        ).score
        for level in ("L6", "L7")
        for name, ratings in (("design", strong_design), ("coding", strong_coding))
    }
    assert (
        score["L7", "design"]
        > score["L6", "design"]
        > score["L6", "coding"]
        > score["L7", "coding"]
    )
    perfect = services.readiness_assessment_create(
        user=user,
        level="L6",
        ratings=dict.fromkeys(strong_design, 5),
        checklist=[
            "medium_in_30",
            "design_millions",
            "ten_services",
            "distributed_fundamentals",
            "business_terms",
            "war_stories",
            "not-a-key",
        ],
    )
    assert perfect.score == 100
    assert "not-a-key" not in perfect.checklist


def test_weekly_digest_and_nudge_data_for_the_reminders_app(plan, user, frozen_now):
    last_week = week_of(plan, TODAY - dt.timedelta(weeks=1))
    for i in range(10):
        services.activity_log(
            plan=plan, kind=ActivityKind.CODING, occurred_on=last_week.starts_on, title=f"P{i}"
        )
    services.activity_log(plan=plan, kind=ActivityKind.CODING, occurred_on=TODAY, title="Today")
    digest = selectors.weekly_digest_data(user=user, today=TODAY)
    assert (digest.level, digest.week_number, digest.phase_name) == ("L6", 3, "Fundamentals")
    assert digest.focus.startswith("Distributed systems")
    assert {goal.label: goal.target for goal in digest.goals}["Coding problems"] == 10
    last = {goal.label: (goal.target, goal.achieved, goal.met) for goal in digest.last_week_goals}
    assert last["Coding problems"] == (10, 10, True)
    assert digest.last_week_goals_met is False
    assert (
        "System-design problems: 10 behind, about 1 system-design problem extra every 2 weeks"
        in digest.behind_schedule
    )
    assert {goal.label: goal.summary for goal in digest.goals}["STAR stories documented"] == (
        "3 STAR stories"
    )
    assert digest.week_path == f"/plan/weeks/{week_of(plan, TODAY).pk}/"
    assert selectors.week_goal_completion(user=user, today=TODAY) == pytest.approx(1 / 18)
    assert selectors.last_activity_at(user=user) == frozen_now
    items = selectors.plan_calendar_items(user=user)
    assert sum(item.kind == "week" for item in items) == 24


def test_reminder_interfaces_without_a_plan(user):
    assert selectors.weekly_digest_data(user=user, today=TODAY) is None
    assert selectors.week_goal_completion(user=user, today=TODAY) is None
    assert selectors.last_activity_at(user=user) is None
    assert selectors.plan_calendar_items(user=user) == []


def test_streak_counts_weeks_with_every_goal_met(plan, user):
    for week in plan.weeks.filter(number__in=[1, 2]):
        for goal in week.goals.all():
            kind = goal.kind
            for i in range(goal.target):
                if kind == "mock_interview":
                    services.mock_interview_log(
                        plan=plan, interview_type="coding", held_on=week.starts_on, score=3
                    )
                elif kind == "star_story":
                    # Stories count once documented in the story bank, which reports them so.
                    services.activity_record_external(
                        user=user,
                        kind=kind,
                        occurred_at=dt.datetime.combine(week.starts_on, dt.time(12), dt.UTC),
                        source_key=f"stories.story:{week.number}-{i}",
                        title=f"Story {i}",
                    )
                else:
                    services.activity_log(
                        plan=plan, kind=kind, occurred_on=week.starts_on, title=f"{kind} {i}"
                    )
    overview = selectors.plan_overview(user=user)
    assert overview.streak == 2
    # Every goal was met; only the hours (logged without minutes) are still to catch up.
    assert [item.label for item in overview.behind if not item.unit] == []
    assert {item.label for item in overview.behind} == {"System design", "Coding", "Behavioural"}


# The weights before they were scaled to 100: coding at the middle of its seed range.
WEIGHTS_ADDING_UP_TO_105 = {
    "L6": {
        "coding": 25,
        "system_design": 35,
        "cloud_services": 20,
        "distributed_systems": 15,
        "ai_ml": 10,
    },
    "L7": {
        "coding": 5,
        "system_design": 40,
        "cloud_services": 25,
        "distributed_systems": 20,
        "ai_ml": 15,
    },
}


@pytest.mark.parametrize("level", ["L6", "L7"])
def test_readiness_weights_shown_add_up_to_100_and_keep_scores_within_a_point(level):
    import dataclasses
    import itertools

    from studyplan.plan_template import load_plan_template
    from studyplan.readiness import readiness_score

    level_data = load_plan_template().levels[level]
    assert sum(level_data.competency_weights.values()) == 100
    before = WEIGHTS_ADDING_UP_TO_105[level]
    old = dataclasses.replace(level_data, competency_weights=before)
    for values in itertools.product(range(1, 6), repeat=len(before)):
        ratings = dict(zip(before, values, strict=True))
        new_score = readiness_score(level_data=level_data, ratings=ratings, checklist=[])
        old_score = readiness_score(level_data=old, ratings=ratings, checklist=[])
        assert abs(new_score - old_score) <= 1
