import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from portfolio.selectors import document_identity_for_user
from portfolio.services import document_identity_update
from practice.selectors import practice_scores_by_area, week_suggestions
from prepsite.views import local_url_or
from stories.models import LeadershipPrinciple
from studyplan import charts, selectors, services, wording
from studyplan.dates import local_today, monday_of
from studyplan.forms import (
    PREVIEW_FIELDS,
    CodingLogForm,
    CustomGoalForm,
    MockInterviewLogForm,
    OnboardingForm,
    PlanSettingsForm,
    ReadinessForm,
    RegenerateForm,
    ReviewForm,
    StarStoryLogForm,
    StudySessionLogForm,
    SystemDesignLogForm,
    WeekEditForm,
)
from studyplan.models import (
    Activity,
    ActivityKind,
    Goal,
    MockInterview,
    Plan,
    PlanWeek,
    Replan,
)
from studyplan.plan_template import load_plan_template


@dataclass(frozen=True)
class LogKind:
    label: str
    noun: str  # the label as it reads inside a sentence
    form_class: type[forms.Form]
    log: Callable[[Plan, dict], object]
    day_field: str = "occurred_on"


def _activity_logger(kind: str) -> Callable[[Plan, dict], object]:
    def log(plan: Plan, data: dict) -> object:
        return services.activity_log(
            plan=plan, kind=kind, **{**data, "minutes": data.get("minutes") or 0}
        )

    return log


def _log_mock(plan: Plan, data: dict) -> object:
    return services.mock_interview_log(plan=plan, **{**data, "minutes": data["minutes"] or 0})


LOG_KINDS: dict[str, LogKind] = {
    "coding": LogKind(
        "Coding problem", "coding problem", CodingLogForm, _activity_logger(ActivityKind.CODING)
    ),
    "system-design": LogKind(
        "System-design problem",
        "system-design problem",
        SystemDesignLogForm,
        _activity_logger(ActivityKind.SYSTEM_DESIGN),
    ),
    "mock-interview": LogKind(
        "Mock interview (held or planned)",
        "mock interview",
        MockInterviewLogForm,
        _log_mock,
        "held_on",
    ),
    "star-story": LogKind(
        "STAR story (adds it to your story bank)",
        "STAR story",
        StarStoryLogForm,
        _activity_logger(ActivityKind.STAR_STORY),
    ),
    "study-session": LogKind(
        "Study session",
        "study session",
        StudySessionLogForm,
        _activity_logger(ActivityKind.STUDY_SESSION),
    ),
}
# Activities edited with the form they were logged with. Custom-goal ticks are only deleted,
# mock interviews have their own form, and another app's activities are that app's to change.
EDIT_FORMS: dict[str, type[forms.Form]] = {
    ActivityKind.CODING: CodingLogForm,
    ActivityKind.SYSTEM_DESIGN: SystemDesignLogForm,
    ActivityKind.STAR_STORY: StarStoryLogForm,
    ActivityKind.STUDY_SESSION: StudySessionLogForm,
}


def _log_form(page: selectors.WeekPage, slug: str) -> forms.Form:
    kind = LOG_KINDS[slug]
    day = selectors.default_log_day(page.summary.week, page.summary.today)
    extra = {"principles": page.principles} if slug == "mock-interview" else {}
    return kind.form_class(initial={kind.day_field: day}, auto_id=f"id_{slug}_%s", **extra)


def _log_forms(
    page: selectors.WeekPage, bound: dict[str, forms.Form], open_log: str
) -> list[tuple]:
    """Each kind's log form, built only where it shows: the one open on the page.

    The others sit in closed panels and are fetched when opened (activity_log's GET): building
    and rendering five forms on every view of the week took a third of the page's time.
    """
    result = []
    for slug, kind in LOG_KINDS.items():
        form = bound.get(slug)
        if form is None and slug == open_log:
            form = _log_form(page, slug)
        if form is not None:
            form.auto_id = f"id_{slug}_%s"
        result.append((slug, kind, form))
    return result


