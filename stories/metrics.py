"""Before/after arithmetic for story metrics, with unit conversion where units are comparable."""

from decimal import ROUND_HALF_UP, Decimal, localcontext

from prepsite.limits import PERCENT_CHANGE_ABS_MAX

# Each unit's size in its family's base unit, so 3 s and 180 ms compare.
_UNIT_SCALES: dict[str, tuple[str, Decimal]] = {
    "ns": ("time", Decimal("0.000000001")),
    "µs": ("time", Decimal("0.000001")),
    "us": ("time", Decimal("0.000001")),
    "ms": ("time", Decimal("0.001")),
    "s": ("time", Decimal(1)),
    "sec": ("time", Decimal(1)),
    "min": ("time", Decimal(60)),
    "h": ("time", Decimal(3600)),
    "hours": ("time", Decimal(3600)),
    "d": ("time", Decimal(86400)),
    "days": ("time", Decimal(86400)),
    "weeks": ("time", Decimal(604800)),
    "b": ("data", Decimal(1)),
    "kb": ("data", Decimal(1000)),
    "mb": ("data", Decimal(1000**2)),
    "gb": ("data", Decimal(1000**3)),
    "tb": ("data", Decimal(1000**4)),
    "$": ("usd", Decimal(1)),
    "$k": ("usd", Decimal(1000)),
    "$m": ("usd", Decimal(1000**2)),
}


def _scale(unit: str) -> tuple[str, Decimal]:
    key = unit.strip().lower()
    return _UNIT_SCALES.get(key, (f"other:{key}", Decimal(1)))


def percent_change(
    before: Decimal | None, before_unit: str, after: Decimal | None, after_unit: str
) -> Decimal | None:
    """Relative change from before to after in percent, rounded to a whole number.

    None when it cannot be computed: a missing value, a zero baseline, or units that do
    not measure the same thing (hours against megabytes).
    """
    if before is None or after is None:
        return None
    before_family, before_scale = _scale(before_unit)
    after_family, after_scale = _scale(after_unit)
    if before_family != after_family:
        return None
    baseline = Decimal(before) * before_scale
    if baseline == 0:
        return None
    with localcontext() as context:
        # Bounded inputs times unit scales can reach 1e33 %: compute wide, refuse to show it.
        context.prec = 60
        change = (Decimal(after) * after_scale - baseline) / abs(baseline) * 100
        if abs(change) > PERCENT_CHANGE_ABS_MAX:
            return None
        return change.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def format_change(change: Decimal | None) -> str:
    if change is None:
        return "n/a"
    return f"+{change} %" if change > 0 else f"{change} %"
