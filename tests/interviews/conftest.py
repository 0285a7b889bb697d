import datetime

import pytest

from interviews import services
from stories.models import LeadershipPrinciple
from tests.factories import ApplicationFactory, StoryFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory(timezone="Europe/London")


@pytest.fixture
def principles(db) -> dict[str, LeadershipPrinciple]:
    return {p.slug: p for p in LeadershipPrinciple.objects.all()}


@pytest.fixture
def application(user):
    return ApplicationFactory(owner=user, company="Amazon", level="L7")


@pytest.fixture
def loop(application):
    return services.loop_create(
        application=application,
        data={
            "kind": "onsite",
            "starts_on": datetime.date(2030, 3, 4),
            "ends_on": datetime.date(2030, 3, 4),
        },
    )


@pytest.fixture
def after_the_loop(time_machine):
    """The day after the loop (frozen): its rounds have taken place and can be debriefed."""
    time_machine.move_to(datetime.datetime(2030, 3, 5, 12, tzinfo=datetime.UTC), tick=False)


def at(hour: int, minute: int = 0) -> datetime.datetime:
    """A time on the loop's day in London (GMT in March 2030)."""
    return datetime.datetime(2030, 3, 4, hour, minute, tzinfo=datetime.UTC)


@pytest.fixture
def five_round_loop(loop, principles):
    kinds = ["behavioural", "system_design", "behavioural", "bar_raiser", "hiring_manager"]
    for index, kind in enumerate(kinds):
        services.round_create(
            loop=loop,
            data={"starts_at": at(9 + index), "length_minutes": 55, "kind": kind},
        )
    services.loop_apply_amazon_split(loop=loop)
    return loop


@pytest.fixture
def bank(user, principles):
    """Two stories per principle of the Amazon split (first one stronger), owned by user."""
    stories = []
    for principle in principles.values():
        for strength in ("polished", "draft"):
            story = StoryFactory(
                owner=user,
                title=f"{principle.name} story ({strength})",
                primary_principle=principle,
                status=strength,
                target_level="L7" if strength == "polished" else "",
            )
            stories.append(story)
    return stories
