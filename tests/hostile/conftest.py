import datetime

import pytest
from django.utils import timezone

from studyplan.services import mock_interview_log, plan_create


@pytest.fixture
def mock_for():
    def make(owner):
        plan = plan_create(
            user=owner,
            level="L6",
            start_date=timezone.localdate() - datetime.timedelta(days=7),
            interview_date=None,
            hours_per_week=10,
            timezone_name="UTC",
            reminder_weekday=0,
            reminder_time=datetime.time(8, 0),
        )
        return mock_interview_log(
            plan=plan, interview_type="behavioural", held_on=timezone.localdate(), score=4
        )

    return make