def _render_week(
    request: HttpRequest,
    page: selectors.WeekPage,
    *,
    bound: dict[str, forms.Form] | None = None,
    open_log: str = "",
    notice: str = "",
    review_form: ReviewForm | None = None,
) -> HttpResponse:
    context = {
        "page": page,
        "summary": page.summary,
        "log_forms": _log_forms(page, bound or {}, open_log),
        "open_log": open_log,
        "notice": notice,
        "goal_form": CustomGoalForm(auto_id="id_goal_%s"),
        "review_form": review_form or ReviewForm(initial=_review_initial(page)),
        # Where the practise section's buttons come back to: a refused form is drawn at its
        # own POST-only address, so that is never the way back.
        "week_path": request.get_full_path()
        if request.method == "GET"
        else reverse("studyplan:week", args=[page.summary.week.pk]),
    }
    template = "studyplan/partials/week_live.html" if request.htmx else "studyplan/week.html"
    return render(request, template, context)


def _review_initial(page: selectors.WeekPage) -> dict:
    review = page.review
    if review is None:
        return {}
    return {
        "went_well": review.went_well,
        "blockers": review.blockers,
        "next_week_focus": review.next_week_focus,
        "self_rating": review.self_rating,
    }


def _week_page_or_onboarding(request: HttpRequest, week_id: int | None):
    page = selectors.week_page_cached(user=request.user, week_id=week_id)
    if page is None:
        messages.info(request, "Set up your study plan first: it takes a minute.")
    return page


@login_required
def week_current(request: HttpRequest) -> HttpResponse:
    page = _week_page_or_onboarding(request, None)
    if page is None:
        return redirect("studyplan:onboarding")
    return _render_week(request, page)


@login_required
def week_detail(request: HttpRequest, week_id: int) -> HttpResponse:
    page = _week_page_or_onboarding(request, week_id)
    if page is None:
        return redirect("studyplan:onboarding")
    return _render_week(request, page)


