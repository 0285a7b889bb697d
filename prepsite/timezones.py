"""IANA time zones, read from the zone database once per process.

`zoneinfo.available_timezones()` walks the whole tzdata package on every call (tens of
milliseconds); validating a form field or rendering a menu must not pay that each time.
"""

import functools
import zoneinfo

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@functools.cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


@functools.cache
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    """(value, label) pairs, sorted, for a choice field."""
    return tuple((name, name.replace("_", " ")) for name in sorted(time_zone_names()))


@functools.cache
def _options_html() -> str:
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>'
        for value, label in time_zone_choices()
    )


class TimeZoneSelect(forms.Select):
    """A <select> of every time zone whose ~600 options are rendered once per process, not
    through a template per option on every page view (most of the reminders page's time)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        attributes = "".join(
            f' {escape(key)}="{escape(val)}"'
            for key, val in attrs.items()
            if val is not None and val is not False
        )
        options = _options_html()
        if value:
            chosen = f'<option value="{escape(value)}">'
            options = options.replace(chosen, f'<option value="{escape(value)}" selected>', 1)
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308
