"""Values every page template may need, from the settings."""

from django.conf import settings


def autosave(request) -> dict[str, int]:
    # The editors save a draft this long after the last keystroke (the story editor, a
    # practice session's notes and diagram).
    return {"autosave_delay_ms": settings.AUTOSAVE_DELAY_MS}
