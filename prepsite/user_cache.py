"""Derived values cached per user, dropped explicitly by the services that change their inputs.

Each (user, scope) has a version token; a cached value is stored with the tokens of the scopes
it was computed under and counts only while they are all current. `user_cache_invalidate`
replaces a token, so every value of that scope is dropped at once without listing keys, and a
read fetches the tokens and the value in one round trip to the cache. Tokens are random rather
than counters: a token the cache evicted comes back as a new one, never as an old number whose
values could still be stored.

The token changes when the writing transaction commits. A reader that raced the write either
used the old token (and stored a value nobody reads any more) or sees the committed data.
"""

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

CACHED_VALUE_SECONDS = 24 * 3600


def _token_key(user_id: int, scope: str) -> str:
    return f"user-cache-token:{scope}:{user_id}"


def user_cached(
    user_id: int,
    scope: str | tuple[str, ...],
    name: str,
    compute: Callable[[], Any],
    *,
    valid_until: Callable[[Any], datetime.datetime | None] | None = None,
) -> Any:
    """`compute()`, or its value cached for this user since its scope (or any of a tuple of
    scopes, for a value derived from several apps' data) last changed.

    `valid_until(value)` gives the moment a value stops being true without any write (the
    next interview once it has started, a review once it falls due); None: until a write.
    """
    scopes = (scope,) if isinstance(scope, str) else scope
    token_keys = [_token_key(user_id, each) for each in scopes]
    # "v2": an entry holds (tokens, value, valid until); entries written before had no expiry.
    value_key = f"user-cache:v2:{'+'.join(scopes)}:{user_id}:{name}"
    found = cache.get_many([*token_keys, value_key])
    tokens = []
    for token_key in token_keys:
        token = found.get(token_key)
        if token is None:
            cache.add(token_key, uuid.uuid4().hex, None)
            token = cache.get(token_key)
        tokens.append(token)
    stored = found.get(value_key)
    if stored is not None:
        stored_tokens, value, expires_at = stored
        if stored_tokens == tokens and (expires_at is None or timezone.now() < expires_at):
            return value
    value = compute()
    expires_at = valid_until(value) if valid_until else None
    cache.set(value_key, (tokens, value, expires_at), CACHED_VALUE_SECONDS)
    return value


def user_cache_invalidate(user_id: int, *scopes: str) -> None:
    """Drop this user's cached values of `scopes` once the current transaction commits."""

    def replace_tokens() -> None:
        cache.set_many({_token_key(user_id, scope): uuid.uuid4().hex for scope in scopes}, None)

    transaction.on_commit(replace_tokens)
