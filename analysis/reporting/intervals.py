"""One way to write an estimate with its 95% interval, for prose, tables and figure labels alike.

>>> estimate(0.71, 0.60, 0.80)
'0.71 (0.60–0.80)'
>>> estimate(0.29, 0.16, 0.45, percent=True)
'29% (16–45%)'
>>> estimate(-0.35, -0.59, -0.09)
'−0.35 (−0.59 to −0.09)'
>>> estimate(1.0, 1.0, 1.0)
'1.00 (all alike, no interval)'

The forms: an en dash between two unsigned bounds; " to " when a bound carries a sign (a real minus, U+2212,
or a plus from a signed format), since a dash between signed numbers reads as one more minus; a number that
rounds to zero is written "0.00", never "−0.00"; an interval of zero width (every value alike, so no interval
can be drawn) is said in words (:data:`ALL_ALIKE`); a missing interval leaves the estimate alone.  What "95%
interval" means is said once per report (:data:`EXPLAINED`), not on every line.
"""
from __future__ import annotations

import math
import numbers

MINUS = "\u2212"
ALL_ALIKE = "all alike, no interval"      # the words for a zero-width interval, everywhere
EXPLAINED = ("Numbers in brackets are 95% intervals: the range the value would likely take if the articles "
             f"(or sentences) were sampled again. “{ALL_ALIKE}” marks a value every article shares, so no range "
             "can be drawn.")


def _missing(x) -> bool:
    """No number: None, NaN, an infinity or text."""
    if x is None:
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def number(x, fmt: str = "{:.2f}") -> str:
    """``x`` written with ``fmt`` ("{:.2f}", "{:+.2f}"...), with a real minus sign and no sign on a zero
    ("0.00", never "−0.00" or "+0.00")."""
    text = fmt.format(x)
    if not any(ch in "123456789" for ch in text.split("e")[0]):     # rounds to zero: no sign
        text = text.lstrip("+-")
    return text.replace("-", MINUS)


def figure(x) -> str:
    """``x`` written for a table cell or a sentence when no measure-specific format is given: an integer with
    thousands separators ("39,533"), whole-valued floats too ("7"); a fraction with the precision its size
    needs, two decimals from 0.005 to 10 ("0.02", "−0.66", "3.14"), two significant digits below ("0.0032"),
    one decimal from 10 to 100, none above ("1,234"); never scientific notation, a rounding error (below 1e-9)
    as "0"; a real minus sign (:func:`number`); "" for a missing value (None, NaN).

    >>> figure(39533), figure(-0.0157), figure(0.0032), figure(-1234.5)
    ('39,533', '−0.02', '0.0032', '−1,234')
    """
    if x is None or _missing(x):
        return ""
    if isinstance(x, numbers.Integral) or float(x).is_integer():    # a count with a gap is a float: "7", not "7.00"
        return number(int(x), "{:,d}")
    size = abs(float(x))
    if size < 1e-9:
        return "0"
    if size < 0.005:                            # two significant digits: 0.0032, 0.000015
        return number(float(x), f"{{:.{1 - math.floor(math.log10(size))}f}}")
    return number(float(x), "{:,.2f}" if size < 10 else "{:,.1f}" if size < 100 else "{:,.0f}")


def bounds(low, high, fmt: str = "{:.2f}", unit: str = "") -> str:
    """The inside of the brackets: "0.60–0.80", "16–45%", "−0.59 to −0.09" (``unit`` after the upper bound)."""
    lo, hi = number(low, fmt), number(high, fmt)
    between = " to " if lo[:1] in (MINUS, "+") or hi[:1] in (MINUS, "+") else "–"
    return f"{lo}{between}{hi}{unit}"


def estimate(value, low=None, high=None, fmt: str = "{:.2f}", percent: bool = False) -> str:
    """Plain text: an estimate and its 95% interval in the house form (see the module's examples); for a share
    (``percent``, ``value`` from 0 to 1) "29% (16–45%)"; the estimate alone when a bound is missing; "undefined"
    when the estimate is."""
    if _missing(value):
        return "undefined"
    show, unit = (lambda x: number(x * 100, "{:.0f}"), "%") if percent else (lambda x: number(x, fmt), "")
    if _missing(low) or _missing(high):
        return show(value) + unit
    if math.isclose(float(low), float(high), rel_tol=1e-12, abs_tol=1e-12):
        return f"{show(value)}{unit} ({ALL_ALIKE})"
    if percent:
        return f"{show(value)}% ({bounds(low * 100, high * 100, '{:.0f}', '%')})"
    return f"{show(value)} ({bounds(low, high, fmt)})"
