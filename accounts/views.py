from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenCreateForm, ProfileForm

_NEW_TOKEN_SESSION_KEY = "accounts_new_api_token"


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, plain_value = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        # Kept in the session only until the next page view, so a reload cannot show it twice.
        request.session[_NEW_TOKEN_SESSION_KEY] = {"name": token.name, "value": plain_value}
        return redirect("accounts:api_tokens")
    context = {
        "form": form,
        "tokens": selectors.api_token_list_for_user(user=request.user),
        "new_token": request.session.pop(_NEW_TOKEN_SESSION_KEY, None),
        "token_ttl_days": settings.API_TOKEN_TTL_DAYS,
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    if services.api_token_revoke(user=request.user, token_key=token_key):
        messages.success(request, "Token revoked. Clients using it can no longer connect.")
    else:
        messages.error(request, "That token does not exist or was already revoked.")
    return redirect("accounts:api_tokens")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
