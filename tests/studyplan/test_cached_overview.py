"""The dashboard's cached plan overview and the cached week page never drift from a fresh
computation: every service that changes their inputs drops them."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from accounts.selectors import account_export
from accounts.services import account_import
from stories import services as story_services
from studyplan import selectors, services
from studyplan.models import Activity, PlanWeek, Replan
from studyplan.templatetags.studyplan_tags import dashboard_cards_html, studyplan_dashboard
from tests.factories import UserFactory
from tests.studyplan.conftest import TODAY, create_plan, week_of

pytestmark = pytest.mark.django_db

RATINGS = {
    "coding": 3,
    "system_design": 2,
    "cloud_services": 4,
    "distributed_systems": 2,
    "ai_ml": 1,
}


def _numbers(overview: selectors.PlanOverview | None) -> tuple | None:
    """Everything the dashboard shows from an overview, as plain values."""
    if overview is None:
        return None
    return (
        overview.today,
        overview.plan.level,
        overview.plan.interview_date,
        overview.current.week.number,
        overview.completion,
        overview.streak,
        overview.behind,
        overview.burn_up,
        overview.area_totals,
        [
            (
                week.week.number,
                week.week.starts_on,
                week.week.is_break,
                week.week.focus,
                week.activity_count,
                week.hours,
                [
                    (goal.goal.kind, goal.goal.title, goal.target, goal.achieved)
                    for goal in week.goals
                ],
            )
            for week in overview.weeks
        ],
        [(item.pk, item.score) for item in overview.readiness_history],
    )


def _week_shown(page: selectors.WeekPage | None) -> tuple | None:
    """Everything the week page shows from a WeekPage, as plain values."""
    if page is None:
        return None
    summary = page.summary
    return (
        summary.today,
        summary.week.pk,
        summary.week.focus,
        summary.weeks_total,
        page.previous_week and page.previous_week.pk,
        page.next_week and page.next_week.pk,
        page.current_week.pk,
        [
            (activity.pk, activity.kind, activity.title, activity.minutes, principles)
            for activity, principles in page.recent_activities
        ],
        page.next_activity_page,
        page.activity_count,
        [(mock.pk, mock.held_on, mock.score) for mock in page.pending_mocks],
        page.review and (page.review.went_well, page.review.self_rating),
        page.previous_review and page.previous_review.went_well,
        page.replan and (page.replan.id, page.replan.explanation),
    )


def _week_pages(owner, read) -> list:
    """The current week's page and the pages of the first week, the last week, and the current
    week and its neighbours, as plain values.

    Every plan service drops an owner's cached week pages together (one cache scope), so a
    service that forgets to shows on any week read before its write; reading every week of a
    six-month plan after each write would only make the test slower.
    """
    current = read(user=owner, week_id=None)
    if current is None:
        return [None]
    week_ids = list(
        PlanWeek.objects.filter(plan__owner=owner).order_by("number").values_list("pk", flat=True)
    )
    at = week_ids.index(current.current_week.pk)
    sampled = sorted({week_ids[0], week_ids[-1], *week_ids[max(at - 1, 0) : at + 2]})
    return [_week_shown(current)] + [_week_shown(read(user=owner, week_id=pk)) for pk in sampled]


@pytest.fixture
def same_as_fresh(user, django_capture_on_commit_callbacks):
    """Run a write as a request would (its on-commit work included), then check the cached
    overview against one computed from the database."""

    def check(write=None, *, owner=user):
        if write is not None:
            with django_capture_on_commit_callbacks(execute=True):
                write()
        cached = selectors.plan_overview_cached(user=owner)
        fresh = selectors.plan_overview(user=owner)
        assert _numbers(cached) == _numbers(fresh)
        drawn = studyplan_dashboard({"request": SimpleNamespace(user=owner)})
        assert drawn == dashboard_cards_html(fresh)
        assert _week_pages(owner, selectors.week_page_cached) == _week_pages(
            owner, selectors.week_page
        )
        return cached

    return check


def test_cached_overview_follows_every_plan_service(plan, user, same_as_fresh):
    before = same_as_fresh()
    this_week = week_of(plan, TODAY)

    same_as_fresh(
        lambda: services.activity_log(
            plan=plan, kind="coding", occurred_on=TODAY, title="Two sum", minutes=30
        )
    )
    logged = Activity.objects.filter(owner=user).latest("id")
    same_as_fresh(lambda: services.activity_update(activity=logged, plan=plan, minutes=90))
    after_update = same_as_fresh()
    assert after_update.area_totals != before.area_totals
    same_as_fresh(lambda: services.activity_delete(activity=logged))

    goal_holder = {}
    same_as_fresh(
        lambda: goal_holder.update(
            goal=services.goal_create_custom(week=this_week, title="Read the DDIA book", target=2)
        )
    )
    same_as_fresh(
        lambda: services.activity_log(
            plan=plan,
            kind="custom",
            occurred_on=TODAY,
            title="Chapter 1",
            goal=goal_holder["goal"],
        )
    )
    same_as_fresh(lambda: services.goal_delete(goal=goal_holder["goal"]))
    same_as_fresh(
        lambda: services.week_update(
            week=this_week,
            focus="Caching",
            goals_text="",
            targets={goal.pk: 7 for goal in this_week.goals.all()},
        )
    )

    mock_holder = {}
    same_as_fresh(
        lambda: mock_holder.update(
            mock=services.mock_interview_log(
                plan=plan, interview_type="coding", held_on=TODAY, score=3
            )
        )
    )
    same_as_fresh(
        lambda: services.mock_interview_update(mock=mock_holder["mock"], plan=plan, minutes=120)
    )
    same_as_fresh(lambda: services.mock_interview_delete(mock=mock_holder["mock"]))

    same_as_fresh(
        lambda: services.review_save(
            plan=plan,
            week=this_week,
            went_well="Finished the caching chapter",
            blockers="",
            next_week_focus="Queues",
            self_rating=4,
        )
    )
    same_as_fresh(
        lambda: services.readiness_assessment_create(
            user=user, level="L6", ratings=RATINGS, checklist=[]
        )
    )
    same_as_fresh(lambda: services.plan_replan(plan=plan, today=TODAY))
    same_as_fresh(lambda: services.replan_undo(replan=Replan.objects.get(plan=plan)))

    next_week = week_of(plan, TODAY + dt.timedelta(weeks=1))
    same_as_fresh(lambda: services.week_pause(week=next_week))
    same_as_fresh(lambda: services.week_skip(week=week_of(plan, TODAY + dt.timedelta(weeks=1))))
    same_as_fresh(
        lambda: services.plan_interview_date_follow(
            user=user, interview_date=TODAY + dt.timedelta(weeks=10)
        )
    )
    plan.refresh_from_db()
    same_as_fresh(
        lambda: services.plan_regenerate(
            plan=plan,
            level="L7",
            start_date=plan.start_date,
            interview_date=None,
            hours_per_week=8,
        )
    )
    assert same_as_fresh().plan.level == "L7"


def test_cached_overview_appears_with_a_new_plan(user, frozen_now, same_as_fresh):
    assert same_as_fresh() is None
    assert same_as_fresh(lambda: create_plan(user)) is not None


def test_cached_overview_follows_the_story_bank_and_account_import(plan, user, same_as_fresh):
    same_as_fresh()
    story_holder = {}
    same_as_fresh(
        lambda: story_holder.update(
            story=story_services.story_create(
                owner=user, data={"title": "Ready story", "status": "ready"}
            )
        )
    )
    documented = same_as_fresh()
    assert documented.current.activity_count == 1
    same_as_fresh(lambda: story_services.story_soft_delete(story=story_holder["story"]))

    fresh = UserFactory()
    assert same_as_fresh(owner=fresh) is None
    document = account_export(user=user)
    imported = same_as_fresh(lambda: account_import(user=fresh, document=document), owner=fresh)
    assert imported is not None


def test_cached_overview_moves_on_with_the_day(plan, user, same_as_fresh):
    services.mock_interview_log(
        plan=plan, interview_type="coding", held_on=TODAY + dt.timedelta(days=1), score=None
    )
    today = same_as_fresh()
    with time_machine.travel(dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC), tick=False):
        tomorrow = same_as_fresh()
    assert tomorrow.today == today.today + dt.timedelta(days=1)
