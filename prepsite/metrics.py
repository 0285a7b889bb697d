"""Before → after metrics, shared by stories and the portfolio: units, change, wording.

Pure functions on plain values. A value has its own unit ("3 s" before, "180 ms" after); units
of one dimension (time, data size, money, count, percent) convert, so the change is computed on
comparable quantities. Percent metrics change in percentage points, not in percent of percent.
Nothing here raises on odd input or returns a non-finite number: a change that cannot be
computed is None, and the documents print "n/a".
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from prepsite.limits import PERCENT_CHANGE_ABS_MAX

MINUS = "\u2212"

_TIME = {
    "ns": 1e-9,
    "µs": 1e-6,
    "μs": 1e-6,
    "us": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "d": 86400.0,
    "day": 86400.0,
    "days": 86400.0,
    "wk": 604800.0,
    "week": 604800.0,
    "weeks": 604800.0,
    "month": 2629800.0,
    "months": 2629800.0,
    "quarter": 7889400.0,
    "quarters": 7889400.0,
    "y": 31557600.0,
    "yr": 31557600.0,
    "year": 31557600.0,
    "years": 31557600.0,
}
_DATA = {
    "b": 1.0,
    "byte": 1.0,
    "bytes": 1.0,
    "kb": 1e3,
    "mb": 1e6,
    "gb": 1e9,
    "tb": 1e12,
    "pb": 1e15,
    "kib": 1024.0,
    "mib": 1024.0**2,
    "gib": 1024.0**3,
    "tib": 1024.0**4,
}
_PERCENT = {"%", "percent", "pct"}
_COUNT_WORDS = {"", "count", "#", "x", "\u00d7", "items", "times"}
_CURRENCIES = {"$": "$", "usd": "$", "€": "€", "eur": "€", "£": "£", "gbp": "£"}
_MAGNITUDES = {"": 1.0, "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_MONEY = re.compile(
    r"^(?P<c1>[$€£]|usd|eur|gbp)?\s*(?P<mag>k|m|mm|b|bn)?\s*(?P<c2>[$€£]|usd|eur|gbp)?$"
)
_RATE_WORDS = {"day": "a day", "week": "a week", "month": "a month", "quarter": "a quarter"}
_RATE_WORDS["year"] = "a year"


@dataclass(frozen=True)
class Unit:
    """A parsed unit: its dimension and its size in that dimension's base unit."""

    text: str
    dimension: str
    scale: float
    currency: str = ""
    per: str = ""  # "year" for "$M/year": a rate over time

    @property
    def is_percent(self) -> bool:
        return self.dimension == "percent"

    @property
    def is_money(self) -> bool:
        return bool(self.currency)


def _normalise_per(text: str) -> str:
    word = text.strip().lower().removeprefix("a ").removeprefix("per ").strip()
    for base in ("day", "week", "month", "quarter", "year"):
        if word in (base, base + "s") or (len(word) >= 2 and base.startswith(word)):
            return base
    return {"yr": "year", "mo": "month", "wk": "week", "d": "day", "q": "quarter"}.get(word, word)


def unit_parse(text: str) -> Unit:
    """Read a unit as people type it: "ms", "GB", "%", "$M/year", "$ per month", "deploys/day"."""
    raw = " ".join((text or "").split())
    key = raw.lower()
    base, per = key, ""
    match = re.match(r"^(.*?)\s*(?:/|\bper\b|\ba\b)\s*([a-z]+)$", key)
    if match and _normalise_per(match.group(2)) in _TIME:
        base, per = match.group(1).strip(), _normalise_per(match.group(2))
    per_scale = _TIME[per] if per else 1.0
    if base in _TIME and not per:
        return Unit(raw, "time", _TIME[base])
    if base in _DATA:
        return Unit(raw, "data" + ("/t" if per else ""), _DATA[base] / per_scale, per=per)
    if base in _PERCENT and not per:
        return Unit(raw, "percent", 1.0)
    money = _MONEY.match(base.replace(" ", ""))
    if (
        money
        and (money.group("c1") or money.group("c2"))
        and not (money.group("c1") and money.group("c2"))
    ):
        currency = _CURRENCIES[money.group("c1") or money.group("c2")]
        scale = _MAGNITUDES[money.group("mag") or ""]
        dimension = f"money:{currency}" + ("/t" if per else "")
        return Unit(raw, dimension, scale / per_scale, currency, per)
    if base in _COUNT_WORDS:
        return Unit(raw, "count" + ("/t" if per else ""), 1.0 / per_scale, per=per)
    return Unit(raw, f"other:{base}" + ("/t" if per else ""), 1.0 / per_scale, per=per)


