from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import backup, selectors, services
from accounts.forms import AccountDeleteForm, AccountImportForm, ApiTokenCreateForm, ProfileForm
from prepsite import limits

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


def _data_page(request: HttpRequest, **context) -> HttpResponse:
    context.setdefault("import_form", AccountImportForm(max_bytes=limits.UPLOAD_MAX_BYTES))
    context.setdefault("delete_form", AccountDeleteForm(user=request.user))
    context["sections_with_data"] = selectors.account_sections_with_data(user=request.user)
    status = 400 if context.get("import_error") or context["delete_form"].errors else 200
    return render(request, "accounts/account_data.html", context, status=status)


@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    return _data_page(request)


@login_required
def account_export_download(request: HttpRequest) -> HttpResponse:
    document = selectors.account_export(user=request.user)
    response = JsonResponse(document, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = (
        f'attachment; filename="{backup.export_filename(request.user)}"'
    )
    return response


@login_required
@require_POST
def account_import(request: HttpRequest) -> HttpResponse:
    form = AccountImportForm(request.POST, request.FILES, max_bytes=limits.UPLOAD_MAX_BYTES)
    if not form.is_valid():
        return _data_page(request, import_form=form, import_error=True)
    dry_run = not form.cleaned_data["confirm"]
    try:
        document = backup.document_parse(form.cleaned_data["file"].read())
        result = services.account_import(user=request.user, document=document, dry_run=dry_run)
    except backup.BackupError as error:
        return _data_page(request, import_form=form, import_error=error)
    if dry_run:
        return _data_page(request, import_result=result)
    messages.success(request, "Your data was imported.")
    return redirect("dashboard")


@login_required
@require_POST
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return _data_page(request, delete_form=form)
    services.account_delete(user=request.user)
    logout(request)
    messages.success(request, "Your account and everything in it were deleted.")
    return redirect("landing")
