from celery import shared_task

from studyplan import services


@shared_task(ignore_result=True)
def studyplan_replan_weekly_task() -> int:
    """Hourly: re-plan the plans whose week has just closed in their owner's time zone."""
    return services.plans_replan_weekly()
