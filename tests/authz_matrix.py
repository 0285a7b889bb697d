"""Who may call each route: the declarative table tests/test_authz_matrix.py checks.

Every named route the URL resolver knows must have an entry here; a new route without one
fails the test. To add a route, add its resolver name ("namespace:name") with one of:

    PUBLIC                    anyone, no login (landing, health, the schema)
    LOGIN                     the signed-in user's own data, no object id in the URL
    OWNED(make, method="get") an object of the signed-in user: `make(user)` creates one and
                              returns the URL kwargs; another user gets 404 for it
    CAPABILITY                the URL's secret token is the credential (share links, feeds)
    SKIP("reason")            not checked here (third-party views), with the reason

Expected outcomes, per role:
    anonymous      PUBLIC: not 401/403;  others: API 401, pages a redirect to the login page;
                   CAPABILITY with an unknown token: 404 (or 400, never 200)
    revoked token  API routes other than PUBLIC: 401 (pages ignore tokens: as anonymous)
    owner          OWNED: neither 401, 403, 404 nor a server error
    other user     OWNED: 404 for the owner's object, although the other user has the same kind
                   of data of their own (the request runs before the owner's)
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Rule:
    kind: str
    make: Callable | None = None
    method: str = "get"
    reason: str = ""


PUBLIC = Rule("public")
LOGIN = Rule("login")
CAPABILITY = Rule("capability")


def OWNED(make: Callable, method: str = "get") -> Rule:
    return Rule("owned", make=make, method=method)


def SKIP(reason: str) -> Rule:
    return Rule("skip", reason=reason)


# --- object makers: create one object owned by `user`, return the URL kwargs ----------------


def _story(user):
    from tests.factories import StoryFactory

    return StoryFactory(owner=user)


def story(user) -> dict:
    return {"pk": _story(user).pk}


def story_child(user) -> dict:
    return {"story_pk": _story(user).pk}


def story_metric(user) -> dict:
    from tests.factories import StoryMetricFactory

    metric = StoryMetricFactory(story=_story(user))
    return {"story_pk": metric.story_id, "pk": metric.pk}


def story_usage(user) -> dict:
    from stories.services import story_usage_add

    usage = story_usage_add(story=_story(user), interview="Acme, round 1")
    return {"story_pk": usage.story_id, "pk": usage.pk}


def html_story_usage(user) -> dict:
    kwargs = story_usage(user)
    return {"pk": kwargs["story_pk"], "usage_pk": kwargs["pk"]}


def story_revision(user) -> dict:
    from stories.services import story_create

    return {"story_pk": story_create(owner=user, data={"title": "A story"}).pk, "number": 1}


def html_story_revision(user) -> dict:
    from stories.services import story_create

    return {"pk": story_create(owner=user, data={"title": "A story"}).pk, "number": 1}


def deleted_story(user) -> dict:
    from stories.services import story_soft_delete

    return {"pk": story_soft_delete(story=_story(user)).pk}


def practice_question_unlink(user) -> dict:
    from stories.models import PracticeQuestion

    return {"pk": PracticeQuestion.objects.first().pk, "story_pk": _story(user).pk}


def _portfolio(user):
    from portfolio.services import portfolio_get_or_create

    return portfolio_get_or_create(owner=user)


def case_study(user) -> dict:
    from tests.factories import CaseStudyFactory

    return {"pk": CaseStudyFactory(portfolio=_portfolio(user)).pk}


def decision_record(user) -> dict:
    from tests.factories import DecisionRecordFactory

    return {"pk": DecisionRecordFactory(portfolio=_portfolio(user)).pk}


def dashboard_metric(user) -> dict:
    from tests.factories import DashboardMetricFactory

    return {"pk": DashboardMetricFactory(portfolio=_portfolio(user)).pk}


def share_link(user) -> dict:
    from portfolio.services import share_link_create

    return {"pk": share_link_create(portfolio=_portfolio(user)).pk}


def portfolio_item(user) -> dict:
    return {"kind": "case-studies", **case_study(user)}


def sent_reminder(user) -> dict:
    from tests.factories import SentReminderFactory

    return {"pk": SentReminderFactory(owner=user).pk}


def _plan(user):
    from studyplan.models import Plan
    from studyplan.services import plan_create

    existing = Plan.objects.filter(owner=user).first()
    return existing or plan_create(
        user=user,
        level="L6",
        start_date=timezone.localdate() - datetime.timedelta(days=7),
        interview_date=None,
        hours_per_week=10,
        timezone_name="UTC",
        reminder_weekday=0,
        reminder_time=datetime.time(8, 0),
    )


def week(user) -> dict:
    return {"pk": _plan(user).weeks.order_by("number").first().pk}


def html_week(user) -> dict:
    return {"week_id": week(user)["pk"]}


def html_week_log(user) -> dict:
    return {**html_week(user), "kind": "coding"}


def goal(user) -> dict:
    from studyplan.models import Goal

    return {"pk": Goal.objects.filter(week__plan=_plan(user)).first().pk}


def html_goal(user) -> dict:
    return {"goal_id": goal(user)["pk"]}


def _mock(user):
    from studyplan.services import mock_interview_log

    return mock_interview_log(
        plan=_plan(user), interview_type="behavioural", held_on=timezone.localdate(), score=4
    )


def mock_interview(user) -> dict:
    return {"pk": _mock(user).pk}


def html_mock(user) -> dict:
    return {"mock_id": _mock(user).pk}


def activity(user) -> dict:
    return {"pk": _mock(user).activity_id}


def html_activity(user) -> dict:
    return {"activity_id": _mock(user).activity_id}


def review(user) -> dict:
    from studyplan.services import review_save

    plan = _plan(user)
    saved = review_save(
        plan=plan,
        week=plan.weeks.order_by("number").first(),
        went_well="",
        blockers="",
        next_week_focus="",
        self_rating=3,
    )
    return {"pk": saved.pk}


def readiness(user) -> dict:
    from studyplan.services import readiness_assessment_create

    assessment = readiness_assessment_create(
        user=user,
        level="L6",
        ratings=dict.fromkeys(
            ["coding", "system_design", "cloud_services", "distributed_systems", "ai_ml"], 3
        ),
        checklist=[],
        notes="",
    )
    return {"pk": assessment.pk}


def replan(user) -> dict:
    from studyplan.services import plan_replan

    return {"replan_id": plan_replan(plan=_plan(user), today=timezone.localdate()).pk}


# --- practice ---------------------------------------------------------------------------------


def _practice_item(user):
    from practice.services import item_create_private

    return item_create_private(user=user, area="coding", kind="problem", title="My own problem")


def practice_item(user) -> dict:
    return {"item_id": _practice_item(user).pk}


def api_practice_item(user) -> dict:
    return {"pk": _practice_item(user).pk}


def _practice_session(user):
    from practice.services import session_start

    return session_start(user=user, item=_practice_item(user), level="L6")


def practice_session(user) -> dict:
    return {"session_id": _practice_session(user).pk}


def api_practice_session(user) -> dict:
    return {"pk": _practice_session(user).pk}


def _mock_loop(user):
    from practice.services import mock_loop_create

    _plan(user)
    return mock_loop_create(
        user=user,
        title="Mock loop",
        held_on=timezone.localdate(),
        rounds=[{"interview_type": "behavioural", "principles": []}],
    )


def mock_loop(user) -> dict:
    return {"loop_id": _mock_loop(user).pk}


def api_mock_loop(user) -> dict:
    return {"pk": _mock_loop(user).pk}


def mock_loop_round(user) -> dict:
    loop = _mock_loop(user)
    return {"loop_id": loop.pk, "round_id": loop.rounds.first().pk}


# --- interviews -------------------------------------------------------------------------------


def _application(user):
    from interviews.services import application_create

    return application_create(
        owner=user, data={"company": "Acme", "role": "Engineering Manager", "level": "L6"}
    )


def application(user) -> dict:
    return {"pk": _application(user).pk}


def _loop(user, days_ahead: int = 30):
    from interviews.services import loop_create

    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return loop_create(
        application=_application(user), data={"kind": "onsite", "starts_on": day, "ends_on": day}
    )


def interview_loop(user) -> dict:
    return {"pk": _loop(user).pk}


def _round(user, days_ahead: int = 30):
    from interviews.services import round_create
    from stories.models import LeadershipPrinciple

    loop = _loop(user, days_ahead)
    starts = datetime.datetime.combine(loop.starts_on, datetime.time(9), tzinfo=datetime.UTC)
    return round_create(
        loop=loop,
        data={"starts_at": starts, "length_minutes": 60, "kind": "behavioural"},
        principles=list(LeadershipPrinciple.objects.order_by("pk")[:1]),
    )


def interview_round(user) -> dict:
    return {"pk": _round(user).pk}


def debriefed_round(user) -> dict:
    from interviews.services import debrief_save

    round_ = _round(user, days_ahead=-30)  # a debrief is for a round that has taken place
    debrief_save(round_=round_, asked="Tell me about a conflict.", self_score=3, stories=[])
    return {"pk": round_.pk}


def story_assignment(user) -> dict:
    from interviews.services import assignment_pin

    round_ = _round(user)
    assignment = assignment_pin(
        round_=round_, principle=round_.principles.first(), story=_story(user)
    )
    return {"pk": assignment.pk}


MATRIX: dict[str, Rule] = {
    # Site
    "landing": PUBLIC,
    "dashboard": LOGIN,
    "healthz": PUBLIC,
    # Account pages
    "accounts:profile": LOGIN,
    "accounts:api_tokens": LOGIN,
    "accounts:api_token_revoke": LOGIN,
    # API: reference data and documentation
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:leadership-principle-list": PUBLIC,
    "api:leadership-principle-detail": PUBLIC,
    "api:me": LOGIN,
    # API: stories
    "api:story-list": LOGIN,
    "api:story-detail": OWNED(story),
    "api:story-markdown": OWNED(story),
    "api:story-quality": OWNED(story),
    "api:story-revisions": OWNED(story),
    "api:story-undelete": OWNED(deleted_story, method="post"),
    "api:story-bank-markdown": LOGIN,
    "api:story-coverage": LOGIN,
    "api:story-deleted": LOGIN,
    "api:story-due": LOGIN,
    "api:story-metric-list": OWNED(story_child),
    "api:story-metric-detail": OWNED(story_metric),
    "api:story-usage-list": OWNED(story_child),
    "api:story-usage-detail": OWNED(story_usage, method="delete"),
    "api:rehearsal-list": OWNED(story_child),
    "api:story-revision-detail": OWNED(story_revision),
    "api:story-revision-restore": OWNED(story_revision, method="post"),
    "api:practice-question-list": LOGIN,
    "api:practice-question-detail": LOGIN,
    "api:practice-question-link": LOGIN,
    "api:practice-question-unlink": OWNED(practice_question_unlink, method="delete"),
    # API: portfolio
    "api:portfolio-summary": LOGIN,
    "api:portfolio-checklist": LOGIN,
    "api:portfolio-checklist-item": LOGIN,
    "api:portfolio-completeness": LOGIN,
    "api:portfolio-export": LOGIN,
    "api:portfolio-import": LOGIN,
    "api:portfolio-case-study-list": LOGIN,
    "api:portfolio-case-study-detail": OWNED(case_study),
    "api:portfolio-case-study-reorder": LOGIN,
    "api:portfolio-decision-record-list": LOGIN,
    "api:portfolio-decision-record-detail": OWNED(decision_record),
    "api:portfolio-decision-record-reorder": LOGIN,
    "api:portfolio-dashboard-metric-list": LOGIN,
    "api:portfolio-dashboard-metric-detail": OWNED(dashboard_metric),
    "api:portfolio-dashboard-metric-reorder": LOGIN,
    "api:portfolio-share-link-list": LOGIN,
    "api:portfolio-share-link-detail": OWNED(share_link),
    # API: study plan
    "api:plan": LOGIN,
    "api:plan-current-week": LOGIN,
    "api:plan-week-list": LOGIN,
    "api:plan-week-detail": OWNED(week),
    "api:plan-week-pause": OWNED(week, method="post"),
    "api:plan-week-skip": OWNED(week, method="post"),
    "api:plan-goal-list": LOGIN,
    "api:plan-goal-detail": OWNED(goal),
    "api:plan-activity-list": LOGIN,
    "api:plan-activity-detail": OWNED(activity),
    "api:plan-mock-interview-list": LOGIN,
    "api:plan-mock-interview-detail": OWNED(mock_interview),
    "api:plan-review-list": LOGIN,
    "api:plan-review-detail": OWNED(review),
    "api:plan-readiness-assessment-list": LOGIN,
    "api:plan-readiness-assessment-detail": OWNED(readiness),
    # API: reminders
    "api:reminder-preferences": LOGIN,
    "api:calendar-feed": LOGIN,
    "api:sent-reminder-list": LOGIN,
    "api:sent-reminder-detail": OWNED(sent_reminder),
    # Story pages
    "stories:list": LOGIN,
    "stories:create": LOGIN,
    "stories:matrix": LOGIN,
    "stories:questions": LOGIN,
    "stories:question_link": LOGIN,
    "stories:trash": LOGIN,
    "stories:bank_export": LOGIN,
    "stories:detail": OWNED(story),
    "stories:edit": OWNED(story),
    "stories:export": OWNED(story),
    "stories:history": OWNED(story),
    "stories:autosave": OWNED(story, method="post"),
    "stories:delete": OWNED(story, method="post"),
    "stories:undo_delete": OWNED(deleted_story, method="post"),
    "stories:rehearse": OWNED(story, method="post"),
    "stories:usage_add": OWNED(story, method="post"),
    "stories:usage_delete": OWNED(html_story_usage, method="post"),
    "stories:restore_revision": OWNED(html_story_revision, method="post"),
    # Portfolio pages
    "portfolio:home": LOGIN,
    "portfolio:summary": LOGIN,
    "portfolio:checklist": LOGIN,
    "portfolio:preview": LOGIN,
    "portfolio:metrics_dashboard": LOGIN,
    "portfolio:dashboard_suggest": LOGIN,
    "portfolio:case_study_create": LOGIN,
    "portfolio:decision_record_create": LOGIN,
    "portfolio:share_link_create": LOGIN,
    "portfolio:item_reorder": LOGIN,
    "portfolio:case_study_edit": OWNED(case_study),
    "portfolio:decision_record_edit": OWNED(decision_record),
    "portfolio:share_link_revoke": OWNED(share_link, method="post"),
    "portfolio:item_move": OWNED(portfolio_item, method="post"),
    "portfolio:item_delete": OWNED(portfolio_item, method="post"),
    "portfolio:shared": CAPABILITY,
    # Reminder pages
    "reminders:preferences": LOGIN,
    "reminders:sent_log": LOGIN,
    "reminders:calendar_feed_reset": LOGIN,
    "reminders:calendar_feed_disable": LOGIN,
    "reminders:calendar_feed": CAPABILITY,
    "reminders:unsubscribe": CAPABILITY,
    # Study plan pages
    "studyplan:week_current": LOGIN,
    "studyplan:outline": LOGIN,
    "studyplan:onboarding": LOGIN,
    "studyplan:regenerate": LOGIN,
    "studyplan:readiness": LOGIN,
    "studyplan:week": OWNED(html_week),
    "studyplan:week_edit": OWNED(html_week),
    "studyplan:week_practice": OWNED(html_week),
    "studyplan:week_activities": OWNED(html_week),
    "studyplan:week_pause": OWNED(html_week, method="post"),
    "studyplan:week_skip": OWNED(html_week, method="post"),
    "studyplan:review_save": OWNED(html_week, method="post"),
    "studyplan:goal_add": OWNED(html_week, method="post"),
    "studyplan:activity_log": OWNED(html_week_log, method="post"),
    "studyplan:goal_log": OWNED(html_goal, method="post"),
    "studyplan:goal_delete": OWNED(html_goal, method="post"),
    "studyplan:activity_edit": OWNED(html_activity),
    "studyplan:activity_delete": OWNED(html_activity, method="post"),
    "studyplan:mock_edit": OWNED(html_mock),
    # Account data pages and API
    "accounts:data": LOGIN,
    "accounts:data_export": LOGIN,
    "accounts:data_import": LOGIN,
    "accounts:delete": LOGIN,
    "api:account": LOGIN,
    "api:account-export": LOGIN,
    "api:account-import": LOGIN,
    "api:unsubscribe-links-rotate": LOGIN,
    "reminders:unsubscribe_links_rotate": LOGIN,
    "portfolio:import": LOGIN,
    # Study plan steering
    "studyplan:preview": LOGIN,
    "studyplan:replan": LOGIN,
    "studyplan:replan_undo": OWNED(replan, method="post"),
    "api:plan-preview": LOGIN,
    "api:plan-readiness": LOGIN,
    "api:plan-replan": LOGIN,
    "api:plan-replan-undo": OWNED(replan, method="post"),
    # Practice pages
    "practice:library": LOGIN,
    "practice:item_new": LOGIN,
    "practice:loops": LOGIN,
    "practice:item": OWNED(practice_item),
    "practice:item_hide": OWNED(practice_item, method="post"),
    "practice:item_done": OWNED(practice_item, method="post"),
    "practice:session_start": OWNED(practice_item, method="post"),
    "practice:session": OWNED(practice_session),
    "practice:session_draft": OWNED(practice_session, method="post"),
    "practice:session_finish": OWNED(practice_session, method="post"),
    "practice:loop": OWNED(mock_loop),
    "practice:round_score": OWNED(mock_loop_round, method="post"),
    # Practice API
    "api:practice-item-list": LOGIN,
    "api:practice-item-detail": OWNED(api_practice_item),
    "api:practice-item-hide": OWNED(api_practice_item, method="post"),
    "api:practice-session-list": LOGIN,
    "api:practice-session-detail": OWNED(api_practice_session),
    "api:practice-session-draft": OWNED(api_practice_session, method="post"),
    "api:practice-session-finish": OWNED(api_practice_session, method="post"),
    "api:practice-mock-loop-list": LOGIN,
    "api:practice-mock-loop-detail": OWNED(api_mock_loop),
    "api:practice-round-score": OWNED(mock_loop_round, method="post"),
    "api:practice-scores": LOGIN,
    # Interview pages
    "interviews:board": LOGIN,
    "interviews:list": LOGIN,
    "interviews:application_create": LOGIN,
    "interviews:application": OWNED(application),
    "interviews:application_edit": OWNED(application),
    "interviews:application_delete": OWNED(application, method="post"),
    "interviews:application_move": OWNED(application, method="post"),
    "interviews:application_portfolio": OWNED(application),
    "interviews:loop_create": OWNED(application),
    "interviews:loop": OWNED(interview_loop),
    "interviews:loop_edit": OWNED(interview_loop),
    "interviews:loop_delete": OWNED(interview_loop, method="post"),
    "interviews:loop_plan": OWNED(interview_loop, method="post"),
    "interviews:loop_amazon_split": OWNED(interview_loop, method="post"),
    "interviews:loop_follow": OWNED(interview_loop, method="post"),
    "interviews:loop_brief": OWNED(interview_loop),
    "interviews:round_create": OWNED(interview_loop),
    "interviews:round_edit": OWNED(interview_round),
    "interviews:round_delete": OWNED(interview_round, method="post"),
    "interviews:round_pin": OWNED(interview_round),
    "interviews:round_debrief": OWNED(interview_round),
    "interviews:assignment_unpin": OWNED(story_assignment, method="post"),
    # Interviews API
    "api:interviews-application-list": LOGIN,
    "api:interviews-application-detail": OWNED(application),
    "api:interviews-application-move": OWNED(application, method="post"),
    "api:interviews-loop-list": LOGIN,
    "api:interviews-loop-detail": OWNED(interview_loop),
    "api:interviews-loop-plan": OWNED(interview_loop, method="post"),
    "api:interviews-loop-amazon-split": OWNED(interview_loop, method="post"),
    "api:interviews-loop-brief": OWNED(interview_loop),
    "api:interviews-round-list": LOGIN,
    "api:interviews-round-detail": OWNED(interview_round),
    "api:interviews-round-pin": OWNED(interview_round, method="post"),
    "api:interviews-round-debrief": OWNED(debriefed_round),
}

# Whole namespaces owned by third-party code, with the reason they are not in the table.
SKIPPED_PREFIXES = {
    "admin:": "Django admin: staff only, guarded by Django's own admin site.",
    "account_": "django-allauth's sign-in, sign-up and password views: public by design.",
    "socialaccount_": "django-allauth.",
}