def _finite(value: float | Decimal | int | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def convert(value: float | Decimal, from_unit: str, to_unit: str) -> float | None:
    """The value expressed in another unit of the same dimension; None when incomparable."""
    number = _finite(value)
    source, target = unit_parse(from_unit), unit_parse(to_unit)
    if number is None or source.dimension != target.dimension:
        return None
    result = number * (source.scale / target.scale)
    return result if math.isfinite(result) else None


# Words in a metric's name that say which way is good. Checked in this order, so "cost
# savings" is good when up and "error rate" is good when down.
_HIGHER_STRONG = (
    "saving",
    "saved",
    "revenue",
    "availability",
    "uptime",
    "satisfaction",
    "retention",
    "conversion",
    "coverage",
    "throughput",
    "success",
    "nps",
    "profit",
    "margin",
)
_LOWER = (
    "latency",
    "p50",
    "p90",
    "p95",
    "p99",
    "time",
    "duration",
    "mttr",
    "mttd",
    "cost",
    "spend",
    "error",
    "failure",
    "incident",
    "outage",
    "downtime",
    "churn",
    "attrition",
    "turnover",
    "defect",
    "bug",
    "abandon",
    "toil",
    "backlog",
    "page",
    "escalation",
    "ticket",
    "wait",
    "delay",
    "bounce",
    "regression",
    "vulnerab",
    # Checked before the "higher" words, so "customer complaints" or "fraud losses" fall.
    "complaint",
    "cancel",
    "fraud",
    "loss",
    "rollback",
)
_HIGHER = (
    "deploy",
    "release",
    "frequency",
    "velocity",
    "adoption",
    "user",
    "customer",
    "growth",
    "engagement",
    "score",
    "rps",
    "qps",
    "rate of",
    "promotion",
    "hire",
)


def higher_is_better(name: str, unit: str = "") -> bool | None:
    """Which direction is good for this metric, from its name and unit; None when unsure."""
    words = (name or "").lower()
    if any(word in words for word in _HIGHER_STRONG):
        return True
    if any(word in words for word in _LOWER):
        return False
    if any(word in words for word in _HIGHER):
        return True
    dimension = unit_parse(unit).dimension
    if dimension == "time":
        return False
    return None


@dataclass(frozen=True)
class Change:
    """How a metric moved: `amount` is percent, or percentage points when `points` is true."""

    amount: float
    points: bool
    direction: str  # "up", "down" or "same"
    better: bool | None  # None: no way to tell, or no change

    @property
    def verdict(self) -> str:
        if self.better is None:
            return ""
        return "better" if self.better else "worse"


def metric_change(
    *,
    before: float | Decimal | None,
    before_unit: str,
    after: float | Decimal | None,
    after_unit: str,
    name: str = "",
) -> Change | None:
    """The change from before to after, or None when it cannot be computed honestly.

    None for a missing value, a zero baseline (for a relative change), units that measure
    different things (hours against megabytes), or values too large to compare.
    """
    start, end = _finite(before), _finite(after)
    if start is None or end is None:
        return None
    first, second = unit_parse(before_unit), unit_parse(after_unit)
    if first.dimension != second.dimension:
        return None
    start_base, end_base = start * first.scale, end * second.scale
    if first.is_percent:
        amount = end_base - start_base
        points = True
    else:
        if start_base == 0:
            return None
        amount = (end_base - start_base) / abs(start_base) * 100
        points = False
    if not math.isfinite(amount):
        return None
    direction = "up" if end_base > start_base else "down" if end_base < start_base else "same"
    preference = higher_is_better(name, after_unit or before_unit)
    better = None
    if preference is not None and direction != "same":
        better = (direction == "up") == preference
    return Change(amount=amount, points=points, direction=direction, better=better)


def percent_change(
    before: float | Decimal | None,
    before_unit: str,
    after: float | Decimal | None,
    after_unit: str,
) -> float | None:
    """Relative change in percent (also for percent metrics); None when not computable."""
    start, end = _finite(before), _finite(after)
    if start is None or end is None:
        return None
    first, second = unit_parse(before_unit), unit_parse(after_unit)
    if first.dimension != second.dimension or start * first.scale == 0:
        return None
    start_base = start * first.scale
    change = (end * second.scale - start_base) / abs(start_base) * 100
    # A tiny baseline makes the ratio meaningless (or infinite): never let it reach a page.
    return change if math.isfinite(change) and abs(change) <= PERCENT_CHANGE_ABS_MAX else None


def _signed(number_text: str, value: float) -> str:
    if value > 0:
        return f"+{number_text}"
    if value < 0:
        return f"{MINUS}{number_text}"
    return number_text


def _round_change(amount: float) -> str:
    """Whole numbers, except where rounding would lie: 72 h → 0.25 h is -99.7 %, not -100 %."""
    magnitude = abs(amount)
    for places in (0, 1, 2):
        text = f"{magnitude:,.{places}f}"
        rounded = float(text.replace(",", ""))
        if (rounded != 100 or magnitude == 100) and (rounded != 0 or magnitude == 0):
            return text
    return f"{magnitude:,.2f}"


def change_text(change: Change | None) -> str:
    """ "-94 %", "+12 %" or "-18 points"; "n/a" when there is no change to show."""
    if change is None:
        return "n/a"
    if change.points:
        magnitude = abs(change.amount)
        text = f"{magnitude:,.2f}".rstrip("0").rstrip(".")
        unit = "point" if text == "1" else "points"
        return f"{_signed(text, change.amount if text != '0' else 0)} {unit}"
    text = _round_change(change.amount)
    return f"{_signed(text, change.amount if float(text.replace(',', '')) else 0)} %"


def change_phrase(change: Change | None) -> str:
    """The change with its verdict, as documents print it: "-94 %, better"; "" without one."""
    if change is None:
        return ""
    text = change_text(change)
    return f"{text}, {change.verdict}" if change.verdict else text


def number_text(value: float | Decimal | None) -> str:
    """A number as a person writes it: 1,250 or 0.25, never 1.25e+03 or 0.2500."""
    number = _finite(value)
    if number is None:
        return ""
    if abs(number) >= 1e12:
        return _compact(number)
    text = f"{number:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text.replace("-", MINUS)


def _compact(number: float) -> str:
    magnitude = abs(number)
    for suffix, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if magnitude >= size:
            scaled = magnitude / size
            places = 0 if scaled >= 100 else 1 if scaled >= 10 else 2
            text = f"{scaled:,.{places}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return (MINUS if number < 0 else "") + text + suffix
    return number_text(number)


def value_text(value: float | Decimal | None, unit: str) -> str:
    """A value with its unit for a reader: "450 ms", "23 %", "$2.8M a year", "1.5 TB"."""
    number = _finite(value)
    if number is None:
        return ""
    parsed = unit_parse(unit)
    if parsed.is_money:
        per_scale = _TIME.get(parsed.per, 1.0)
        dollars = number * parsed.scale * per_scale
        sign = MINUS if dollars < 0 else ""
        text = f"{sign}{parsed.currency}{_compact(abs(dollars))}"
        return f"{text} {_RATE_WORDS.get(parsed.per, 'per ' + parsed.per)}" if parsed.per else text
    if parsed.is_percent:
        return f"{number_text(number)} %"
    return f"{number_text(number)} {parsed.text}".strip()
