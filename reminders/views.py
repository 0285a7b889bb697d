from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reminders import selectors, services
from reminders.calendar_feed import calendar_for_user
from reminders.emails import absolute_url
from reminders.forms import ReminderPreferencesForm
from reminders.models import ReminderKind
from reminders.tokens import read_unsubscribe_token

SENT_LOG_PAGE_SIZE = 25


def _initial(user, preferences) -> dict:
    return {name: getattr(user, name) for name in services.SCHEDULE_FIELDS} | {
        name: getattr(preferences, name) for name in services.PREFERENCE_FIELDS
    }


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.reminder_preferences_for_user(user=request.user)
    form = ReminderPreferencesForm(request.POST or None, initial=_initial(request.user, current))
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_preferences_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Reminder settings saved.")
            return redirect("reminders:preferences")
    token = current.calendar_token
    feed_url = absolute_url(reverse("reminders:calendar_feed", args=[token])) if token else None
    return render(request, "reminders/preferences.html", {"form": form, "feed_url": feed_url})


@login_required
def sent_log(request: HttpRequest) -> HttpResponse:
    reminders = selectors.sent_reminder_list_for_user(user=request.user)
    page = Paginator(reminders, SENT_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reminders/sent_log.html", {"page": page})


@login_required
@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_reset(user=request.user)
    messages.success(request, "New calendar link ready. Any old link has stopped working.")
    return redirect(reverse("reminders:preferences") + "#calendar")


@login_required
@require_POST
def unsubscribe_links_rotate(request: HttpRequest) -> HttpResponse:
    services.unsubscribe_links_rotate(user=request.user)
    messages.success(request, "Unsubscribe links in e-mails already sent no longer work.")
    return redirect(reverse("reminders:preferences") + "#unsubscribe-links")


@login_required
@require_POST
def calendar_feed_disable(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_disable(user=request.user)
    messages.success(request, "Calendar link switched off.")
    return redirect(reverse("reminders:preferences") + "#calendar")


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    owner = selectors.calendar_owner_for_token(token=token)
    if owner is None:
        raise Http404("No calendar at this address.")
    today = timezone.localdate(timezone=owner.tzinfo)
    body = calendar_for_user(user=owner, today=today)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# Mail clients POST here without a session or CSRF token (RFC 8058); the signed token
# is the credential.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    decoded = read_unsubscribe_token(token)
    if decoded is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=400)
    user_id, kind = decoded
    context = {"kind_label": ReminderKind(kind).label, "token": token}
    if request.method == "POST":
        everything = request.POST.get("scope") == "all"
        if not services.reminder_unsubscribe(user_id=user_id, kind=None if everything else kind):
            return render(request, "reminders/unsubscribe_invalid.html", status=400)
        return render(request, "reminders/unsubscribed.html", context | {"everything": everything})
    return render(request, "reminders/unsubscribe_confirm.html", context)
