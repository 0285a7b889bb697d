import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from practice import selectors, services
from practice.models import ItemReview, LibraryItem, PracticeSession
from prepsite.limits import PRACTICE_SESSION_SECONDS_MAX
from studyplan.models import Activity
from tests.factories import UserFactory
from tests.practice.conftest import NOW, current_week, design_scores, make_plan, start_session

pytestmark = pytest.mark.django_db


def _finish(session, **overrides):
    values = {"duration_seconds": 2700, "rubric_scores": design_scores(3), "notes": "n"}
    return services.session_finish(session=session, **(values | overrides))


def test_finishing_a_session_scores_it_and_logs_one_plan_activity(
    user, plan, design_item, django_capture_on_commit_callbacks
):
    session = start_session(user, design_item, "L6")
    with django_capture_on_commit_callbacks(execute=True):
        finished = _finish(session, rubric_scores=design_scores(3) | {"cost": 1})
    assert finished.score == 53  # (2*4 + 0) / (3*5)
    activity = Activity.objects.get(owner=user, source_key=f"practice.session:{session.pk}")
    assert activity.kind == "system_design" and activity.area == "design"
    assert activity.occurred_on == NOW.date()
    assert activity.minutes == 45  # the timer's 2,700 s count toward the week's design hours
    review = ItemReview.objects.get(user=user, item=design_item)
    assert review.due_at >= NOW + dt.timedelta(days=1)


def test_a_session_finishes_once(user, plan, design_item, django_capture_on_commit_callbacks):
    session = start_session(user, design_item, "L6")
    with django_capture_on_commit_callbacks(execute=True):
        _finish(session)
    with pytest.raises(ValidationError):
        _finish(session)
    assert Activity.objects.filter(owner=user, source_key__startswith="practice.").count() == 1
    assert ItemReview.objects.get(user=user, item=design_item).review_count == 1


@pytest.mark.parametrize("seconds", [-1, PRACTICE_SESSION_SECONDS_MAX + 1])
def test_timer_result_out_of_range_is_a_field_error(user, design_item, seconds):
    session = start_session(user, design_item, "L6")
    with pytest.raises(ValidationError) as error:
        _finish(session, duration_seconds=seconds)
    assert "duration_seconds" in error.value.message_dict
    session.refresh_from_db()
    assert not session.is_finished


def test_missing_or_out_of_range_rubric_scores_are_refused(user, design_item):
    session = start_session(user, design_item, "L7")
    with pytest.raises(ValidationError) as error:
        _finish(session, rubric_scores={"requirements": 9, "unknown": 2})
    messages = " ".join(error.value.message_dict["rubric_scores"])
    assert "Unknown" in messages and "between 1 and 4" in messages and "Cost" in messages


def test_resources_are_marked_done_not_timed(user):
    resource = LibraryItem.objects.filter(kind="resource").first()
    with pytest.raises(ValidationError):
        services.session_start(user=user, item=resource, level="L6")
    services.item_mark_done(user=user, item=resource, level="L6")
    assert PracticeSession.objects.get(owner=user, item=resource).is_finished


def test_without_a_plan_finishing_still_works(
    user, design_item, django_capture_on_commit_callbacks
):
    session = start_session(user, design_item, "L6")
    with django_capture_on_commit_callbacks(execute=True):
        _finish(session)
    assert not Activity.objects.filter(owner=user).exists()


def test_hidden_and_foreign_private_items_leave_the_library(user, other_user, design_item):
    services.item_hide(user=user, item=design_item)
    mine = services.item_create_private(user=user, title="My design", area="design")
    theirs = services.item_create_private(user=other_user, title="Their design", area="design")
    visible = set(selectors.library_for_user(user=user).values_list("pk", flat=True))
    assert design_item.pk not in visible and mine.pk in visible and theirs.pk not in visible
    services.item_unhide(user=user, item=design_item)
    assert selectors.library_for_user(user=user).filter(pk=design_item.pk).exists()


def test_scores_by_area_average_scored_sessions(user, design_item):
    for value in (2, 3):  # 33% and 67%
        session = start_session(user, design_item, "L6")
        _finish(session, rubric_scores=design_scores(value))
    scores = selectors.practice_scores_by_area(user=user)
    assert scores["design"].sessions == 2 and scores["design"].average == 50
    assert scores["coding"].average is None


def _describe(suggestions):
    return [f"{s.item.get_area_display()}: {s.item.title} ({s.reason})" for s in suggestions.items]


def test_week_suggestions_follow_topic_level_and_what_is_done(frozen_now, capsys):
    l6_user, l7_user = UserFactory(), UserFactory()
    l6_week = current_week(make_plan(l6_user, "L6"))
    l7_week = current_week(make_plan(l7_user, "L7"))
    assert l6_week.template_week == l7_week.template_week == 7
    l6 = selectors.week_suggestions(user=l6_user, week=l6_week)
    l7 = selectors.week_suggestions(user=l7_user, week=l7_week)
    assert all(s.item.level in ("L6", "both") for s in l6.items)
    assert all(s.item.level in ("L7", "both") for s in l7.items)
    assert {s.item.area for s in l6.items} == {"design", "coding", "behavioural"}
    assert any(s.reason == "this week's topic" for s in l6.items)
    assert [r.title for r in l6.resources]
    with capsys.disabled():
        print(f"\nweek {l6.template_week} suggestions, L6:", *_describe(l6), sep="\n  ")
        print("  reading:", [r.title for r in l6.resources])
        print(f"week {l7.template_week} suggestions, L7:", *_describe(l7), sep="\n  ")
    first = l6.items[0].item
    services.item_mark_done(user=l6_user, item=first, level="L6")
    again = selectors.week_suggestions(user=l6_user, week=l6_week)
    assert first.pk not in {s.item.pk for s in again.items}


