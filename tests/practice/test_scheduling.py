import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prepsite.spacing import MAX_INTERVAL_DAYS, schedule_next
from stories import services as story_services
from tests.factories import StoryFactory

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
ONE_DAY = dt.timedelta(days=1)

ratings = st.integers(min_value=1, max_value=4)
gaps = st.integers(min_value=0, max_value=90 * 24 * 60)  # minutes until the next review


@given(history=st.lists(st.tuples(ratings, gaps), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_good_or_easy_never_schedules_sooner_than_a_day_and_nothing_beyond_the_cap(history):
    card, at = None, START
    for rating, gap in history:
        card, due = schedule_next(card, rating, at)
        assert due - at >= ONE_DAY  # no minute-long learning steps, whatever the rating
        assert due - at <= dt.timedelta(days=MAX_INTERVAL_DAYS)
        at = at + dt.timedelta(minutes=gap)


@given(before=st.lists(st.sampled_from([3, 4]), min_size=1, max_size=6))
@settings(max_examples=100, deadline=None)
def test_again_shrinks_the_interval_after_successes(before):
    card, at, last = None, START, None
    for rating in before:
        card, due = schedule_next(card, rating, at)
        last, at = due - at, due
    _, due = schedule_next(card, 1, at)
    assert due - at <= last


def _walk(ratings_in_order):
    story = StoryFactory()
    at, intervals = START, []
    for rating in ratings_in_order:
        rehearsal = story_services.story_rehearse(
            story=story, duration_seconds=150, self_rating=rating, rehearsed_at=at
        )
        intervals.append((rehearsal.next_due_at - at) / ONE_DAY)
        story.refresh_from_db()
        at = rehearsal.next_due_at
    return intervals


@pytest.mark.django_db
def test_fixed_clock_walk_of_five_good_rehearsals_grows_in_days(capsys):
    intervals = _walk([3, 3, 3, 3, 3])
    assert intervals == sorted(intervals) and intervals[0] >= 1
    assert intervals[-1] > intervals[0]
    assert intervals == [1.0, 3.0, 8.0, 19.0, 43.0]
    with capsys.disabled():
        print("\nfive Good rehearsals, days until the next:", intervals)
        print("good, good, again, good, good:", _walk([3, 3, 1, 3, 3]))


@pytest.mark.django_db
def test_a_new_story_rated_good_comes_back_tomorrow_not_in_ten_minutes():
    story = StoryFactory()
    rehearsal = story_services.story_rehearse(
        story=story, duration_seconds=120, self_rating=3, rehearsed_at=START
    )
    assert rehearsal.next_due_at >= START + ONE_DAY
