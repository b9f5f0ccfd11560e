"""Progress bars a researcher reads at a glance: "1,700 articles/s", "12 s per notebook", counts with separators.

>>> for path in tqdm(files, desc="reading", unit="file"):     # doctest: +SKIP
...     ...
reading:  40% |████      | 2,000/5,000 [00:01 so far, 00:02 left, 1,700 files/s]

:class:`tqdm` is :class:`tqdm.auto.tqdm` (a text bar in a terminal, a widget
in a notebook where ipywidgets is installed, else the text bar without
tqdm's "IProgress not found" warning) with that one format: tqdm's own rate reads "1.70k/s" or
"1700.25file/s", and a slow step "0.08it/s".  Use it as tqdm is used.

Where its stream is no terminal (a log file, a pipe, ``make report > log``)
a bar is two plain lines, one when the step starts and one when it ends,
with no carriage returns or cursor movements between them:

    reading: started (5,000 files)
    reading: 5,000/5,000 files done [00:03, 1,700 files/s]
"""
from __future__ import annotations

import sys
from importlib.util import find_spec

# tqdm.auto draws a widget in a notebook kernel, but without ipywidgets it warns "IProgress not found" (into
# every report notebook's output) and falls back to the text bar: take the text bar straight away there
if find_spec("ipywidgets") is not None:
    from tqdm.auto import tqdm as _tqdm
else:
    from tqdm.asyncio import tqdm as _tqdm       # what tqdm.auto is outside a notebook

BAR_FORMAT = ("{desc}: {percentage:3.0f}% |{bar}| {plain_n}/{plain_total} "
              "[{elapsed} so far, {remaining} left, {plain_rate}]")
PLAIN_FORMAT = "{desc}: {plain_n} [{elapsed} so far, {plain_rate}]"      # no total known


def singular(unit: str) -> str:
    """tqdm's unit in words: ``"it"`` (tqdm's default) or nothing -> ``"item"``."""
    return "item" if unit in ("it", "") else unit


def plural(unit: str) -> str:
    """``"article"`` -> ``"articles"``; ``"it"`` (tqdm's default) -> ``"items"``."""
    unit = singular(unit)
    return unit if unit.endswith("s") else unit + "s"


def plain_rate(rate: float | None, unit: str) -> str:
    """A rate in words a reader reads: ``"1,700 articles/s"``, ``"2.5 notebooks/s"``, ``"12 s per notebook"``
    below one a second, ``"…"`` before there is one."""
    if not rate:
        return "…"
    if rate < 1:
        return f"{1 / rate:,.0f} s per {singular(unit)}"
    return f"{rate:,.1f} {plural(unit)}/s" if rate < 10 else f"{rate:,.0f} {plural(unit)}/s"


def is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _is_widget() -> bool:
    """Whether :class:`tqdm.auto.tqdm` is the notebook's widget, which draws no text frames."""
    try:
        from tqdm.notebook import tqdm_notebook
    except ImportError:                                # pragma: no cover -- shipped with tqdm
        return False
    return issubclass(_tqdm, tqdm_notebook)


class tqdm(_tqdm):  # noqa: N801 -- used as tqdm is
    """:class:`tqdm.auto.tqdm` with counts and rates in plain words (:data:`BAR_FORMAT`); a start and an end
    line instead of redrawn frames when its stream is not a terminal."""

    def __init__(self, iterable=None, *args, **kwargs):
        total = kwargs.get("total")
        if total is None and hasattr(iterable, "__len__"):
            total = len(iterable)
        kwargs.setdefault("bar_format", BAR_FORMAT if total else PLAIN_FORMAT)
        self._lines = not _is_widget() and not is_terminal(kwargs.get("file") or sys.stderr)
        if self._lines:
            kwargs["leave"] = False                  # tqdm's own last frame and newline are not written
        super().__init__(iterable, *args, **kwargs)
        if self._lines and not self.disable:
            d = self.format_dict
            size = f" ({d['plain_total']} {plural(d['unit'])})" if d["total"] else ""
            self._line(f"{d['prefix'] or 'progress'}: started{size}")

    def _line(self, text: str) -> None:
        self.fp.write(text + "\n")
        self.fp.flush()

    def display(self, msg=None, pos=None):
        """Draw the bar; nothing where the stream is no terminal (:meth:`close` writes the end line)."""
        if self._lines:
            return None
        return super().display(msg, pos)

    def clear(self, nolock=False):
        if not self._lines:
            super().clear(nolock)

    def moveto(self, n):
        if not self._lines:
            super().moveto(n)

    def close(self):
        if self._lines and not self.disable:
            d = self.format_dict
            total = f"/{d['plain_total']}" if d["total"] else ""
            # a step left before its end (an error) stopped; it is not done
            ended = "stopped at" if d["total"] and d["n"] < d["total"] else ""
            done = "" if ended else " done"
            self._line(f"{d['prefix'] or 'progress'}: {ended + ' ' if ended else ''}{d['plain_n']}{total} "
                       f"{plural(d['unit'])}{done} "
                       f"[{self.format_interval(d['elapsed'])}, {d['plain_rate']}]")
        super().close()

    @property
    def format_dict(self):
        d = super().format_dict
        n, total, elapsed = d["n"], d["total"], d["elapsed"]
        rate = d["rate"] if d["rate"] else (n / elapsed if elapsed and n else None)
        d.update(plain_n=f"{n:,.0f}", plain_total=f"{total:,.0f}" if total else "?",
                 plain_rate=plain_rate(rate, d["unit"]))
        return d
