"""One way to write an estimate with its 95% interval, for prose, tables and figure labels alike.

>>> estimate(0.71, 0.60, 0.80)
'0.71 (0.60–0.80)'
>>> estimate(0.29, 0.16, 0.45, percent=True)
'29% (16–45%)'
>>> estimate(-0.35, -0.59, -0.09, signed=True)
'−0.35 (−0.59 to −0.09)'
>>> estimate(0.03, -0.12, 0.16, signed=True)
'+0.03 (−0.12 to +0.16)'
>>> estimate(1.0, 1.0, 1.0)
'1.00 (all alike, no interval)'

The house form, one for every table, sentence and figure label of a report:

* **Signed or not is decided for a set of values shown together, not value by value.**  The estimates and
  bounds of one measure's table (a column, the sentences about it, its figure's cells) are written signed
  when any of them is below zero (:func:`signed`): then every estimate and bound carries its sign, "+0.03
  (−0.12 to +0.16)" beside "−0.35 (−0.59 to −0.09)", so a column never mixes "0.03" with "+0.03".  A set with
  no negative number (a share, an agreement, a count; a tone that is positive everywhere) is written unsigned:
  "0.19 (0.06–0.36)".
* **Bounds are joined by an en dash when neither carries a sign, by " to " when one does** (a real minus,
  U+2212, or the plus of a signed set), since a dash between signed numbers reads as one more minus.  In a
  signed set every interval therefore reads "a to b"; in an unsigned one "a–b".
* A number that rounds to zero is written "0.00", never "−0.00" or "+0.00"; an interval of zero width (every
  value alike, so no interval can be drawn) is said in words (:data:`ALL_ALIKE`); a missing interval leaves
  the estimate alone; a share (``percent``) reads "12% (7–20%)".  What "95% interval" means is said once per
  report (:data:`EXPLAINED`), not on every line.
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


def figure(x, fraction: bool = False) -> str:
    """``x`` written for a table cell or a sentence when no measure-specific format is given: an integer with
    thousands separators ("39,533"), whole-valued floats too ("7"), unless ``fraction``; a fraction with the
    precision its size needs, two decimals from 0.005 to 10 ("0.02", "−0.66", "3.14"), two significant digits
    below ("0.0032"), one decimal from 10 to 100, none above ("1,234"); never scientific notation, a rounding
    error (below 1e-9) as "0"; a real minus sign (:func:`number`); "" for a missing value (None, NaN).

    ``fraction``: ``x`` is shown among fractions (a column or sentence that holds one, :func:`fractions`), so a
    whole-valued float takes their precision ("1.00" beside "0.98", "0.00", never "1" or "0"); a count with a
    gap, a float only because a value is missing, keeps the integer form when ``fraction`` is False.

    >>> figure(39533), figure(-0.0157), figure(0.0032), figure(-1234.5), figure(1.0), figure(1.0, fraction=True)
    ('39,533', '−0.02', '0.0032', '−1,234', '1', '1.00')
    """
    if x is None or _missing(x):
        return ""
    if isinstance(x, numbers.Integral) or (float(x).is_integer() and not fraction):    # a count with a gap: "7"
        return number(int(x), "{:,d}")
    size = abs(float(x))
    if size < 1e-9:
        return "0.00" if fraction else "0"
    if size < 0.005:                            # two significant digits: 0.0032, 0.000015
        return number(float(x), f"{{:.{1 - math.floor(math.log10(size))}f}}")
    return number(float(x), "{:,.2f}" if size < 10 else "{:,.1f}" if size < 100 else "{:,.0f}")


def fractions(values) -> bool:
    """True when ``values`` (a column, or the numbers of one sentence) hold a float that is not whole: its
    whole-valued floats are then written as fractions too (:func:`figure` with ``fraction``)."""
    return any(isinstance(x, float) and not _missing(x) and not float(x).is_integer() for x in values)


def signed(*values, fmt: str = "{:.2f}") -> bool:
    """True when a set of numbers shown together (``values``: numbers or columns of them, such as a table's
    ``mean``, ``ci_low`` and ``ci_high``; None or a missing number is skipped) holds one written below zero with
    ``fmt`` (a -0.001 written "0.00" does not count): the set is then written signed (see the module's forms)."""
    for column in values:
        if column is None:
            continue
        items = [column] if isinstance(column, numbers.Number) else list(column)
        if any(not _missing(x) and number(float(x), fmt).startswith(MINUS) for x in items):
            return True
    return False


def with_sign(fmt: str) -> str:
    """``fmt`` ("{:.2f}") with a sign on every non-zero number ("{:+.2f}")."""
    return fmt if "+" in fmt else fmt.replace("{:", "{:+", 1)


def bounds(low, high, fmt: str = "{:.2f}", unit: str = "") -> str:
    """The inside of the brackets: "0.60–0.80", "16–45%", "−0.59 to −0.09" (``unit`` after the upper bound)."""
    lo, hi = number(low, fmt), number(high, fmt)
    between = " to " if lo[:1] in (MINUS, "+") or hi[:1] in (MINUS, "+") else "–"
    return f"{lo}{between}{hi}{unit}"


def estimate(value, low=None, high=None, fmt: str = "{:.2f}", percent: bool = False, signed: bool = False) -> str:
    """Plain text: an estimate and its 95% interval in the house form (see the module's examples); for a share
    (``percent``, ``value`` from 0 to 1) "29% (16–45%)"; the estimate alone when a bound is missing; "undefined"
    when the estimate is.  ``signed``: the estimate belongs to a set written signed (:func:`signed`), so it and
    its bounds carry their signs ("+0.03 (−0.12 to +0.16)")."""
    if _missing(value):
        return "undefined"
    if signed:
        fmt = with_sign(fmt)
    whole = with_sign("{:.0f}") if signed else "{:.0f}"
    show, unit = (lambda x: number(x * 100, whole), "%") if percent else (lambda x: number(x, fmt), "")
    if _missing(low) or _missing(high):
        return show(value) + unit
    if math.isclose(float(low), float(high), rel_tol=1e-12, abs_tol=1e-12):
        return f"{show(value)}{unit} ({ALL_ALIKE})"
    if percent:
        return f"{show(value)}% ({bounds(low * 100, high * 100, whole, '%')})"
    return f"{show(value)} ({bounds(low, high, fmt)})"
