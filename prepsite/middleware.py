"""Refuse hostile requests before any view or database sees them.

A NUL byte in a path or query reached PostgreSQL and came back as a 500 (even without login);
an oversize body got Django's HTML 400 page even from the JSON API. Both are answered here,
once, for every app.
"""

import json
import re
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import unquote_plus

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from prepsite import limits

# C0 controls and DEL. Paths never carry them; query values may carry tab and line breaks.
_PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_QUERY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def error_response(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    """The API's one error shape for /api/, a short plain page elsewhere."""
    if _is_api(request):
        return JsonResponse({"code": code, "detail": detail, "fields": {}}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def too_large_response(request: HttpRequest) -> HttpResponse:
    megabytes = limits.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
    return error_response(
        request, 413, "too_large", f"The request body is larger than {megabytes} MB."
    )


def _as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """API errors are JSON even when Django answered them (no route: an HTML 404) or a
    Markdown endpoint rendered them with its own content type."""
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    if getattr(response, "streaming", False):
        return response
    try:
        body = json.loads(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict) and {"code", "detail", "fields"} <= set(body):
        response["Content-Type"] = "application/json"
        return response
    detail = HTTPStatus(response.status_code).phrase + "."
    fresh = JsonResponse(
        {"code": detail.lower().rstrip(".").replace(" ", "_"), "detail": detail, "fields": {}},
        status=response.status_code,
    )
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            fresh[header] = response[header]
    return fresh


class HostileInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _PATH_CONTROL.search(request.path_info):
            return error_response(request, 404, "not_found", "Not found.")
        query = request.META.get("QUERY_STRING", "")
        try:
            decoded = unquote_plus(query, errors="strict")
        except UnicodeDecodeError:
            return error_response(request, 400, "invalid", "The query string is not UTF-8.")
        if _QUERY_CONTROL.search(decoded):
            return error_response(
                request, 400, "invalid", "Control characters are not allowed in parameters."
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limits.REQUEST_BODY_MAX_BYTES:
            return too_large_response(request)
        response = self.get_response(request)
        if _is_api(request) and response.status_code >= 400:
            response = _as_json_error(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None
