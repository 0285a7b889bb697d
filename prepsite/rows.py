"""Model rows as plain JSON values and back: the building block of the account export.

Only concrete, non-relational fields are handled here; each app maps its own relations
(foreign keys, many-to-many) to keys local to the document, because database ids do not
survive a move to another account or another install.
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _plain_fields(model: type[models.Model], exclude: Iterable[str]) -> list[models.Field]:
    skipped = set(exclude) | {"id"}
    return [
        field
        for field in model._meta.concrete_fields
        if not field.is_relation and field.name not in skipped
    ]


def row_document(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """The row's own fields (not id, not relations, not `exclude`) as JSON values."""
    return {
        field.name: _json_value(field.value_from_object(instance))
        # instance._meta.model, not type(instance): request.user is a lazy wrapper.
        for field in _plain_fields(instance._meta.model, exclude)
    }


def row_fields(
    model: type[models.Model], document: dict[str, Any], *, exclude: Iterable[str] = ()
) -> dict[str, Any]:
    """Field values for `model(**...)` from a row document; unknown keys are ignored."""
    values = {}
    for field in _plain_fields(model, exclude):
        if field.name in document:
            value = document[field.name]
            values[field.name] = None if value is None else field.to_python(value)
    return values
