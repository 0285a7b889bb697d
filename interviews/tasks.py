"""Celery entry points for interview reminders."""

from celery import shared_task
from django.utils import timezone

from interviews.notifications import interview_reminders_dispatch


@shared_task(ignore_result=True)
def interview_reminders_dispatch_task() -> int:
    return interview_reminders_dispatch(now=timezone.now())
