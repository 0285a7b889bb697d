"""The dashboard gathers every area's card: its query count must not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.demo import DEMO_SEEDERS
from portfolio.models import Portfolio
from tests.cache import clear_this_process_cache
from tests.factories import CaseStudyFactory, CaseStudyMetricFactory
from tests.stories.bank import add_stories
from tests.studyplan.conftest import bulk_activities

pytestmark = pytest.mark.django_db


def _dashboard_queries(client) -> int:
    # The numbers are computed afresh: the rows below are bulk-inserted, past the services that
    # would drop the cached ones.
    clear_this_process_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_dashboard_runs_the_same_queries_for_an_empty_and_a_busy_account(user_client, user):
    for seeder in DEMO_SEEDERS:
        import_string(seeder)(user)
    seeded = _dashboard_queries(user_client)

    bulk_activities(user, 1000, timezone.localdate())
    add_stories(user, 200)
    portfolio = Portfolio.objects.get(owner=user)
    # Positions after the demo's case studies: a position is unique within a portfolio.
    for position in range(100, 130):
        case_study = CaseStudyFactory(portfolio=portfolio, position=position)
        CaseStudyMetricFactory.create_batch(7, case_study=case_study)

    assert _dashboard_queries(user_client) == seeded


def test_dashboard_of_a_new_account_invites_to_start_each_area(user_client):
    body = user_client.get("/dashboard/").content.decode()

    assert "/plan/onboarding/" in body
    assert "/stories/" in body
    assert "/portfolio/" in body


def test_a_second_view_of_the_dashboard_reads_the_cached_numbers(
    user_client, user, django_assert_num_queries
):
    for seeder in DEMO_SEEDERS:
        import_string(seeder)(user)
    user_client.get("/dashboard/")
    # session, user, the stories due for rehearsal; the plan, story, portfolio and practice
    # numbers, the reviews due and the next interview are cached
    with django_assert_num_queries(3):
        assert user_client.get("/dashboard/").status_code == 200
