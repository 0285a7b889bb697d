"""Conventions every PrepSite endpoint shares: pagination and one JSON error shape."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import models
from django.http import Http404
from django_filters import BooleanFilter, CharFilter, ChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from prepsite.pdf import PdfRenderTimeout


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        # DRF quietly ignores a page_size it cannot read; the schema promises an integer.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (
            raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size
        ):
            message = f"Use a whole number from 1 to {self.max_page_size}."
            raise exceptions.ValidationError({self.page_size_query_param: [message]})
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class StoryPagination(StandardPagination):
    """Whole stories are long: a page of the API's story list holds as many as the bank page
    shows at once, so the first answer comes quickly; ?page_size= still asks for up to 200."""

    page_size = 25


class StrictCharField(serializers.CharField):
    """JSON numbers are not text: DRF would store 0 as "0" where the schema says string."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """DRF turns "" into null for relations; the schema's slug pattern refuses "" outright."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)


def require_lists(data: Any, names: tuple[str, ...]) -> None:
    """DRF's many-relations take any iterable ({} too); the schema promises arrays."""
    if isinstance(data, dict):
        wrong = {name: ["Expected a list."] for name in names if name in data}
        wrong = {name: value for name, value in wrong.items() if not isinstance(data[name], list)}
        if wrong:
            raise exceptions.ValidationError(wrong)


class StrictFloatField(serializers.FloatField):
    """JSON true/false are not numbers (DRF would store false as 0.0)."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


# Every model serializer's text fields are strict (this module loads with DRF's generic views,
# through DEFAULT_PAGINATION_CLASS, before any serializer is built).
serializers.ModelSerializer.serializer_field_mapping.update(
    {
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.FloatField: StrictFloatField,
    }
)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter skips a filter whose value it cannot read ("", "null"); the schema
    promises a date, number or boolean, so such a value is a 400 like any other bad input."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, declared in filterset.filters.items():
            raw = request.query_params.get(name)
            if raw is None or isinstance(declared, (CharFilter, ChoiceFilter)):
                continue
            if isinstance(declared, BooleanFilter) and raw not in {"true", "false", "1", "0"}:
                errors[name] = ["Use true or false."]
            elif raw.strip() == "":
                errors[name] = ["Give a value or leave the parameter out."]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset


class ErrorSerializer(serializers.Serializer):
    """Documents the shape of every error: `fields` maps a field name to its messages."""

    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class PdfTookTooLong(exceptions.APIException):
    """Any endpoint printing a PDF answers this when prepsite.pdf stopped the layout."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "pdf_timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Laying out this PDF took longer than {seconds:g} seconds, so it was stopped. "
            "Download it as HTML (and print that) or as Markdown instead."
        )


# An import endpoint's body: the exported JSON document, or the same file uploaded.
DOCUMENT_UPLOAD_REQUEST = {
    "application/json": OpenApiTypes.OBJECT,
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
    },
}


def _dotted(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested errors (`{"metrics": [{}, {"label": [...]}]}`) as flat dotted keys
    (`metrics.1.label`), so every error fits the one documented shape."""
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for key, value in detail.items():
            fields.update(_dotted(value, f"{prefix}.{key}" if prefix else str(key)))
        return fields
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        fields = {}
        for index, item in enumerate(detail):
            if isinstance(item, (dict, list)):
                fields.update(_dotted(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                fields.setdefault(prefix or "non_field_errors", []).append(str(item))
        return fields
    messages = detail if isinstance(detail, list) else [detail]
    return (
        {prefix or "non_field_errors": [str(message) for message in messages]} if messages else {}
    )


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [f"{key}: {message}" for key, value in detail.items() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for item in detail for message in _flatten(item)]
    return [str(detail)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return _dotted(detail)
    return {"non_field_errors": _flatten(detail)}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Wrap DRF's answers as {"code", "detail", "fields"} so clients parse one shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, PdfRenderTimeout):
        exc = PdfTookTooLong(exc.seconds)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_errors(exc.detail)
        response.data = {
            "code": "invalid",
            "detail": "Some fields are invalid: " + "; ".join(_flatten(exc.detail))[:500],
            "fields": fields,
        }
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "detail": str(getattr(exc, "detail", exc)),
            "fields": {},
        }
    return response


# Every operation can answer these, whatever its own responses say: documented once, here.
_COMMON_ERRORS = {
    "400": "Invalid input; `fields` maps each field (dotted for nested ones) to its messages.",
    "401": "Missing, invalid, expired or revoked credentials.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "Not found, or not yours.",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}
_BODY_ERRORS = {"413": "The request body is larger than the limit."}
_TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"
# Dates between limits.DATE_MIN and DATE_MAX (1970..2100): the range every date field checks.
_DATE_PATTERN = r"^(19[7-9]\d|20\d\d|2100)-\d{2}-\d{2}$"
_ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "detail", "fields"],
    "properties": {
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


_DECIMAL_PATTERN = re.compile(r"^\^-\?\\d\{0,(\d+)\}\(\?:\\\.\\d\{0,(\d+)\}\)\?\$$")


def _plain_times(node: Any) -> None:
    """DRF's times ("08:00:00") carry no offset; JSON Schema's "time" format demands one.
    DRF's decimal pattern also matches "", "-" and "." which DRF itself refuses."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            node["pattern"] = _TIME_PATTERN
        if node.get("type") == "string" and node.get("format") == "date":
            node.setdefault("pattern", _DATE_PATTERN)
        decimal = _DECIMAL_PATTERN.match(str(node.get("pattern", "")))
        if node.get("format") == "decimal" and decimal:
            whole, places = decimal.groups()
            node["pattern"] = rf"^-?(\d{{1,{whole}}}(\.\d{{0,{places}}})?|\.\d{{1,{places}}})$"
        for value in node.values():
            _plain_times(value)
    elif isinstance(node, list):
        for value in node:
            _plain_times(value)


# What prepsite.middleware lets through in a query string: no control characters but tab and
# line breaks (a free-text filter may hold those).
_QUERY_TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _plain_query_text(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        plain = schema.get("type") == "string" and not {"enum", "format"} & set(schema)
        if parameter.get("in") == "query" and plain:
            schema.setdefault("pattern", _QUERY_TEXT_PATTERN)


def document_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: add the shared error answers to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", _ERROR_SCHEMA)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            _plain_query_text(operation)
            errors = {**_COMMON_ERRORS, **(_BODY_ERRORS if "requestBody" in operation else {})}
            for code, description in errors.items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": error}
                )
    _plain_times(result)
    return result
