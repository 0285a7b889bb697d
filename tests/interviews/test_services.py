import datetime

import pytest
from django.core.exceptions import ValidationError

from interviews import selectors, services
from interviews.models import Application, Debrief, Round, StatusChange, StoryAssignment
from stories.models import StoryUsage
from tests.factories import StoryFactory, UserFactory
from tests.interviews.conftest import at

pytestmark = pytest.mark.django_db


def test_application_moves_are_dated_in_its_history(user):
    application = services.application_create(
        owner=user, data={"company": "Acme", "role": "EM", "level": "L6"}
    )
    services.application_move(
        application=application, status="applied", on=datetime.date(2030, 1, 2)
    )
    services.application_move(
        application=application, status="recruiter_screen", on=datetime.date(2030, 1, 9)
    )
    changes = list(StatusChange.objects.filter(application=application))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("", "interested"),
        ("interested", "applied"),
        ("applied", "recruiter_screen"),
    ]
    application.refresh_from_db()
    assert application.status_changed_on == datetime.date(2030, 1, 9)


def test_unknown_status_is_refused(user):
    application = services.application_create(owner=user, data={"company": "A", "role": "EM"})
    with pytest.raises(ValidationError) as error:
        services.application_move(application=application, status="hired")
    assert "status" in error.value.message_dict


def test_round_outside_the_loops_dates_is_a_field_error(loop):
    with pytest.raises(ValidationError) as error:
        services.round_create(
            loop=loop,
            data={
                "starts_at": datetime.datetime(2030, 3, 5, 10, tzinfo=datetime.UTC),
                "length_minutes": 60,
                "kind": "coding",
            },
        )
    assert "This loop runs 04 Mar 2030" in error.value.message_dict["starts_at"][0]
    assert not Round.objects.exists()


def test_round_dates_are_read_in_the_users_time_zone(loop):
    # 23:30 UTC on 3 March is 00:30 on 4 March in... London is UTC in March, so use Berlin.
    owner = loop.application.owner
    owner.timezone = "Europe/Berlin"
    owner.save()
    round_ = services.round_create(
        loop=loop,
        data={
            "starts_at": datetime.datetime(2030, 3, 3, 23, 30, tzinfo=datetime.UTC),
            "length_minutes": 30,
            "kind": "coding",
        },
    )
    assert round_.pk


def test_overlapping_rounds_are_a_field_error(loop):
    services.round_create(
        loop=loop, data={"starts_at": at(10), "length_minutes": 60, "kind": "coding"}
    )
    with pytest.raises(ValidationError) as error:
        services.round_create(
            loop=loop, data={"starts_at": at(10, 30), "length_minutes": 45, "kind": "behavioural"}
        )
    assert "Overlaps the coding round at 10:00" in error.value.message_dict["starts_at"][0]
    assert Round.objects.count() == 1
    # Back to back is fine.
    services.round_create(
        loop=loop, data={"starts_at": at(11), "length_minutes": 45, "kind": "behavioural"}
    )


def test_plan_covers_the_amazon_split_without_repeating_a_story(five_round_loop, bank):
    plan = services.loop_plan(loop=five_round_loop)
    assignments = StoryAssignment.objects.filter(loop=five_round_loop)
    story_ids = [a.story_id for a in assignments]
    assert len(story_ids) == len(set(story_ids))
    # 15 slots; customer obsession and ownership appear in no other round here, so all covered.
    assert plan.main_covered == 15
    main = assignments.filter(backup=False).select_related("story")
    assert all("(polished)" in a.story.title for a in main)


def test_pin_survives_replanning_and_frees_its_story_elsewhere(five_round_loop, bank, principles):
    services.loop_plan(loop=five_round_loop)
    first = five_round_loop.rounds.order_by("starts_at").first()
    draft = next(s for s in bank if s.title == "Customer Obsession story (draft)")
    services.assignment_pin(round_=first, principle=principles["customer-obsession"], story=draft)
    services.loop_plan(loop=five_round_loop)
    chosen = StoryAssignment.objects.get(
        round=first, principle=principles["customer-obsession"], backup=False
    )
    assert chosen.story_id == draft.pk and chosen.pinned
    assert StoryAssignment.objects.filter(loop=five_round_loop, story=draft).count() == 1


def test_pinning_another_users_story_is_refused(five_round_loop, principles):
    stranger_story = StoryFactory(owner=UserFactory())
    first = five_round_loop.rounds.first()
    with pytest.raises(ValidationError) as error:
        services.assignment_pin(
            round_=first, principle=principles["customer-obsession"], story=stranger_story
        )
    assert "story" in error.value.message_dict


def test_debrief_writes_story_usage_that_overuse_warnings_count(
    after_the_loop, five_round_loop, bank
):
    services.loop_plan(loop=five_round_loop)
    rounds = list(five_round_loop.rounds.order_by("starts_at"))
    story = bank[0]
    for round_ in rounds[:3]:
        services.debrief_save(round_=round_, asked="Tell me about", self_score=4, stories=[story])
    usages = StoryUsage.objects.filter(story=story)
    assert usages.count() == 3
    assert usages.first().interview.startswith("Amazon: onsite, ")
    # Saving the same debrief again replaces its usage instead of adding one.
    services.debrief_save(round_=rounds[0], asked="Edited", self_score=3, stories=[story])
    assert StoryUsage.objects.filter(story=story).count() == 3
    services.debrief_save(round_=rounds[0], asked="Edited", self_score=3, stories=[])
    assert StoryUsage.objects.filter(story=story).count() == 2