def test_areas_left_short_are_filled_from_the_nearest_weeks_ahead(frozen_now):
    user = UserFactory()
    plan = make_plan(user, "L7")
    first = plan.weeks.select_related("plan").order_by("starts_on").first()
    suggestions = selectors.week_suggestions(user=user, week=first)
    by_area = {}
    for suggestion in suggestions.items:
        by_area.setdefault(suggestion.item.area, []).append(suggestion)
    assert set(by_area) == {"design", "coding", "behavioural"}
    assert len(by_area["coding"]) == selectors.SUGGESTION_QUOTAS["coding"]
    for suggestion in suggestions.items:
        item = suggestion.item
        assert item.week > first.template_week and item.level in ("L7", "both")
        assert suggestion.reason == f"from week {item.week}: get ahead"
    # The nearest week first, and easy problems before hard ones on a topic not studied yet.
    assert [s.item.week for s in by_area["design"]] == [2, 3]
    assert {s.item.difficulty for s in by_area["coding"]} == {"easy"}
    assert [r.title for r in suggestions.resources]  # the week's own reading only
    assert all(first.template_week in r.details["weeks"] for r in suggestions.resources)


def test_items_of_this_and_earlier_weeks_come_before_getting_ahead(user, plan):
    # Week 7 (system design basics) has design items of its own: none are taken from ahead;
    # coding (weeks 5-6) and behavioural (week 2) still have earlier items left.
    suggestions = selectors.week_suggestions(user=user, week=current_week(plan))
    assert suggestions.items
    assert all("get ahead" not in s.reason for s in suggestions.items)


def test_suggestions_take_the_same_queries_in_the_first_week_and_later(user, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    weeks = plan.weeks.select_related("plan").order_by("starts_on")
    counts = []
    for week in (weeks[0], current_week(plan)):
        selectors.week_suggestions(user=user, week=week)  # fills the per-user caches
        with CaptureQueriesContext(connection) as captured:
            selectors.week_suggestions(user=user, week=week)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_weakest_area_comes_first(user, plan, design_item):
    session = start_session(user, design_item, "L6")
    _finish(session, rubric_scores=design_scores(4))
    suggestions = selectors.week_suggestions(user=user, week=current_week(plan))
    assert suggestions.weakest[-1] == "design"
    assert suggestions.items[-1].item.area == "design"


def test_weakest_areas_follow_the_readiness_self_assessment_first(user):
    from studyplan import services as plan_services

    # Coding is the only competency rated below the L6 bar, so it leads; the areas the
    # self-assessment does not name follow in practice-score order.
    plan_services.readiness_assessment_create(
        user=user,
        level="L6",
        ratings={
            "coding": 1,
            "system_design": 5,
            "cloud_services": 5,
            "distributed_systems": 5,
            "ai_ml": 5,
        },
        checklist=[],
    )
    assert selectors.weakest_areas(user=user)[0] == "coding"


def test_mock_loop_rounds_are_plan_mocks_and_feed_trends(user, plan):
    from stories.models import LeadershipPrinciple

    ownership = LeadershipPrinciple.objects.get(slug="ownership")
    loop = services.mock_loop_create(
        user=user,
        title="Full loop",
        held_on=NOW.date(),
        rounds=[
            {"interview_type": "coding"},
            {"interview_type": "bar_raiser", "principles": [ownership]},
        ],
    )
    rounds = list(loop.rounds.all())
    services.mock_round_score(loop_round=rounds[0], score=3)
    services.mock_round_score(loop_round=rounds[1], score=4, feedback="Strong")
    trends = selectors.mock_trends(user=user)
    assert trends.by_round_type["Bar raiser"][0].score == 4
    assert trends.by_principle["Ownership"][0].score == 4
    assert rounds[0].mock.activity.kind == "mock_interview"


def test_mock_loop_needs_rounds_and_a_plan(user):
    with pytest.raises(ValidationError):
        services.mock_loop_create(user=user, title="x", held_on=NOW.date(), rounds=[])
    with pytest.raises(ValidationError):
        services.mock_loop_create(
            user=user, title="x", held_on=NOW.date(), rounds=[{"interview_type": "coding"}]
        )


def test_a_time_longer_than_the_session_has_existed_is_refused_naming_the_maximum(
    user, design_item
):
    session = services.session_start(
        user=user, item=design_item, level="L6", started_at=NOW - dt.timedelta(seconds=44)
    )
    with pytest.raises(ValidationError) as error:
        _finish(session, duration_seconds=2400, finished_at=NOW)
    assert error.value.message_dict["duration_seconds"] == [
        "This session started 44 s ago, so the time spent can be at most 104 seconds."
    ]
    session.refresh_from_db()
    assert not session.is_finished
    assert _finish(session, duration_seconds=104, finished_at=NOW).duration_seconds == 104


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0 s"), (44, "44 s"), (2400, "40 min"), (3599, "1 h"), (3900, "1 h 5 min")],
)
def test_durations_read_in_minutes(seconds, shown):
    from practice.rendering import format_duration

    assert format_duration(seconds) == shown


def test_a_draft_is_kept_while_running_and_becomes_the_notes(user, design_item):
    session = start_session(user, design_item)
    services.session_save_draft(session=session, notes="first idea", diagram="graph TD; A-->B")
    finished = services.session_finish(
        session=session, duration_seconds=1800, rubric_scores=design_scores(3)
    )
    assert (finished.notes, finished.diagram) == ("first idea", "graph TD; A-->B")
    with pytest.raises(ValidationError):
        services.session_save_draft(session=finished, notes="too late")
    finished.refresh_from_db()
    assert finished.notes == "first idea"
