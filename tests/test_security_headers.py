"""Content-Security-Policy: sent on every page, and no page relies on inline script."""

import re

import pytest
from django.urls import reverse

from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

# A <script> without src runs inline, unless it is a JSON data block (json_script, allauth).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)

ANONYMOUS_PAGES = ["landing", "account_login", "account_signup", "account_reset_password"]
USER_PAGES = [
    "dashboard",
    "accounts:profile",
    "accounts:api_tokens",
    "accounts:data",
    "account_change_password",
    "account_email",
    "stories:list",
    "stories:create",
    "stories:matrix",
    "portfolio:home",
    "reminders:preferences",
    "studyplan:onboarding",
    "api:docs",
]


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def _assert_no_inline_script(body: str) -> None:
    assert INLINE_SCRIPT.findall(body) == []
    assert INLINE_HANDLER.findall(body) == []
    assert JAVASCRIPT_URL.findall(body) == []


def test_policy_allows_scripts_only_from_this_site(client):
    policy = _policy(client.get(reverse("landing")))

    assert policy["script-src"] == "script-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-eval" not in " ".join(policy.values())


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages_send_the_policy_and_carry_no_inline_script(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    _assert_no_inline_script(response.content.decode())


@pytest.mark.parametrize("name", USER_PAGES)
def test_signed_in_pages_send_the_policy_and_carry_no_inline_script(user_client, name):
    response = user_client.get(reverse(name), follow=True)

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    _assert_no_inline_script(response.content.decode())


def test_story_pages_carry_no_inline_script(user_client, user):
    story = StoryFactory(owner=user)

    for name in ["stories:detail", "stories:edit"]:
        url = reverse(name, args=[story.pk])
        response = user_client.get(url)
        assert response.status_code == 200
        _assert_no_inline_script(response.content.decode())


def test_every_template_is_free_of_inline_script():
    from django.conf import settings

    offenders = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text) or JAVASCRIPT_URL.search(text):
            offenders.append(str(path.relative_to(settings.BASE_DIR)))

    assert offenders == []