@login_required
@require_http_methods(["GET", "POST"])
def activity_log(request: HttpRequest, week_id: int, kind: str) -> HttpResponse:
    log_kind = LOG_KINDS.get(kind)
    page = selectors.week_page_cached(user=request.user, week_id=week_id)
    if log_kind is None or page is None:
        raise Http404("Nothing to log here.")
    if request.method == "GET":
        if request.htmx:
            context = {"week": page.summary.week, "slug": kind, "kind": log_kind}
            context["form"] = _log_form(page, kind)
            return render(request, "studyplan/partials/log_form.html", context)
        return _render_week(request, page, open_log=kind)
    extra = {"principles": page.principles} if kind == "mock-interview" else {}
    form = log_kind.form_class(request.POST, **extra)
    logged = None
    if form.is_valid():
        try:
            logged = log_kind.log(page.summary.plan, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _render_week(request, page, bound={kind: form}, open_log=kind)
    today = page.summary.today
    if isinstance(logged, MockInterview) and not logged.is_held(today):
        notice = f"{wording.pending_mock_text(logged, today)}."
    elif kind == "star-story":
        notice = (
            f"Added to your story bank with the status “{services.LOGGED_STORY_STATUS.label}”: "
            "it counts toward the STAR-story goal once you document it there."
        )
    else:
        notice = f"Logged: {log_kind.noun}."
    if request.htmx:
        fresh = selectors.week_page_cached(user=request.user, week_id=week_id)
        return _render_week(request, fresh, open_log=kind, notice=notice)
    messages.success(request, notice)
    return redirect("studyplan:week", week_id=week_id)


def _own_goal(request: HttpRequest, goal_id: int) -> Goal:
    return get_object_or_404(
        Goal.objects.filter(week__plan__owner=request.user).select_related("week__plan__owner"),
        pk=goal_id,
    )


@login_required
@require_POST
def goal_log(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _own_goal(request, goal_id)
    day = selectors.default_log_day(goal.week, local_today(request.user.timezone))
    try:
        services.activity_log(
            plan=goal.week.plan,
            kind=ActivityKind.CUSTOM,
            occurred_on=day,
            title=goal.title,
            goal=goal,
        )
        notice = f"Logged progress on “{goal.title}”."
    except ValidationError as error:
        notice = " ".join(error.messages)
    if request.htmx:
        page = selectors.week_page_cached(user=request.user, week_id=goal.week_id)
        return _render_week(request, page, notice=notice)
    messages.info(request, notice)
    return redirect("studyplan:week", week_id=goal.week_id)


def _own_week(request: HttpRequest, week_id: int) -> PlanWeek:
    return get_object_or_404(
        PlanWeek.objects.filter(plan__owner=request.user).select_related("plan__owner"),
        pk=week_id,
    )


@login_required
@require_POST
def goal_add(request: HttpRequest, week_id: int) -> HttpResponse:
    week = _own_week(request, week_id)
    form = CustomGoalForm(request.POST, auto_id="id_goal_%s")
    if form.is_valid():
        try:
            services.goal_create_custom(week=week, **form.cleaned_data)
            messages.success(request, "Custom goal added.")
            return redirect("studyplan:week", week_id=week.pk)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "studyplan/goal_form.html", {"form": form, "week": week})


@login_required
def goal_delete(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = _own_goal(request, goal_id)
    if request.method == "POST":
        try:
            services.goal_delete(goal=goal)
            messages.success(request, f"Removed the goal “{goal.title}”.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("studyplan:week", week_id=goal.week_id)
    return render(request, "studyplan/goal_confirm_delete.html", {"goal": goal})


@login_required
def week_practice(request: HttpRequest, week_id: int) -> HttpResponse:
    """What to practise this week. The week page loads it after itself (htmx), since picking
    from the library took a third of the page's time; without JavaScript it is a page."""
    week = _own_week(request, week_id)
    context = {
        "week": week,
        "practice_suggestions": week_suggestions(user=request.user, week=week),
        "next": local_url_or(
            request, request.GET.get("next", ""), reverse("studyplan:week", args=[week.pk])
        ),
    }
    if request.htmx:
        return render(request, "practice/partials/week_suggestions.html", context)
    return render(request, "studyplan/week_practice.html", context)


@login_required
def week_activities(request: HttpRequest, week_id: int) -> HttpResponse:
    """The next page of the week's logged activities: rows appended by the week page's "Show
    more" (htmx), or a page of their own without JavaScript."""
    week = _own_week(request, week_id)
    activities = selectors.week_activity_list(
        user=request.user, week=week, today=local_today(request.user.timezone)
    )
    page = Paginator(activities, selectors.WEEK_ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "week": week,
        "page_of_activities": page,
        "activity_rows": selectors.with_mock_principles(
            user=request.user, week=week, activities=list(page.object_list)
        ),
        "next_page": page.next_page_number() if page.has_next() else None,
    }
    if request.htmx:
        return render(request, "studyplan/partials/activity_rows.html", context)
    context |= {"standalone": True, "per_page": selectors.WEEK_ACTIVITIES_PER_PAGE}
    return render(request, "studyplan/week_activities.html", context)


@login_required
def week_edit(request: HttpRequest, week_id: int) -> HttpResponse:
    week = _own_week(request, week_id)
    goals = list(week.goals.all())
    initial = {"focus": week.focus, "goals_text": week.goals_text}
    form = WeekEditForm(request.POST or None, initial=initial, goals=goals)
    if request.method == "POST" and form.is_valid():
        services.week_update(
            week=week,
            focus=form.cleaned_data["focus"],
            goals_text=form.cleaned_data["goals_text"],
            targets=form.targets(),
        )
        messages.success(request, "Week saved.")
        return redirect("studyplan:week", week_id=week.pk)
    return render(request, "studyplan/week_edit.html", {"form": form, "week": week})


def _shift_week(request: HttpRequest, week_id: int, action: str) -> HttpResponse:
    week = _own_week(request, week_id)
    if request.method == "POST":
        try:
            if action == "pause":
                services.week_pause(week=week)
                messages.success(request, "This week is now a break; the rest moved a week later.")
            else:
                services.week_skip(week=week)
                messages.success(
                    request, "Week skipped; the rest of the plan moved a week earlier."
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("studyplan:week", week_id=week.pk)
        return redirect("studyplan:week_current")
    return render(request, "studyplan/week_shift_confirm.html", {"week": week, "action": action})


@login_required
def week_pause(request: HttpRequest, week_id: int) -> HttpResponse:
    return _shift_week(request, week_id, "pause")


@login_required
def week_skip(request: HttpRequest, week_id: int) -> HttpResponse:
    return _shift_week(request, week_id, "skip")


@login_required
@require_POST
def review_save(request: HttpRequest, week_id: int) -> HttpResponse:
    week = _own_week(request, week_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_save(plan=week.plan, week=week, **form.cleaned_data)
            messages.success(request, "Weekly review saved.")
            return redirect("studyplan:week", week_id=week.pk)
        except ValidationError as error:
            form.add_error(None, error)
    page = selectors.week_page_cached(user=request.user, week_id=week.pk)
    return _render_week(request, page, review_form=form)


def _own_activity(request: HttpRequest, activity_id: int) -> Activity:
    return get_object_or_404(Activity.objects.filter(owner=request.user), pk=activity_id)


def _week_of_day(request: HttpRequest, day: datetime.date) -> PlanWeek | None:
    return PlanWeek.objects.filter(plan__owner=request.user, starts_on=monday_of(day)).first()


def _back_to_week(
    request: HttpRequest, *, shown_on: datetime.date, now_on: datetime.date, notice: str
) -> HttpResponse:
    """After an edit or delete: htmx gets the week's live part, unless the entry moved weeks."""
    week = _week_of_day(request, now_on)
    url = reverse("studyplan:week", args=[week.pk]) if week else reverse("studyplan:week_current")
    if request.htmx and week and monday_of(shown_on) == week.starts_on:
        page = selectors.week_page_cached(user=request.user, week_id=week.pk)
        return _render_week(request, page, notice=notice)
    messages.success(request, notice)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _render_edit(
    request: HttpRequest, form: forms.Form, *, heading: str, day, focus: str = ""
) -> HttpResponse:
    week = _week_of_day(request, day)
    if request.htmx:
        # Swapped into the week page: htmx moves keyboard focus to the autofocus field.
        field = form.fields[focus] if focus else next(iter(form.fields.values()))
        field.widget.attrs["autofocus"] = True
    context = {
        "form": form,
        "heading": heading,
        "action": request.path,
        "week_url": reverse("studyplan:week", args=[week.pk])
        if week
        else reverse("studyplan:week_current"),
        "inline": bool(request.htmx),
    }
    template = "studyplan/partials/entry_edit.html" if request.htmx else "studyplan/entry_edit.html"
    return render(request, template, context)


@login_required
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _own_activity(request, activity_id)
    if activity.kind == ActivityKind.MOCK_INTERVIEW:
        return redirect("studyplan:mock_edit", mock_id=activity.mock_interview.pk)
    form_class = EDIT_FORMS.get(activity.kind)
    if form_class is None or activity.source_key:
        raise Http404("This entry cannot be edited here.")
    shown_on = activity.occurred_on
    initial = {name: getattr(activity, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial, auto_id="id_edit_%s")
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "minutes": form.cleaned_data.get("minutes") or 0}
        try:
            services.activity_update(activity=activity, plan=_own_plan(request), **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = f"Saved “{activity.title}”."
            return _back_to_week(
                request, shown_on=shown_on, now_on=activity.occurred_on, notice=notice
            )
    heading = f"Edit “{activity.title}”"
    return _render_edit(request, form, heading=heading, day=shown_on)


def _mock_heading(mock: MockInterview, today: datetime.date) -> str:
    when = wording.short_day(mock.held_on)
    if mock.score is None and mock.held_on <= today:
        return f"Record the result: {mock.short_name.lower()} on {when}"
    planned = "planned " if mock.held_on > today else ""
    return f"Edit the {planned}{mock.short_name.lower()} on {when}"


def _mock_initial(mock: MockInterview) -> dict:
    fields = ("interview_type", "held_on", "interviewer", "score", "feedback", "follow_ups")
    return {name: getattr(mock, name) for name in fields} | {
        "minutes": mock.activity.minutes,
        "principles": list(mock.principles.values_list("pk", flat=True)),
    }


@login_required
def mock_edit(request: HttpRequest, mock_id: int) -> HttpResponse:
    """Change a mock interview; for a planned one, record its score and feedback afterwards."""
    mock = get_object_or_404(
        MockInterview.objects.filter(owner=request.user).select_related("activity"), pk=mock_id
    )
    # Taken before the service sets the posted values on the instance.
    today = local_today(request.user.timezone)
    shown_on, heading = mock.held_on, _mock_heading(mock, today)
    focus = "score" if mock.score is None and mock.held_on <= today else ""
    principles = list(LeadershipPrinciple.objects.order_by("display_order"))
    form = MockInterviewLogForm(
        request.POST or None,
        initial=_mock_initial(mock),
        principles=principles,
        auto_id="id_edit_%s",
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        minutes = data.pop("minutes") or 0
        try:
            services.mock_interview_update(
                mock=mock, plan=_own_plan(request), minutes=minutes, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = f"Saved the {mock.short_name.lower()} on {wording.short_day(mock.held_on)}."
            return _back_to_week(request, shown_on=shown_on, now_on=mock.held_on, notice=notice)
    return _render_edit(request, form, heading=heading, day=shown_on, focus=focus)


@login_required
def activity_delete(request: HttpRequest, activity_id: int) -> HttpResponse:
    """GET asks for confirmation (the no-JS path); POST deletes, mock interview included."""
    activity = _own_activity(request, activity_id)
    if request.method != "POST":
        week = _week_of_day(request, activity.occurred_on)
        context = {"activity": activity, "week": week}
        return render(request, "studyplan/activity_confirm_delete.html", context)
    services.activity_delete(activity=activity)
    day = activity.occurred_on
    return _back_to_week(request, shown_on=day, now_on=day, notice=f"Deleted “{activity.title}”.")


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    if selectors.plan_for_user(user=request.user) is not None:
        return redirect("studyplan:week_current")
    user = request.user
    initial = {
        "level": "L6",
        "start_date": local_today(user.timezone),
        "timezone": user.timezone,
        "reminder_weekday": user.reminder_weekday,
        "reminder_time": user.reminder_time,
        **document_identity_for_user(user=user),
    }
    form = OnboardingForm(request.POST or None, initial=initial)
    form.enable_preview(reverse("studyplan:preview"))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=user, **form.plan_settings())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            document_identity_update(user=user, **form.profile_settings())
            weeks = plan.weeks.count()
            messages.success(request, f"Your {weeks}-week {plan.level} plan is ready.")
            return redirect("studyplan:outline")
    context = {
        "form": form,
        **_preview_context(form),
        "level_expectations": selectors.level_expectations(),
    }
    return render(request, "studyplan/onboarding.html", context)


def _preview_context(form: forms.Form) -> dict:
    """The hours preview for the form's answers (bound or initial); none while they are invalid."""
    if form.is_bound:
        data = PlanSettingsForm(form.data)
        if not data.is_valid():
            return {"preview": None, "preview_errors": True}
        answers = data.cleaned_data
    else:
        answers = {key: form.initial.get(key, form.fields[key].initial) for key in PREVIEW_FIELDS}
    try:
        services.validate_plan_dates(
            start_date=answers["start_date"], interview_date=answers.get("interview_date")
        )
    except ValidationError:
        return {"preview": None, "preview_errors": True}
    preview = selectors.plan_preview(**{key: answers.get(key) for key in PREVIEW_FIELDS})
    return {
        "preview": preview,
        "preview_rows": selectors.plan_preview_rows(preview),
        "level": answers["level"],
    }


@login_required
@require_POST
def plan_preview(request: HttpRequest) -> HttpResponse:
    """htmx: how the level's hours fit the answers so far, before the plan is saved."""
    context = _preview_context(PlanSettingsForm(request.POST))
    return render(request, "studyplan/partials/plan_preview.html", context)


def _own_plan(request: HttpRequest) -> Plan:
    return get_object_or_404(Plan.objects.filter(owner=request.user))


@login_required
def plan_regenerate(request: HttpRequest) -> HttpResponse:
    plan = _own_plan(request)
    initial = {
        "level": plan.level,
        "start_date": plan.start_date,
        "interview_date": plan.interview_date,
        "hours_per_week": plan.hours_per_week,
    }
    form = RegenerateForm(request.POST or None, initial=initial)
    form.enable_preview(reverse("studyplan:preview"))
    if request.method == "POST" and form.is_valid():
        settings = {key: form.cleaned_data[key] for key in initial}
        try:
            services.plan_regenerate(plan=plan, **settings)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Plan regenerated. Everything you logged is still there.")
            return redirect("studyplan:outline")
    context = {
        "form": form,
        "plan": plan,
        **_preview_context(form),
        "level_expectations": selectors.level_expectations(),
    }
    return render(request, "studyplan/plan_regenerate.html", context)


@login_required
def plan_outline(request: HttpRequest) -> HttpResponse:
    overview = selectors.plan_overview(user=request.user)
    if overview is None:
        return redirect("studyplan:onboarding")
    context = {
        "overview": overview,
        "hours_warning": selectors.plan_hours_warning(plan=overview.plan),
    }
    return render(request, "studyplan/plan_outline.html", context)


@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_for_user(user=request.user)
    if plan is None:
        return redirect("studyplan:onboarding")
    level_data = load_plan_template().levels[plan.level]
    page = selectors.readiness_page(user=request.user)
    form = ReadinessForm(
        request.POST or None,
        level=plan.level,
        level_data=level_data,
        initial=_readiness_initial(page.latest),
    )
    if request.method == "POST" and form.is_valid():
        assessment = services.readiness_assessment_create(
            user=request.user,
            level=plan.level,
            ratings=form.ratings(),
            checklist=form.cleaned_data["checklist"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, f"Assessment saved: readiness {assessment.score} %.")
        return redirect("studyplan:readiness")
    oldest_first = list(reversed(page.history))
    context = {
        "form": form,
        "plan": plan,
        "page": page,
        "history": page.history,
        "practice_scores": list(practice_scores_by_area(user=request.user).values()),
        "chart": charts.readiness_chart(
            [(f"{item.assessed_at:%-d %b}", item.score) for item in oldest_first]
        )
        if len(oldest_first) > 1
        else None,
    }
    return render(request, "studyplan/readiness.html", context)


def _readiness_initial(latest) -> dict:
    """The last answers, so a new assessment starts from them."""
    if latest is None:
        return {}
    keys = [competency.key for competency in load_plan_template().competencies]
    return {key: getattr(latest, key) for key in keys} | {"checklist": latest.checklist}


@login_required
@require_POST
def replan_now(request: HttpRequest) -> HttpResponse:
    plan = _own_plan(request)
    services.plan_replan(plan=plan, today=local_today(request.user.timezone))
    messages.success(request, "Re-plan done: the box below says what changed and why.")
    return redirect("studyplan:week_current")


@login_required
@require_POST
def replan_undo(request: HttpRequest, replan_id: int) -> HttpResponse:
    replan = get_object_or_404(Replan.objects.filter(plan__owner=request.user), pk=replan_id)
    try:
        services.replan_undo(replan=replan)
        messages.success(request, "Re-plan undone: the weeks ahead are back as they were.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("studyplan:week_current")