def test_debrief_refuses_another_users_story(after_the_loop, five_round_loop):
    with pytest.raises(ValidationError) as error:
        services.debrief_save(
            round_=five_round_loop.rounds.first(),
            asked="",
            self_score=3,
            stories=[StoryFactory(owner=UserFactory())],
        )
    assert "stories" in error.value.message_dict


def test_loop_page_shows_what_each_interviewer_heard(after_the_loop, five_round_loop, bank):
    services.loop_plan(loop=five_round_loop)
    first = five_round_loop.rounds.order_by("starts_at").first()
    services.debrief_save(round_=first, asked="Conflict", self_score=4, stories=[bank[0]])
    page = selectors.loop_page(user=five_round_loop.application.owner, pk=five_round_loop.pk)
    assert page.rounds[0].heard == [bank[0]]
    assert page.told_earlier == {bank[0].pk: "round 1"}


def test_application_limit_is_enforced(user, settings, monkeypatch):
    from prepsite import limits

    monkeypatch.setattr(limits, "APPLICATIONS_MAX", 1)
    services.application_create(owner=user, data={"company": "A", "role": "EM"})
    with pytest.raises(ValidationError):
        services.application_create(owner=user, data={"company": "B", "role": "EM"})
    assert Application.objects.count() == 1


def test_portfolio_selection_refuses_another_users_story(application):
    with pytest.raises(ValidationError):
        services.application_portfolio_set(
            application=application, stories=[StoryFactory(owner=UserFactory())]
        )


def test_debriefs_feed_the_story_banks_overuse_warning(user, principles):
    from django.utils import timezone

    from stories.selectors import story_usage_summary

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    application = services.application_create(owner=user, data={"company": "Acme", "role": "EM"})
    loop = services.loop_create(
        application=application,
        data={"kind": "onsite", "starts_on": yesterday, "ends_on": yesterday},
    )
    story = StoryFactory(owner=user, primary_principle=principles["ownership"])
    for hour in (9, 10, 11):
        start = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(hour)))
        round_ = services.round_create(
            loop=loop, data={"starts_at": start, "length_minutes": 45, "kind": "behavioural"}
        )
        services.debrief_save(round_=round_, asked="", self_score=3, stories=[story])
    warnings = story_usage_summary(story).warnings
    assert any("Told 3 times in the last 30 days" in warning for warning in warnings)


def test_moving_a_loop_away_from_its_rounds_is_a_field_error(five_round_loop):
    with pytest.raises(ValidationError) as error:
        services.loop_update(
            loop=five_round_loop,
            data={"starts_on": datetime.date(2030, 3, 10), "ends_on": datetime.date(2030, 3, 10)},
        )
    assert "outside these dates" in error.value.message_dict["starts_on"][0]


def test_a_loop_cannot_end_before_it_starts(application):
    with pytest.raises(ValidationError) as error:
        services.loop_create(
            application=application,
            data={"starts_on": datetime.date(2030, 3, 4), "ends_on": datetime.date(2030, 3, 1)},
        )
    assert "ends_on" in error.value.message_dict


def test_replanning_after_a_debrief_avoids_what_was_already_told(
    after_the_loop, five_round_loop, bank
):
    services.loop_plan(loop=five_round_loop)
    rounds = list(five_round_loop.rounds.order_by("starts_at"))
    # Round 1 heard the story planned for round 2's Dive Deep, off plan.
    dive_deep = StoryAssignment.objects.get(
        round=rounds[1], principle__slug="dive-deep", backup=False
    )
    services.debrief_save(round_=rounds[0], asked="", self_score=3, stories=[dive_deep.story])
    services.loop_plan(loop=five_round_loop)
    assert not StoryAssignment.objects.filter(round=rounds[1], story=dive_deep.story).exists()
    page = selectors.loop_page(user=five_round_loop.application.owner, pk=five_round_loop.pk)
    assert page.told_earlier[dive_deep.story_id] == "round 1"


def test_a_round_that_has_not_started_cannot_be_debriefed(five_round_loop, bank, time_machine):
    first = five_round_loop.rounds.order_by("starts_at").first()
    time_machine.move_to(first.starts_at - datetime.timedelta(minutes=1), tick=False)
    with pytest.raises(ValidationError, match="record its debrief once it has taken place"):
        services.debrief_save(round_=first, asked="Too early", self_score=4, stories=[bank[0]])
    assert not Debrief.objects.exists()
    assert not StoryUsage.objects.exists(), "no telling logged for a round still ahead"

    time_machine.move_to(first.starts_at, tick=False)
    services.debrief_save(round_=first, asked="On time", self_score=4, stories=[bank[0]])
    assert StoryUsage.objects.filter(story=bank[0]).count() == 1
