"""Every route x {anonymous, revoked token, owner, other user}, from tests/authz_matrix.py."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts.services import api_token_create, api_token_revoke
from tests.authz_matrix import MATRIX, SKIPPED_PREFIXES, Rule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Placeholder URL arguments for routes whose object does not matter to the check.
DUMMY_KWARGS = {
    "pk": 999_999,
    "story_pk": 999_999,
    "usage_pk": 999_999,
    "week_id": 999_999,
    "goal_id": 999_999,
    "activity_id": 999_999,
    "mock_id": 999_999,
    "item_id": 999_999,
    "session_id": 999_999,
    "loop_id": 999_999,
    "round_id": 999_999,
    "replan_id": 999_999,
    "number": 1,
    "slug": "ownership",
    "item": "no-such-item",
    "token": "no-such-token",
    "token_key": "nosuchkey",
    "kind": "case-studies",
}


def _route_names(patterns=None, namespace: str = "") -> list[tuple[str, list[str]]]:
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else inner
            routes += _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            routes.append((name, list(pattern.pattern.regex.groupindex)))
    return routes


ROUTES = sorted(
    {
        name: groups
        for name, groups in _route_names()
        if not any(name.startswith(prefix) for prefix in SKIPPED_PREFIXES)
    }.items()
)


def test_every_route_has_an_entry_in_the_matrix():
    missing = [name for name, _ in ROUTES if name not in MATRIX]
    assert not missing, f"Add these routes to tests/authz_matrix.py: {missing}"


def test_the_matrix_names_no_route_that_does_not_exist():
    assert not set(MATRIX) - {name for name, _ in ROUTES}


def _url(name: str, groups: list[str], kwargs: dict | None = None) -> str:
    return reverse(name, kwargs=kwargs or {group: DUMMY_KWARGS[group] for group in groups})


def _call(client, method: str, url: str):
    return getattr(client, method)(url)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "groups"), ROUTES, ids=[name for name, _ in ROUTES])
def test_anonymous_and_revoked_token(name: str, groups: list[str]):
    rule: Rule = MATRIX.get(name) or pytest.skip("no entry (reported by the completeness test)")
    if rule.kind == "skip":
        pytest.skip(rule.reason)
    url = _url(name, groups)
    anonymous = _call(APIClient(), rule.method, url)
    is_api = name.startswith("api:")
    if rule.kind == "public":
        assert anonymous.status_code not in {401, 403} and anonymous.status_code < 500
    elif rule.kind == "capability":
        # Refused without telling whether the token ever existed (unsubscribe says "invalid").
        assert anonymous.status_code in {400, 404}, anonymous.status_code
    elif is_api:
        assert anonymous.status_code == 401, anonymous.status_code
    else:
        assert _is_login_redirect(anonymous) or anonymous.status_code == 405, anonymous

    user = UserFactory()
    token, plain = api_token_create(user=user, name="matrix")
    api_token_revoke(user=user, token_key=token.token_key)
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    answer = _call(revoked, rule.method, url)
    if is_api and rule.kind != "public":
        assert answer.status_code == 401, answer.status_code
    else:
        assert answer.status_code < 500


OWNED_ROUTES = [
    (name, groups) for name, groups in ROUTES if MATRIX.get(name, Rule("")).kind == "owned"
]


@pytest.mark.parametrize(("name", "groups"), OWNED_ROUTES, ids=[n for n, _ in OWNED_ROUTES])
def test_owner_reaches_and_other_user_gets_404(name: str, groups: list[str]):
    rule = MATRIX[name]
    owner, other = UserFactory(), UserFactory()
    url = _url(name, groups, rule.make(owner))
    rule.make(other)  # the stranger has a plan, stories... of their own, just not this one

    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        client.force_login(user)
        return client

    stranger = _call(client_for(other), rule.method, url)
    assert stranger.status_code == 404, (name, stranger.status_code)
    mine = _call(client_for(owner), rule.method, url)
    assert mine.status_code not in {401, 403, 404} and mine.status_code < 500, (
        name,
        mine.status_code,
    )
