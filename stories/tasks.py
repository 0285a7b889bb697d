from celery import shared_task

from stories import services


@shared_task
def stories_purge_expired_deletions_task() -> int:
    return services.story_purge_expired_deletions()
