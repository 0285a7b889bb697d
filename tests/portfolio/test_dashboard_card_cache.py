"""The dashboard's cached portfolio numbers never drift: after every change made through a
service, the card shows what counting the stored data again shows."""

import pytest

from accounts.models import User
from portfolio import selectors, services
from portfolio.documents import CardNumbers, dashboard_card_numbers
from stories import services as story_services
from tests.portfolio.test_document_cache import CHANGES, UNDOING_CHANGES, _case, _linked_story

pytestmark = pytest.mark.django_db

# Changes to the numbers that the documents' list does not make.
CARD_CHANGES = {
    **CHANGES,
    "linked story secondary principles": lambda portfolio, user: story_services.story_update(
        story=_linked_story(portfolio),
        data={"secondary_principles": ["frugality", "invent-and-simplify", "earn-trust"]},
    ),
    "case study lessons blanked": lambda portfolio, user: services.case_study_update(
        case_study=_case(portfolio), fields={"lessons_learned": " ", "architecture_diagram": ""}
    ),
}


def _fresh(user) -> CardNumbers:
    user = User.objects.get(pk=user.pk)
    counts = selectors.portfolio_counts_for_user(user=user)
    return CardNumbers(
        facts=selectors.completeness_facts_for_user(user=user),
        case_studies=counts["case_studies"],
        decision_records=counts["decision_records"],
    )


def _cached(user) -> CardNumbers:
    return dashboard_card_numbers(user=User.objects.get(pk=user.pk))


@pytest.mark.parametrize("change", CARD_CHANGES.values(), ids=CARD_CHANGES.keys())
def test_card_numbers_match_a_fresh_count_after_each_change(
    change, full_portfolio, user, django_capture_on_commit_callbacks
):
    assert _cached(user) == _fresh(user)

    with django_capture_on_commit_callbacks(execute=True):
        change(full_portfolio, user)

    assert _cached(user) == _fresh(user)


@pytest.mark.parametrize("earlier, change", UNDOING_CHANGES.values(), ids=UNDOING_CHANGES.keys())
def test_card_numbers_match_a_fresh_count_after_a_change_is_undone(
    earlier, change, full_portfolio, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        earlier(full_portfolio, user)
    assert _cached(user) == _fresh(user)

    with django_capture_on_commit_callbacks(execute=True):
        change(full_portfolio, user)

    assert _cached(user) == _fresh(user)


def test_a_new_portfolio_replaces_the_numbers_of_none(user, django_capture_on_commit_callbacks):
    assert _cached(user) == _fresh(user)

    with django_capture_on_commit_callbacks(execute=True):
        portfolio = services.portfolio_get_or_create(owner=user)
        services.case_study_create(
            portfolio=portfolio, fields={"title": "First", "kind": "migration"}
        )

    assert _cached(user).case_studies == 1
    assert _cached(user) == _fresh(user)


def test_the_card_counts_once_until_the_portfolio_changes(
    full_portfolio, user, django_assert_num_queries, django_capture_on_commit_callbacks
):
    before = _cached(user)
    owner = User.objects.get(pk=user.pk)
    with django_assert_num_queries(0):
        assert dashboard_card_numbers(user=owner) == before

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record_create(
            portfolio=full_portfolio, fields={"title": "Adopt a queue", "status": "proposed"}
        )

    assert _cached(user).decision_records == before.decision_records + 1


def test_a_new_display_name_shows_without_a_portfolio_change(full_portfolio, user):
    user.display_name = ""
    user.save(update_fields=["display_name"])
    assert not _cached(user).facts.has_name

    user.display_name = "Dana Example"
    user.save(update_fields=["display_name"])

    assert _cached(user).facts.has_name
