"""Request body parsers; kept apart from prepsite.api, which imports DRF's views (and so
DRF's parser settings) at import time."""

from typing import Any

from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """JSON bodies nested deeper than the interpreter's stack are a 400, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from error
