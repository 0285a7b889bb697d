"""Schemathesis over every operation the OpenAPI schema lists, with every check.

Generic on purpose: a new app's endpoints are tested as soon as they appear in /api/schema/.
Deterministic (derandomized) and bounded: SCHEMATHESIS_MAX_EXAMPLES examples per operation
(default 3); with the coverage phase (PostgreSQL only, see below) about 3 minutes on one core,
without it about 1 minute.

    DEBUG=1 .venv/bin/pytest tests/api_contract -q -p no:randomly
"""

import os
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, settings
from schemathesis.generation.hypothesis.builder import ApiOperationMark
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.services import api_token_create
from prepsite.wsgi import application
from tests.factories import UserFactory

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))

# Operations whose valid bodies OpenAPI cannot describe, so "schema-valid" data may be refused.
# Each needs a reason; everything else must accept every request its schema allows.
NOT_DESCRIBABLE_BY_THE_SCHEMA = {
    # The body is a whole portfolio export, validated against the JSON Schema 2020-12 document
    # in portfolio/schemas/, which OpenAPI 3.0 cannot embed.
    ("POST", "/api/portfolio/import/"),
    # Likewise a whole account export (accounts/schemas/).
    ("POST", "/api/account/import/"),
    # A time zone must be one of the IANA names the server knows; the schema says "string".
    ("PATCH", "/api/me/"),
    ("PUT", "/api/reminders/preferences/"),
    ("PATCH", "/api/reminders/preferences/"),
    # The interview date must fall 4 to 52 weeks after the start date (a cross-field rule).
    ("POST", "/api/plan/"),
    ("PUT", "/api/plan/"),
    ("POST", "/api/plan/preview/"),
    # A superseded record must name its successor (a cross-field rule).
    ("POST", "/api/portfolio/decision-records/"),
    ("PUT", "/api/portfolio/decision-records/{id}/"),
    ("PATCH", "/api/portfolio/decision-records/{id}/"),
    # Django's URL validator is stricter than the "uri" format (a host label has <= 63 chars).
    ("POST", "/api/plan/activities/"),
    ("PUT", "/api/plan/activities/{id}/"),
    ("PATCH", "/api/plan/activities/{id}/"),
    ("POST", "/api/applications/"),
    ("PUT", "/api/applications/{id}/"),
    ("PATCH", "/api/applications/{id}/"),
    ("POST", "/api/practice/items/"),
    ("PUT", "/api/practice/items/{id}/"),
    ("PATCH", "/api/practice/items/{id}/"),
    # A library resource is read, not timed: whether an item id names one is data, not schema.
    ("POST", "/api/practice/sessions/"),
    # Checklist keys come from the plan template of the user's level.
    ("POST", "/api/plan/readiness-assessments/"),
    # Deleting the account is confirmed by typing the account's own e-mail address.
    ("DELETE", "/api/account/"),
}


@pytest.fixture
def token_header(db) -> dict[str, str]:
    _, plain = api_token_create(user=UserFactory(), name="schemathesis")
    # Each test runs inside one transaction; Django would close that connection at the start
    # and end of every in-process WSGI request (on PostgreSQL: "the connection is closed").
    # Its test client disconnects these signals the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Token {plain}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Loading the schema needs no database: the schema view is public and reads only code.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# The coverage phase sends every boundary and wrong-type value the schema defines (most of the
# module's ~12,000 requests, nine tenths of its time). It runs once, on PostgreSQL, the stricter
# database (it enforces the lengths and integer ranges SQLite lets through); the run on the
# embedded defaults keeps the examples and fuzzing phases. SCHEMATHESIS_COVERAGE=1 forces it.
schema.config.phases.coverage.enabled = (
    connection.vendor == "postgresql" or os.environ.get("SCHEMATHESIS_COVERAGE") == "1"
)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_honours_its_schema(case, token_header, acceptance_checks):
    case.call_and_validate(
        headers=token_header,
        excluded_checks=[positive_data_acceptance],
        additional_checks=acceptance_checks,
    )


def test_every_exemption_names_an_operation_of_the_schema():
    operations = {
        (method.upper(), path)
        for path, methods in schema.raw_schema["paths"].items()
        for method in methods
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert NOT_DESCRIBABLE_BY_THE_SCHEMA - operations == set()


def pytest_generate_tests(metafunc):
    """Parametrize each operation's test by whether valid data must be accepted.

    The parameter also gives each operation's test an id of its own: pytest 9.2 builds an id
    from the function's name and its parameters, so without one the tests schemathesis makes
    (one per operation) would share an id, and pytest-xdist's `--dist loadgroup` (`make test`)
    would run only the first of them.
    """
    operation = ApiOperationMark.get(metafunc.function)
    if operation is None:
        # A part of the schema schemathesis could not read: its test fails on its own.
        return
    if (operation.method.upper(), operation.path) in NOT_DESCRIBABLE_BY_THE_SCHEMA:
        metafunc.parametrize("acceptance_checks", [[]], ids=["valid-data-may-be-refused"])
    else:
        metafunc.parametrize(
            "acceptance_checks",
            [[valid_data_is_accepted_unless_it_names_missing_objects]],
            ids=["valid-data-is-accepted"],
        )


# Refusals that depend on stored state, not on the request's shape: a missing object, or a
# collection already at its limit (prepsite/limits.py).
_STATE_DEPENDENT = re.compile(
    r"does not exist|Invalid pk|Select a valid choice|You can keep at most|At most \d+"
)


def valid_data_is_accepted_unless_it_names_missing_objects(ctx, response, case):
    """Schemathesis's positive_data_acceptance, except for state-dependent refusals: an
    integer id is schema-valid, yet a request naming a missing row (or adding to a full
    collection) cannot be accepted."""
    if response.status_code == 400:
        try:
            fields = response.json().get("fields", {})
        except ValueError:
            fields = {}
        messages = [message for values in fields.values() for message in values]
        if messages and all(_STATE_DEPENDENT.search(message) for message in messages):
            return None
    return positive_data_acceptance(ctx, response, case)
