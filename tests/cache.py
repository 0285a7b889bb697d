"""The test cache, cleared without touching the other test processes' keys."""


def clear_this_process_cache() -> None:
    """Empty this process's cache. Tests call it rather than cache.clear()."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if isinstance(backend, RedisCache) and backend.key_prefix:
        # RedisCache.clear() is FLUSHDB: it would also empty the other xdist processes' keys
        # and the Celery queues in the same Redis database. Delete only this process's keys.
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        backend.clear()
