"""Figures for the reports: functions that take data (and an optional ``ax``) and return the figure.

One style file (``style/report.mplstyle``, with mathtext off so a ``$`` in an
outlet's name is drawn as typed), a colour-blind-safe palette with one fixed
colour per group across all figures (:func:`group_colors`), and :func:`save`
writing PNG and SVG without timestamps so reruns give the same files.  Labels
that come from the data pass through :func:`label_text`.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, NullFormatter

from . import intervals
from .safe import heading

STYLE = Path(__file__).resolve().parent / "style" / "report.mplstyle"
# Okabe & Ito (2008) colour-blind-safe colours, then Paul Tol's muted scheme for larger corpora.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
           "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
UNKNOWN_COLOR = "#9a9a9a"
# with more groups than colours, the groups that share a colour differ by marker: no two groups look the same
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
MAX_LABELLED = 8   # more points than this are numbered, and named in a key beside the plot
PAGE_WIDTH = 9.8   # inches: what a report page shows at 100% (figures at 100 px per inch), colour bar label included


def use_style() -> None:
    plt.style.use(STYLE)
    plt.rcParams["text.parse_math"] = False      # "$5 Daily" is a name, not maths
    plt.rcParams["text.usetex"] = False


def label_text(value, width: int = 40) -> str:
    """A data label safe to draw: no maths, no control characters, shortened to ``width``."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def group_colors(groups) -> dict[str, str]:
    """A fixed colour per group label: the same labels always give the same colours."""
    names = sorted({str(o) for o in groups})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def group_marker(group: str, colors: dict[str, str]) -> str:
    """The marker of ``group`` among the groups of ``colors`` (:func:`group_colors`): "o" for the first
    ``len(PALETTE)`` groups, then the next marker each time the colours start again, so that colour and marker
    together tell up to ``len(PALETTE) * len(MARKERS)`` groups apart."""
    names = sorted(colors)
    i = names.index(group) if group in colors else 0
    return MARKERS[(i // len(PALETTE)) % len(MARKERS)]


def with_group(table: pd.DataFrame, by) -> pd.DataFrame:
    """``table`` with a ``group`` column: the value of the grouping column(s), joined when several."""
    by = [by] if isinstance(by, str) else list(by)
    out = table.copy()
    out["group"] = out[by].astype(str).agg(" · ".join, axis=1) if len(by) > 1 else out[by[0]].astype(str)
    return out


def _axes(ax, height: float | None = None):
    if ax is not None:
        return ax.figure, ax
    use_style()
    fig, ax = plt.subplots(figsize=(8, height) if height else None)
    return fig, ax


def no_data(title: str, message: str = "no data to show", ax=None):
    """A figure that says there is nothing to draw (an empty corpus, a measure that could not be computed)."""
    fig, ax = _axes(ax, height=1.6)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555", transform=ax.transAxes)
    ax.set_axis_off()
    ax.set_title(title)
    return fig


def bar_by_group(values: pd.Series, colors: dict[str, str], *, title: str, xlabel: str, ax=None,
                 fmt: str = "{:,.0f}"):
    """Horizontal bars, one per group (``values`` indexed by group), labelled with their values."""
    if values.empty:
        return no_data(title, ax=ax)
    values = values.sort_values()
    fig, ax = _axes(ax, height=max(2.2, 0.45 * len(values) + 1.2))
    bars = ax.barh([label_text(v) for v in values.index], values.to_numpy(),
                   color=[colors.get(o, UNKNOWN_COLOR) for o in values.index])
    ax.bar_label(bars, labels=[fmt.format(v) for v in values], padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    return fig


def bar_counts(values: pd.Series, *, title: str, xlabel: str, ax=None, color: str = PALETTE[0]):
    """Horizontal bars for a count per category (e.g. lines removed per cleaning rule)."""
    if values.empty:
        return no_data(title, ax=ax)
    values = values.sort_values()
    fig, ax = _axes(ax, height=max(2.2, 0.35 * len(values) + 1.2))
    bars = ax.barh([label_text(v) for v in values.index], values.to_numpy(), color=color)
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    return fig


def stacked_by_group(table: pd.DataFrame, *, title: str, xlabel: str, ax=None, max_parts: int | None = None,
                     rest: str = "others"):
    """Horizontal stacked bars: rows are groups, columns are parts (e.g. sentence positions).

    With ``max_parts``, the parts with the largest totals are drawn and the others summed into one last part named
    ``rest``, so each bar still totals its row (as the table beside it does)."""
    if table.empty:
        return no_data(title, ax=ax)
    if max_parts is not None and table.shape[1] > max_parts:
        top = table.sum().sort_values(ascending=False, kind="stable").index[:max_parts]
        table = table[top].assign(**{rest: table.drop(columns=top).sum(axis=1)})
    fig, ax = _axes(ax, height=max(2.2, 0.45 * len(table) + 1.4))
    table = table.iloc[::-1]                 # bars are drawn from the bottom: the first row goes on top, as in a table
    left = pd.Series(0.0, index=table.index)
    names = [label_text(v) for v in table.index]
    for i, col in enumerate(table.columns):
        ax.barh(names, table[col], left=left, label=label_text(col), color=PALETTE[i % len(PALETTE)])
        left += table[col]
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def describe(fig, name: str) -> str:
    """A short text alternative for a figure: its titles and axis labels."""
    parts = []
    for ax in fig.axes:
        title = ax.get_title(loc="left") or ax.get_title()
        if title:
            parts.append(title)
        if ax.get_xlabel():
            parts.append(f"x: {ax.get_xlabel()}")
    return "; ".join(parts) or name


def save(fig, name: str, folder: str | Path) -> list[Path]:
    """Write ``name``.png and ``name``.svg into ``folder`` with no timestamps; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    fig.savefig(png, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]


def distribution_by_group(frame: pd.DataFrame, value: str, colors: dict[str, str], *, title: str, xlabel: str,
                          group: str = "group", ax=None, seed: int = 0):
    """Every observation as a dot (jittered) per group, with the group mean as a bar."""
    import numpy as np

    if frame.empty:
        return no_data(title, ax=ax)

    groups = sorted(frame[group].unique(), key=str, reverse=True)
    fig, ax = _axes(ax, height=max(2.4, 0.55 * len(groups) + 1.2))
    rng = np.random.default_rng(seed)
    for i, g in enumerate(groups):
        vals = frame.loc[frame[group] == g, value].to_numpy()
        ax.scatter(vals, i + rng.uniform(-0.18, 0.18, len(vals)), s=14, alpha=0.6,
                   color=colors.get(str(g), UNKNOWN_COLOR), marker=group_marker(str(g), colors), edgecolor="none")
        ax.plot([vals.mean()] * 2, [i - 0.3, i + 0.3], color="#222", lw=2)
    ax.axvline(0, color="#888", lw=0.8)
    ax.set_yticks(range(len(groups)), [label_text(o) for o in groups])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return fig


FOREST_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]
FOREST_ROW = 0.45        # inches a row of a forest plot takes with one mark, at least
FOREST_SERIES = 0.23     # inches each of several marks in a row takes (a 6-point marker and the gap to the next)


def forest_height(n_labels: int, n_groups: int = 1) -> float:
    """Inches a :func:`forest` of ``n_labels`` rows of ``n_groups`` marks each takes: :data:`FOREST_ROW` a row, or
    :data:`FOREST_SERIES` a mark when more marks need more, plus the title and the axis below."""
    return max(2.4, max(FOREST_ROW, FOREST_SERIES * n_groups if n_groups > 1 else 0.0) * n_labels + 1.4)


def forest(table: pd.DataFrame, colors: dict[str, str] | None = None, *, label: str = "group",
           group: str | None = None, title: str, xlabel: str, ax=None, zero: bool = True, legend: bool = True,
           group_title: str | None = None, percent: bool = False):
    """Means with their intervals (``mean``, ``ci_low``, ``ci_high`` columns), one row per ``label``
    (and per ``group`` within it, offset and marked); flagged rows are drawn hollow.  The legend is titled
    ``group_title``, else the column's heading in words (:func:`analysis.reporting.safe.heading`), never a
    stored column name; ``legend=False`` leaves it to the caller (:func:`forest_panels` draws one for all its
    panels).  ``percent``: the values are shares or differences of shares, and the axis reads in percent
    ("−10%", "0%", "20%")."""
    import numpy as np

    table = table.dropna(subset=["mean"])
    if table.empty:
        return no_data(title, ax=ax)

    labels = sorted(table[label].unique(), key=str, reverse=True)
    groups = sorted(table[group].unique(), key=str) if group else [None]
    fig, ax = _axes(ax, height=forest_height(len(labels), len(groups)))
    # every group drawn (markers and colours repeat in turn, never run out), the first on top: the legend
    # lists them in the order they are drawn within each row
    markers = [FOREST_MARKERS[i % len(FOREST_MARKERS)] for i in range(len(groups))]
    offsets = np.linspace(0.35, -0.35, len(groups)) * (len(groups) - 1) / len(groups) if group else [0.0]
    for g, off, marker in zip(groups, offsets, markers):
        part = table if g is None else table[table[group] == g]
        for _, row in part.iterrows():
            y = labels.index(row[label]) + off
            # with groups, colour tells the group; without, it tells the outlet
            color = (PALETTE[groups.index(g) % len(PALETTE)] if group
                     else (colors or {}).get(row[label], PALETTE[0]))
            if not np.isnan(row["ci_low"]):
                ax.plot([row["ci_low"], row["ci_high"]], [y, y], color=color, lw=1.6)
            flagged = bool(row.get("flag"))
            if not group and colors:
                marker = group_marker(str(row[label]), colors)
            ax.plot(row["mean"], y, marker=marker, color=color, markersize=6,
                    markerfacecolor="white" if flagged else color, linestyle="none")
    if group:
        for g, marker in zip(groups, markers):
            ax.plot([], [], marker=marker, linestyle="none", color=PALETTE[groups.index(g) % len(PALETTE)],
                    label=label_text(g))
        if legend:
            ax.legend(title=group_title or heading(group), loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if zero:
        ax.axvline(0, color="#888", lw=0.8)
    ax.set_yticks(range(len(labels)), [label_text(x) for x in labels])
    ax.set_title(title)
    ax.set_xlabel(xlabel + hollow_key(table))
    if percent:
        percent_axis(ax.xaxis)
    return fig


def percent_axis(axis) -> None:
    """Tick labels of a share (0 to 1) in percent, with a real minus sign ("−10%", "0%", "25%")."""
    axis.set_major_formatter(FuncFormatter(lambda v, _: intervals.number(v * 100, "{:.0f}") + "%"))


def hollow_key(table: pd.DataFrame, articles: str = "articles") -> str:
    """What a figure's hollow marks mean, for its axis label ("  (hollow: fewer than 5 articles)"), naming the
    caveats of the rows drawn hollow (:func:`marked_because`); "" when no row of ``table`` has a ``flag``."""
    if "flag" not in table:
        return ""
    flags = [f for f in table["flag"] if isinstance(f, str) and f]
    return f"  (hollow: {marked_because(flags, articles) or 'with a caveat'})" if flags else ""


def forest_panels(table: pd.DataFrame, panel: str, *, panel_labels: dict | None = None, label: str = "group",
                  group: str | None = None, title: str, xlabel: str, zero: bool = True, cols: int = 2,
                  percent: bool = False):
    """:func:`forest` in small multiples: one panel per value of ``panel`` (a frame, say), titled by
    ``panel_labels``, the same x scale in all, one legend, and one x label (with its key to hollow marks) under
    all the panels.  Used where one forest would need a row per outlet × frame (forty rows of "outlet · fra…"
    labels).  ``percent``: as in :func:`forest`."""
    import numpy as np

    table = table.dropna(subset=["mean"])
    if table.empty:
        return no_data(title)
    panels = sorted(table[panel].unique(), key=lambda v: str((panel_labels or {}).get(v, v)))
    n_rows = int(np.ceil(len(panels) / cols))
    n_labels = table[label].nunique()
    use_style()
    fig, axes = plt.subplots(n_rows, min(cols, len(panels)), squeeze=False, sharex=True, sharey=True,
                             figsize=(10, n_rows * (0.45 * n_labels + 0.9) + 0.8), layout="constrained")
    for ax, value in zip(axes.ravel(), panels):
        name = label_text((panel_labels or {}).get(value, value), 50)
        forest(table[table[panel] == value], label=label, group=group, ax=ax, zero=zero, legend=False,
               title=name, xlabel="", percent=percent)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("")
    for ax in axes.ravel()[len(panels):]:
        ax.set_axis_off()
    # one label for the figure: a label per bottom panel ran into its neighbour's
    fig.supxlabel(xlabel + hollow_key(table), fontsize=10)
    if group:
        handles, names = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, names, title=heading(group), loc="outside upper right", ncol=len(names), fontsize=9,
                   frameon=False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    return fig


def _wrapped(value, width: int = 18, lines: int = 3) -> str:
    """A tick label on up to ``lines`` short lines (a long source name is not cut to "relays Reut...")."""
    import textwrap

    parts = textwrap.wrap(label_text(value, 10_000), width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def common_caveats(flags: pd.Series) -> list[str]:
    """The caveats every one of ``flags`` carries, in order of first appearance."""
    from .caveats import parts

    rows = [parts(f) for f in flags]
    return [p for p in dict.fromkeys(p for r in rows for p in r) if all(p in r for r in rows)]


def shared_caveat(flags: pd.Series, n_articles: pd.Series | None = None, articles: str = "articles") -> str:
    """What a figure says when every point or cell has a caveat: the caveats they all share, in their short
    words ("every cell: fewer than 5 articles"), else that each has one.  The few-articles caveat names what
    it counts (``articles``: "articles that mention the actor") and, given ``n_articles``, the counts
    ("every cell: fewer than 5 articles that mention the actor (1 to 3 in each)")."""
    from .caveats import counting

    said = []
    for p in common_caveats(flags):
        if few := counting(p, articles):
            p = few
            if n_articles is not None and n_articles.notna().any():
                low, high = int(n_articles.min()), int(n_articles.max())
                p += f" ({low} in each)" if low == high else f" ({low} to {high} in each)"
        said.append(p)
    return f"every cell: {'; '.join(said)}" if said else "every cell has a caveat: see the table"


def marked_because(flags, articles: str = "articles", skip=()) -> str:
    """What the marked (hollow, hatched) points or cells of a figure have in common: their caveats in their short
    words, each once ("fewer than 10 mentions; fewer than 5 articles that mention the actor"), leaving out
    ``skip`` (the caveats every cell shares, which the title says); "" when no flag has one."""
    from .caveats import counting, parts

    said = dict.fromkeys(counting(p, articles) or p for f in flags for p in parts(f) if p not in skip)
    return " or ".join(said)


MAX_HEATMAP_COLUMNS = 20   # more columns than this would not fit the page: rows and columns swap


def heatmap(table: pd.DataFrame, *, row: str, col: str, value: str = "mean", title: str, ax=None,
            row_labels: dict | None = None, vlim: float = 1.0, diverging: bool = True, label: str | None = None,
            col_labels: dict | None = None, articles: str = "articles", percent: bool = False, unit: str = "observation",
            blank: str | None = None):
    """A heatmap of ``value`` for ``row`` × ``col``; cells show the value and its interval, and the x-axis label
    states n once in what ``n`` counts (``unit``, singular: "sentence", "mention", "paragraph";
    :func:`counts_said`).  ``percent``: the values are shares (0 to 1), written as percentages in
    the cells and on the colour bar ("29% (16–45%)").  The cells are signed ("+0.12") when a value or bound
    of ``table`` is below zero, unsigned otherwise, as the table's column and sentences are (:func:`intervals.signed`).

    Diverging (red–blue around 0, ±``vlim``) for scores, sequential (0 to
    ``vlim``) for shares.  Cells flagged as too little evidence are hatched and paled; when every cell shares
    a caveat, the title says it (``articles`` names what the few-articles caveat counts) and the cells with a
    further caveat are hatched.  A cell with no value is left blank.  The x-axis label keys each marking the
    figure has, and only those: what the hatched cells' caveats are (:func:`marked_because`), and what a blank
    cell means (``blank``, by default "no ``unit``").  An interval of zero width (``ci_unit`` "none": no interval) is not written.
    The figure is never wider than :data:`PAGE_WIDTH`: with room (up to five
    columns) a cell writes its interval in the house form of :mod:`~analysis.reporting.intervals`; with more
    columns it draws it as a line across the cell, on the colour bar's scale (left edge
    ``-vlim`` or 0, right edge ``vlim``), as the x-axis label says, and the
    column labels turn upright when they would not fit side by side.  With more than
    :data:`MAX_HEATMAP_COLUMNS` columns (and fewer rows), rows and columns swap: the groups run down the page,
    which has room for them."""
    import textwrap

    import numpy as np

    from .caveats import parts

    if table.empty or table[value].isna().all():
        return no_data(title, ax=ax)

    grid = table.pivot(index=row, columns=col, values=value)
    if len(grid.columns) > MAX_HEATMAP_COLUMNS and len(grid.index) < len(grid.columns):
        return heatmap(table, row=col, col=row, value=value, title=title, ax=ax, row_labels=col_labels,
                       col_labels=row_labels, vlim=vlim, diverging=diverging, label=label, articles=articles,
                       percent=percent, unit=unit, blank=blank)
    grid = grid.reindex(sorted(grid.index, key=str), axis=0).reindex(sorted(grid.columns, key=str), axis=1)
    own = ax is None
    fig, ax = _axes(ax, height=max(3.0, 0.6 * len(grid) + 1.6))
    if ax.figure.get_figwidth() < 2.2 * len(grid.columns) + 3:
        # never wider than a report page shows at 100%: a wider image is scaled down, and its text with it
        ax.figure.set_figwidth(min(PAGE_WIDTH, 2.2 * len(grid.columns) + 3))
    cell = (ax.figure.get_figwidth() - 4.0) / len(grid.columns)        # inches per column, less labels and bar
    with_interval = cell >= 1.05                                        # else "[-0.21, +0.04]" would not fit
    size = 9.5 if cell >= 0.6 else 8.0
    wrap = max(8, int(cell * 72 / 5.5))                                 # characters of a column label per line
    names = {c: (col_labels or {}).get(c, c) for c in grid.columns}
    upright = cell < 0.75 or any(len(textwrap.wrap(label_text(c, 10_000), wrap)) > 3 for c in names.values())
    if upright and own:
        ax.figure.set_figheight(ax.figure.get_figheight() + 2.0)      # room for labels read bottom to top
    cmap, vmin = ("RdBu", -vlim) if diverging else ("Blues", 0.0)
    # signed or not for the whole figure, as its table and its sentences are (intervals.signed)
    signed = intervals.signed(table[value], table.get("ci_low"), table.get("ci_high"))
    fmt = "{:+.2f}" if signed else "{:.2f}"
    short = cell < 0.45                                                 # "+.12": a narrow cell drops the 0
    im = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, vmin=vmin, vmax=vlim, aspect="auto")
    lookup = table.set_index([row, col])
    all_flagged = "flag" in table and table["flag"].fillna("").astype(bool).all()
    common = common_caveats(table["flag"]) if all_flagged else []
    if all_flagged:
        title = f"{title}\n({shared_caveat(table['flag'], table.get('n_articles'), articles)})"

    def number(v) -> str:
        if percent:
            return intervals.estimate(v, percent=True, signed=signed)
        text = intervals.number(v, fmt)
        return text.replace("0.", ".", 1) if short else text

    for i, r in enumerate(grid.index):
        for j, c in enumerate(grid.columns):
            if (r, c) not in lookup.index:
                continue
            values = lookup.loc[(r, c)]
            has_interval = not np.isnan(values["ci_low"]) and values.get("ci_unit") != "none"
            if with_interval and has_interval:
                # the house form (intervals.estimate) on two lines: "0.20\n(0.08–0.32)", "−0.30\n(−0.46 to −0.23)"
                text = intervals.estimate(values[value], values["ci_low"], values["ci_high"], fmt,
                                          percent=percent, signed=signed).replace(" (", "\n(", 1)
            elif with_interval or not has_interval:
                text = number(values[value])
            else:                       # the interval as a line under the number (drawn below)
                text = f"{number(values[value])}\n"
            # hatching marks the cells with a caveat (one every cell shares is said in the title instead); their
            # numbers sit on a pale box so the hatching never runs through them
            hatched = any(p not in common for p in parts(values.get("flag")))
            dark = abs(values[value]) > 0.55 * vlim and not hatched
            color = "white" if dark else "#222"
            ax.text(j, i, text, ha="center", va="center", fontsize=size, color=color,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", alpha=0.8, lw=0) if hatched else None)
            if not with_interval and has_interval:
                left, right = (np.clip([values["ci_low"], values["ci_high"]], vmin, vlim) - vmin) / (vlim - vmin)
                ax.plot([j - 0.42 + 0.84 * left, j - 0.42 + 0.84 * right], [i + 0.18, i + 0.18], color=color, lw=2.2,
                        solid_capstyle="butt", gid="interval", zorder=4)      # over a hatched cell's box
            if hatched:                 # paled, so that a score on one mention never looks as sure as the others
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", alpha=0.55, lw=0, gid="pale"))
                ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="//", edgecolor="#aaa", lw=0,
                                           gid="hatch"))
    ax.set_xticks(range(len(grid.columns)), [label_text(names[c], 32) if upright else _wrapped(names[c], width=wrap)
                                             for c in grid.columns], fontsize=9, rotation=90 if upright else 0)
    ax.set_yticks(range(len(grid.index)), [_wrapped((row_labels or {}).get(r, r), width=30, lines=2)
                                           for r in grid.index])
    xlabel = counts_said(table["n"], unit)
    flags = table["flag"] if "flag" in table else pd.Series([], dtype=object)
    key = []
    if hatched_any := [f for f in flags if any(p not in common for p in parts(f))]:
        key.append(f"hatched and pale: {marked_because(hatched_any, articles, common)}")
    if grid.isna().to_numpy().any():
        key.append(f"blank: {blank or f'no {unit}'}")
    if key:
        said = "; ".join(key)
        xlabel = said[0].upper() + said[1:] + ".\n" + xlabel
    if not with_interval:
        xlabel = (f"In each cell: the value; a line for its 95% interval ({number(vmin)} at the cell's left edge, "
                  f"{number(vlim)} at its right).\n{xlabel}")
    ax.set_xlabel(xlabel, fontsize=8.5)
    ax.grid(False)
    ax.set_title(title)
    bar = fig.colorbar(im, ax=ax, shrink=0.8, label=label or value)
    if percent:
        percent_axis(bar.ax.yaxis)
    return fig


def counts_said(n: pd.Series, unit: str = "observation") -> str:
    """What a figure's values rest on (``n``, one per cell or point, counting ``unit``s: "sentence", "mention"),
    said once: "n = 12 sentences in every cell", or "n = 3 to 40 mentions per cell"."""
    from .findings import plural

    counts = n.dropna().astype(int)
    if counts.empty:
        return ""
    low, high = counts.min(), counts.max()
    if low == high:
        return f"n = {plural(int(low), unit)} in every cell"
    return f"n = {low} to {plural(int(high), unit)} per cell"


def _bar(mean: float, low: float, high: float):
    """Error-bar lengths below and above ``mean``, or None without an interval.

    An interval need not contain its estimate (a Wilson bound for a share of 0
    can sit a rounding error above it; a percentile bootstrap can miss a
    skewed mean), and matplotlib refuses negative lengths, so each side is
    at least 0: the bar then shows the interval's side that exists."""
    import numpy as np

    if np.isnan(low) or np.isnan(high):
        return None
    return [[max(0.0, mean - low)], [max(0.0, high - mean)]]


def frame_map(x: pd.DataFrame, y: pd.DataFrame, colors: dict[str, str], *, xlabel: str, ylabel: str, title: str,
              ax=None):
    """Groups placed by their share of sentences evoking two frames, with 95% intervals as error bars.

    ``x`` and ``y`` are :func:`analysis.compare.group_salience` rows of one frame each, with a ``group``
    column (:func:`with_group`) and ``mean``, ``ci_low``, ``ci_high``, ``flag``; a group with a caveat in either
    frame is drawn hollow, and the x-axis label says which caveats (:func:`hollow_key`)."""
    import numpy as np

    both = x[["group", "mean", "ci_low", "ci_high", "flag"]].merge(
        y[["group", "mean", "ci_low", "ci_high", "flag"]], on="group", suffixes=("_x", "_y"))
    if both.empty:
        return no_data(title, ax=ax)
    crowded = len(both) > MAX_LABELLED
    fig, ax = _axes(ax, height=max(6.0, KEY_LINE_INCHES * len(both) + 1.0) if crowded else 6)
    for row in both.itertuples():
        color = colors.get(row.group, UNKNOWN_COLOR)
        xerr = _bar(row.mean_x, row.ci_low_x, row.ci_high_x)
        yerr = _bar(row.mean_y, row.ci_low_y, row.ci_high_y)
        thin = bool(row.flag_x) or bool(row.flag_y)
        ax.errorbar(row.mean_x, row.mean_y, xerr=xerr, yerr=yerr, fmt=group_marker(row.group, colors), color=color,
                    ecolor=color,
                    elinewidth=1.2, capsize=3, markersize=8, markerfacecolor="white" if thin else color)
    if len(both) <= MAX_LABELLED:
        # outlets at the same point share one label instead of printing over each other; the labels name
        # every point, so there is no legend repeating them
        labels = [ax.annotate("\n".join(label_text(n, 30) for n in sorted(names)), (mx, my), xytext=(6, 6),
                              textcoords="offset points", fontsize=9, zorder=5,    # over a bar it cannot avoid
                              bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85),
                              arrowprops=dict(arrowstyle="-", color="#999", lw=0.6, shrinkA=0, shrinkB=4))
                  for (mx, my), names in both.groupby([both["mean_x"].round(4), both["mean_y"].round(4)])["group"]]
    else:                           # too many to label at the points, too many alike for a legend
        labels = numbered_points(ax, both)
    top = max(0.05, float(np.nanmax(both[["ci_high_x", "ci_high_y", "mean_x", "mean_y"]].to_numpy())) * 1.1)
    # the same range on both axes (the diagonal stays the diagonal), from 0 unless every point and interval sits
    # far from it: a cluster is spread over the plot instead of filling a corner of it
    low = float(np.nanmin(both[["ci_low_x", "ci_low_y", "mean_x", "mean_y"]].to_numpy()))
    bottom = low - 0.1 * (top - low) if low > 0.15 * top else 0.0
    ax.plot([bottom, top], [bottom, top], color="#bbb", lw=0.8, ls="--")
    ax.annotate("equal shares", (top, top), xytext=(-4, -14), textcoords="offset points", ha="right",
                fontsize=8, color="#888")
    margin = 0.03 * (top - bottom)     # a group at 0 is drawn whole, not cut in half by the axis
    ax.set_xlim(bottom - margin, top)
    ax.set_ylim(bottom - margin, top)
    ax.set_aspect("equal")
    ax.grid(True, axis="both")
    percent_axis(ax.xaxis)
    percent_axis(ax.yaxis)
    hollow = hollow_key(pd.DataFrame({"flag": [f for f in [*both["flag_x"], *both["flag_y"]]]}))
    ax.set_xlabel(xlabel + ("\n" + hollow.strip()[1:-1] if hollow else ""))
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    fig.canvas.draw()               # the final layout and scales, then each label put where it covers nothing
    place_clear(ax, labels, _bar_boxes(ax, both))
    spread_labels(labels)           # what no side could keep apart
    keep_inside(ax, labels)         # and never on an axis line or outside the plot
    return fig


def _bar_boxes(ax, both: pd.DataFrame, pad: float = 2.0) -> list:
    """Display-space boxes (x0, y0, x1, y1) a frame map's label must not cover: each point's marker (8 points
    wide) and its two error bars (``both``: ``mean_x``, ``ci_low_x``... as :func:`frame_map` merges them),
    ``pad`` pixels around."""
    import numpy as np

    boxes = []
    to = ax.transData.transform
    half = 4 * ax.figure.dpi / 72
    for r in both.itertuples():
        x, y = to((r.mean_x, r.mean_y))
        boxes.append((x - half - pad, y - half - pad, x + half + pad, y + half + pad))
        for lo, hi, horizontal in ((r.ci_low_x, r.ci_high_x, True), (r.ci_low_y, r.ci_high_y, False)):
            if np.isnan(lo) or np.isnan(hi):
                continue
            (a, b), (c, d) = to((lo, r.mean_y) if horizontal else (r.mean_x, lo)), \
                to((hi, r.mean_y) if horizontal else (r.mean_x, hi))
            boxes.append((min(a, c) - pad, min(b, d) - pad, max(a, c) + pad, max(b, d) + pad))
    return boxes


# where a label may sit, in points from its point: the four quadrants (so it never covers its own point's error
# bars, which run through the point), nearest first, then further out
LABEL_SPOTS = [(dx * k, dy * k, "left" if dx > 0 else "right", "bottom" if dy > 0 else "top")
               for k in (1, 2.5, 4.5, 7) for dx, dy in ((6, 6), (-6, 6), (6, -6), (-6, -6))]


LABEL_MARGIN = 4.0   # points between a label and the axes' edges: a label never sits on an axis line


def _inner_frame(ax, renderer, margin: float = LABEL_MARGIN) -> tuple[float, float, float, float]:
    """The display box (x0, y0, x1, y1) of ``ax``'s plot area less ``margin`` points on every side."""
    frame = ax.get_window_extent(renderer)
    pad = margin * ax.figure.dpi / 72
    return frame.x0 + pad, frame.y0 + pad, frame.x1 - pad, frame.y1 - pad


def place_clear(ax, labels, obstacles) -> None:
    """Put each annotation of ``labels`` (placed in offset points from its point) at the spot of
    :data:`LABEL_SPOTS` where it covers the least of ``obstacles`` (display boxes: markers, error bars) and of
    the labels placed before it, among the spots that keep it inside the plot area and off its axis lines
    (:data:`LABEL_MARGIN`; where none does, the spot with the least of it outside); the first spot that
    covers nothing wins."""
    if not labels:
        return
    renderer = ax.figure.canvas.get_renderer()
    inner = _inner_frame(ax, renderer)
    per_point = ax.figure.dpi / 72

    def overlap(b, o) -> float:
        return max(0.0, min(b.x1, o[2]) - max(b.x0, o[0])) * max(0.0, min(b.y1, o[3]) - max(b.y0, o[1]))

    def outside(b) -> float:
        return b.width * b.height - overlap(b, inner)

    placed: list = []
    for label in labels:
        best = None
        for dx, dy, ha, va in LABEL_SPOTS:
            label.xyann = (dx, dy)
            label.set_ha(ha)
            label.set_va(va)
            box = label.get_window_extent(renderer)
            # on an axis line or outside costs more than covering everything else: it is the last resort
            cost = sum(overlap(box, o) for o in [*obstacles, *placed]) + 1000 * outside(box)
            if best is None or cost < best[0]:
                best = (cost, dx, dy, ha, va)
            if cost == 0:
                break
        _, dx, dy, ha, va = best
        label.xyann = (dx, dy)
        label.set_ha(ha)
        label.set_va(va)
        b = label.get_window_extent(renderer)
        placed.append((b.x0 - per_point, b.y0 - per_point, b.x1 + per_point, b.y1 + per_point))


KEY_LINE_INCHES = 0.15    # one line of the key beside a crowded frame map (7.5-point text and its spacing)


def numbered_points(ax, points: pd.DataFrame, width: int = 48) -> list:
    """Name many points by number: a small number beside each point and a key beside the plot ("3  Outlet C"),
    numbered from the top of the plot down.  A legend would tell the points apart only by colour and marker,
    which repeat with many groups; a number does not.  ``points``: ``group``, ``mean_x``, ``mean_y``; groups at
    the same point share a number.  Returns the number labels (moved apart by :func:`spread_labels`)."""
    import textwrap

    spots = sorted(((-my, mx, sorted(names)) for (mx, my), names in
                    points.groupby([points["mean_x"].round(4), points["mean_y"].round(4)])["group"]),
                   key=lambda s: (s[0], s[1], s[2]))
    labels, key = [], []
    for i, (neg_y, mx, names) in enumerate(spots, start=1):
        labels.append(ax.annotate(str(i), (mx, -neg_y), xytext=(4, 4), textcoords="offset points", fontsize=7,
                                  fontweight="bold", zorder=5,
                                  bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none", alpha=0.8),
                                  arrowprops=dict(arrowstyle="-", color="#999", lw=0.5, shrinkA=0, shrinkB=3)))
        text = ", ".join(label_text(n, 40) for n in names)
        key.append(textwrap.fill(text, width, initial_indent=f"{i:>2}  ", subsequent_indent="    "))
    ax.text(1.04, 1.0, "\n".join(key), transform=ax.transAxes, va="top", ha="left", fontsize=7.5,
            linespacing=1.3)
    return labels


def keep_inside(ax, labels, margin: float = LABEL_MARGIN) -> None:
    """Move each text label of ``labels`` (annotations placed in offset points) by the least that puts its text
    inside ``ax``'s plot area, ``margin`` points off the axis lines; a label larger than the area keeps its
    top left corner inside."""
    if not labels:
        return
    from matplotlib.text import Text

    renderer = ax.figure.canvas.get_renderer()
    x0, y0, x1, y1 = _inner_frame(ax, renderer, margin)
    per_point = ax.figure.dpi / 72
    for t in labels:
        b = Text.get_window_extent(t, renderer)
        dx = (x1 - b.x1 if b.x1 > x1 else 0.0)
        dx = x0 - b.x0 if b.x0 + dx < x0 else dx
        dy = (y0 - b.y0 if b.y0 < y0 else 0.0)
        dy = y1 - b.y1 if b.y1 + dy > y1 else dy
        if dx or dy:
            ox, oy = t.xyann
            t.xyann = (ox + dx / per_point, oy + dy / per_point)


def spread_labels(labels, rounds: int = 50, gap: float = 2.0) -> None:
    """Move text labels (annotations placed in offset points) up or down until no two overlap: each label that
    overlaps an earlier one goes to the nearer free side, by the overlap plus ``gap`` points."""
    if len(labels) < 2:
        return
    from matplotlib.text import Text

    fig = labels[0].figure
    renderer = fig.canvas.get_renderer()
    per_point = fig.dpi / 72

    def box(t):                              # the text alone, not the leader line an annotation also draws
        return Text.get_window_extent(t, renderer)

    for _ in range(rounds):
        moved = False
        boxes = [box(t) for t in labels]
        for i, t in enumerate(labels):
            for j in range(i):
                a, b = boxes[i], boxes[j]
                if not a.overlaps(b):
                    continue
                up, down = b.y1 - a.y0, a.y1 - b.y0        # pixels to move i above j, or below it
                dy = (up if up <= down else -down) + gap * per_point * (1 if up <= down else -1)
                ox, oy = t.xyann
                t.xyann = (ox, oy + dy / per_point)
                boxes[i] = box(t)
                moved = True
        if not moved:
            return


def _period_of(periods) -> str:
    """``"M"`` when every one of ``periods`` (period start times) is a month's first day and they are at least
    28 days apart, else ``"W"``."""
    days = pd.DatetimeIndex(sorted(set(periods)))
    apart = len(days) < 2 or (days[1:] - days[:-1]).min() >= pd.Timedelta(days=28)
    return "M" if apart and (days.day == 1).all() else "W"


OTHERS_COLOR = "#666666"   # the pooled line of the groups a crowded timeline does not draw one by one


def pool_others(dated: pd.DataFrame, max_groups: int, group_label: str = "outlet") -> tuple[pd.DataFrame, str]:
    """A timeline table (:func:`frame_timeline`'s, with ``group``) with at most ``max_groups`` groups of its own:
    those with the most sentences (then by name); the others pooled, per period and frame, into one group named
    "other outlets (N)" (``group_label``), its share taken over all their sentences, with no interval.  Returns
    the table and the pooled group's name ("" when every group keeps its own line)."""
    # a group's sentences of a period are the same in each frame's row: counted once, not once per frame
    sizes = dated.groupby(["group", "period"])["sentences"].max().groupby(level="group").sum()
    if len(sizes) <= max_groups:
        return dated, ""
    keep = sorted(sizes.index, key=lambda g: (-sizes[g], g))[:max_groups]
    rest = dated[~dated["group"].isin(keep)]
    name = f"other {group_label}s ({rest['group'].nunique()})"
    pooled = (rest.assign(evoking=rest["share"] * rest["sentences"])
              .groupby(["period", "frame"], as_index=False)[["evoking", "sentences"]].sum())
    pooled = pooled.assign(share=pooled["evoking"] / pooled["sentences"], group=name, thin=False,
                           ci_low=float("nan"), ci_high=float("nan")).drop(columns="evoking")
    return pd.concat([dated[dated["group"].isin(keep)], pooled], ignore_index=True), name


def partial_periods(periods, freq: str, span) -> list:
    """The first and last of ``periods`` (their first days) when the corpus covers them only in part: ``span`` is
    its first and last dated day (:attr:`Study.date_span`); the first period is partial when the corpus starts
    after its first day, the last when it ends before its last day.  Empty when ``span`` is None."""
    if span is None or not len(periods):
        return []
    first, last = pd.Timestamp(span[0]).normalize(), pd.Timestamp(span[1]).normalize()
    partial = []
    if first > periods[0]:
        partial.append(periods[0])
    if last < pd.Period(periods[-1], freq).end_time.normalize() and periods[-1] not in partial:
        partial.append(periods[-1])
    return partial


def frame_timeline(table: pd.DataFrame, labels: dict[str, str], colors: dict[str, str], *, title: str,
                   max_frames: int = 8, freq: str | None = None, max_groups: int = 6, group_label: str = "outlet",
                   span=None):
    """Small multiples: one panel per frame, the share of each group's sentences evoking it per period.

    With more than ``max_groups`` groups, the ``max_groups`` with the most sentences keep a line each and the
    others are pooled into one grey line, "other outlets (N)" (:func:`pool_others`): ten lines and their bands in
    one panel cannot be told apart.

    ``table`` is :func:`analysis.compare.frame_timeline` with a ``group`` column (:func:`with_group`);
    periods without a date are left out (the table beside the figure keeps them).  The frames shown are
    the ``max_frames`` most evoked overall.  ``freq`` (``"W"`` or ``"M"``; by default read from the
    periods) sets the period: a period in which a group has no sentence breaks its line, its 95% interval
    (``ci_low``, ``ci_high``) is a band, and a flagged point (too few sentences for an interval) is hollow.
    Each date tick is a period's first day, with its year.  ``span``, the corpus's first and last dated day
    (:attr:`~analysis.reporting.study.Study.date_span`), shades a first or last period the corpus covers only in
    part (:func:`partial_periods`), and the key says so: fewer sentences there is no drop in coverage."""
    import matplotlib.dates as mdates
    import numpy as np

    from ..compare.events import PERIOD_WORDS

    dated = table.dropna(subset=["period"]).copy()
    dated = dated[dated["sentences"] > 0]
    if dated.empty or dated["period"].nunique() < 2:
        return no_data(title, "fewer than two dated periods")
    dated["period"] = pd.to_datetime(dated["period"].astype(str))
    freq = freq or _period_of(dated["period"])
    # every period from the first to the last: one without sentences is a gap in the line, not a join
    periods = pd.period_range(dated["period"].min(), dated["period"].max(), freq=freq).start_time
    if "flag" in dated:
        thin = dated["flag"].fillna("").astype(str) != ""
    else:
        from ..compare.stats import MIN_N
        thin = dated["sentences"] < MIN_N
    dated["thin"] = thin
    dated, others = pool_others(dated, max_groups, group_label)
    colors = {**colors, others: OTHERS_COLOR} if others else colors
    top = dated.groupby("frame")["share"].mean().sort_values(ascending=False).index[:max_frames]
    n = len(top)
    cols = 2 if n > 1 else 1
    rows = int(np.ceil(n / cols))
    use_style()
    fig, axes = plt.subplots(rows, cols, figsize=(9, 2.3 * rows + 1.4), sharex=True, sharey=True, squeeze=False,
                             layout="constrained")
    banded = thinned = False
    partial = partial_periods(periods, freq, span)
    half = (periods[1] - periods[0]) * 0.2 if len(periods) > 1 else pd.Timedelta(days=3)   # around the point only
    for ax, frame in zip(axes.ravel(), top):
        for start in partial:
            ax.axvspan(start - half, start + half, color="#e6e6e6", lw=0, zorder=0, gid="partial")
        part = dated[dated["frame"] == frame]
        for group, g in part.groupby("group"):
            g = g.set_index("period").reindex(periods)
            color = colors.get(group, UNKNOWN_COLOR)
            ax.plot(periods, g["share"], marker=group_marker(group, colors), ms=4, lw=1.4, color=color,
                    label=label_text(group, 30))
            if {"ci_low", "ci_high"} <= set(g.columns):
                low, high = g["ci_low"].to_numpy(dtype=float), g["ci_high"].to_numpy(dtype=float)
                has = np.isfinite(low) & np.isfinite(high)
                if has.any():           # a band over consecutive periods, a bar at each (one alone has no band)
                    ax.fill_between(periods, low, high, where=has, color=color, alpha=0.15, lw=0,
                                    interpolate=False)
                    ax.vlines(periods[has], low[has], high[has], color=color, lw=1, alpha=0.6, gid="interval")
                    banded = True
            few = g["thin"].fillna(False).astype(bool).to_numpy()
            if few.any():
                ax.scatter(periods[few], g["share"].to_numpy()[few], s=30, marker=group_marker(group, colors),
                           facecolors="white", edgecolors=color, linewidths=1.2, zorder=3, gid="few")
                thinned = True
        ax.set_title(label_text(labels.get(frame, frame), 45), fontsize=10)
        ax.grid(True, axis="y")
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    # ticks on periods' first days, at most six, each with its year (no offset text such as "2021-Oct")
    step = int(np.ceil(len(periods) / 6))
    locator = (mdates.MonthLocator(interval=step) if freq == "M" else
               mdates.WeekdayLocator(byweekday=periods[0].weekday(), interval=step))
    for ax in axes.ravel()[:n]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y" if freq == "M" else "%-d %b\n%Y"))
        ax.tick_params(axis="x", labelsize=8)
    for j in range(cols):                     # the lowest panel of each column shows its dates
        last = max((i for i in range(rows) if i * cols + j < n), default=None)
        if last is not None:
            axes[last][j].xaxis.set_tick_params(labelbottom=True)
    pad = (periods[-1] - periods[0]) * 0.04
    axes[0][0].set_xlim(periods[0] - pad, periods[-1] + pad)
    axes[0][0].set_ylim(-0.03, None)         # a share of 0 drawn above the axis line, not on it
    for ax in axes[:, 0]:
        ax.set_ylabel("share of sentences")
        percent_axis(ax.yaxis)
    legend = {}                               # every group once, whichever panels it appears in
    for ax in axes.ravel()[:n]:
        for handle, name in zip(*ax.get_legend_handles_labels()):
            legend.setdefault(name, handle)
    word = PERIOD_WORDS.get(freq, "period")
    key = [f"each point: one {word}, dated by its first day", "a gap: no sentence that " + word]
    if banded:
        key.append("band and bar: 95% interval over sentences")
    if thinned:
        key.append("hollow: too few sentences for an interval")
    if others:
        key.append(f"grey: the other {group_label}s' sentences pooled, no interval")
    if partial:
        first, last = (pd.Timestamp(d) for d in span)
        key.append(f"shaded: a {word} the corpus covers only in part (its dated articles run from "
                   f"{first:%-d %b %Y} to {last:%-d %b %Y})")
    names = sorted(legend, key=lambda k: (k == others, k))
    import textwrap
    # the key in lines the figure's width holds: one long line widened the saved image past the page, and the
    # page then showed the whole figure shrunk
    key_lines = textwrap.fill("; ".join(key), int((fig.get_figwidth() - 0.5) / CHAR_8PT))
    fig.legend([legend[k] for k in names], names, loc="outside lower center", ncol=min(4, len(names)), fontsize=8,
               frameon=False, title=key_lines, title_fontsize=8)
    fig.suptitle(title)
    return fig


def k_curve(choice: pd.DataFrame, *, title: str = "Choosing the number of topics", ax=None):
    """Coherence (NPMI) and stability against k, the recommended k marked."""
    if choice.empty:
        return no_data(title, ax=ax)
    fig, ax = _axes(ax, height=3.6)
    ax.plot(choice["k"], choice["coherence"], marker="o", color=PALETTE[0], label="coherence (mean NPMI)")
    ax.plot(choice["k"], choice["stability"], marker="s", color=PALETTE[1], label="stability (units' topics agree across subsamples)")
    best = choice[choice["recommended"]]
    for k in best["k"]:
        ax.axvline(k, color="#555", ls="--", lw=1)
        ax.annotate(f"recommended k = {k}", (k, 1.0), xytext=(4, -12), textcoords="offset points", fontsize=9)
    ax.set_xticks(choice["k"])
    ax.set_ylim(-1.05, 1.1)
    ax.grid(True, axis="y")
    ax.set_xlabel("number of topics k")
    ax.set_title(title)
    ax.legend(loc="lower left")
    return fig


def term_scatter(scores: pd.DataFrame, *, z: float, min_count: int, title: str, label_top: int = 8,
                 max_panels: int = 6, scorer: str = "log_odds", group_label: str = "outlet"):
    """Scattertext-style panels, one per group: every term by its corpus frequency (x, log scale) and its
    z-score against the rest (y); terms clearing ``z`` and ``min_count`` are coloured and the strongest
    labelled; the threshold is drawn as a line.  ``scores`` has ``group``, ``term``, ``count``,
    ``count_rest`` and ``z`` for every term (no threshold applied), scored by ``scorer`` (a name of
    :data:`analysis.compare.keyness.SCORERS`, named on the y axis).

    The groups with distinctive terms come first (alphabetically), then the others, ``max_panels`` in all; a
    line under the title says how many of the groups have distinctive terms ("6 of 10 outlets have distinctive
    terms"; ``group_label`` names the groups) and, when some are left out, how many are drawn.

    Returns None, drawing nothing, when no term of any group clears the threshold: panels of grey dots
    below a line would only repeat what the caller says in one sentence."""
    import numpy as np

    if scores.empty:
        return no_data(title)
    clears = (scores["z"] >= z) & (scores["count"] >= min_count)
    if not clears.any():
        return None
    every = sorted(scores["group"].unique())
    with_terms = set(scores.loc[clears, "group"])
    groups = sorted(every, key=lambda g: (g not in with_terms, g))[:max_panels]
    subtitle = f"{len(with_terms)} of {len(every)} {group_label}s {'has' if len(with_terms) == 1 else 'have'} " \
               "distinctive terms" + (f" (the first {len(groups)} drawn)" if len(with_terms) > len(groups) else
                                      ", drawn first" if len(with_terms) < len(every) else "")
    cols = min(3, len(groups))
    rows = int(np.ceil(len(groups) / cols))
    use_style()
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.6 * rows), squeeze=False, sharey=True)
    for ax in axes.ravel()[len(groups):]:
        ax.set_axis_off()
    labels: dict = {}                         # each panel's term labels, moved apart once the layout is final
    for ax, group in zip(axes.ravel(), groups):
        part = scores[scores["group"] == group]
        freq = part["count"] + part["count_rest"]
        ok = (part["z"] >= z) & (part["count"] >= min_count)
        ax.scatter(freq[~ok], part["z"][~ok], s=6, color="#bbbbbb", alpha=0.6, edgecolor="none")
        ax.scatter(freq[ok], part["z"][ok], s=14, color=PALETTE[0], edgecolor="none")
        top = part[ok].nlargest(label_top, "z").assign(freq=lambda d: d["count"] + d["count_rest"])
        # terms at the same point share one label instead of printing over each other
        for (fx, zy), names in top.groupby(["freq", top["z"].round(3)])["term"]:
            names = sorted(names)
            text = ", ".join(label_text(n, 20) for n in names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
            labels.setdefault(ax, []).append(ax.annotate(text, (fx, zy), fontsize=7.5, xytext=(3, 2),
                                                         textcoords="offset points"))
        ax.axhline(z, color="#c44", lw=0.8, ls="--")
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))   # plain labels: mathtext is off
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_title(label_text(group, 34), fontsize=10)
        ax.set_xlabel("uses in the corpus")
        ax.grid(True, axis="both", alpha=0.3)
        if not ok.any():
            ax.text(0.5, 0.95, "no term clears the threshold", transform=ax.transAxes, ha="center", va="top",
                    fontsize=8, color="#555")
    for ax in axes[:, 0]:
        ax.set_ylabel(f"z ({scorer.replace('_', '-')} score)")
    fig.suptitle(f"{title}\n{subtitle}", x=0.01, ha="left", fontsize=12, fontweight="bold")
    fig.canvas.draw()
    for texts in labels.values():
        spread_labels(texts)
    return fig


FACT_MARKERS = {"headline": ("s", 11, "headline"), "subtitle": ("D", 8, "subtitle"), "lead": ("^", 8, "lead"),
                "body": ("o", 5, "body only")}


FACT_ROW = 0.34        # inches: the least a row of the fact matrix takes (a sentence on one line, its largest mark)
FACT_CELL = 0.3        # inches: the least a column of the fact matrix may take (its largest mark, a name on its side)
FACT_LABELS = 5.8      # inches the fact sentences (rows, 70 characters at 8 pt) and the marker legend take
CHAR_8PT = 0.065       # inches a character of an 8 pt label takes, on average
KEY_8PT = 0.142        # inches a line of 8 pt text takes in a key (matplotlib's 1.2 line spacing, and a little)
NAME_CHARS = 40        # the longest group name a figure shows on one line (longer ones wrap to two)


def fact_matrix(matrix: pd.DataFrame, colors: dict[str, str] | None = None, *, title: str, max_rows: int = 30,
                width: int = 70, ax=None, group_label: str = "source"):
    """Facts × groups; each mark says where the group states the fact at its most prominent: a square in the
    headline, a diamond in the subtitle, a triangle in the lead, a dot in the body only; an empty cell: the group
    does not state it.  ``matrix`` is :func:`analysis.compare.facts.fact_matrix`; the first ``max_rows`` rows are
    drawn (the caller orders them; the title says so, naming the groups by ``group_label``).

    The figure is at most :data:`PAGE_WIDTH` wide.  Facts are rows, labelled by their central sentence whole,
    wrapped onto lines of ``width`` characters (each row as tall as its lines), while the
    groups' names fit side by side as columns (:data:`FACT_CELL` each); with more groups (20 to 40 outlets) the
    matrix turns: groups are rows, each named in full, facts are columns named by their id, and the sentences are
    keyed, whole, under the matrix."""
    import textwrap

    if matrix.empty:
        return no_data(title, "no fact is stated by two or more articles", ax=ax)
    shown = matrix.head(max_rows)
    groups = list(shown.columns)
    turned = ax is None and len(groups) * FACT_CELL > PAGE_WIDTH - FACT_LABELS
    # each sentence whole, on lines (its id first, the lines after the first indented under it)
    key = ["\n".join(textwrap.wrap(f"{fid}: {label_text(lab, 10_000)}", width + 40 if turned else width,
                                   subsequent_indent="    ")) for (_, fid, lab) in shown.index]
    n_key = sum(k.count("\n") + 1 for k in key)
    if turned:
        use_style()
        line = 0.34 if any(len(str(g)) > NAME_CHARS for g in groups) else 0.24     # inches a row: room for two lines
        fig, (ax, below) = plt.subplots(2, 1, figsize=(PAGE_WIDTH - 1.4, line * len(groups) + KEY_8PT * n_key + 2.3),
                                        height_ratios=[line * len(groups) + 1.2, KEY_8PT * n_key + 0.1])
        below.axis("off")
        below.text(0, 1, "\n".join(key), va="top", ha="left", fontsize=8, transform=below.transAxes)
        rows, columns = groups, [str(fid) for (_, fid, _) in shown.index]
        ys = np.arange(len(rows), dtype=float)
    else:
        # a row is as tall as its sentence's lines (inches, so the y axis counts inches from the top)
        tall = np.array([max(FACT_ROW, KEY_8PT * (k.count("\n") + 1) + 0.12) for k in key]) / FACT_ROW
        ys = np.cumsum(tall) - tall / 2 - 0.5
        fig, ax = _axes(ax, height=max(2.6, FACT_ROW * tall.sum() + 1.8))
        ax.figure.set_figwidth(min(PAGE_WIDTH - 1.6, max(ax.figure.get_figwidth(), 4.5 + len(groups) * 0.9)))
        rows, columns = key, groups
    room = (ax.figure.get_figwidth() - (CHAR_8PT * NAME_CHARS + 1.5 if turned else FACT_LABELS)) / max(1, len(columns))
    scale = min(1.0, room / FACT_CELL)                  # marks shrink with the columns, never into each other
    for i, (_, row) in enumerate(shown.iterrows()):
        for j, g in enumerate(groups):
            marker, size, _ = FACT_MARKERS.get(row[g], (None, 0, ""))
            if marker:
                ax.plot(*((i, ys[j]) if turned else (j, ys[i])), marker=marker, ms=size * scale,
                        color=(colors or {}).get(g, PALETTE[0]), ls="none")
    for y in ys:
        ax.axhline(y, color="#eeeeee", lw=0.6, zorder=0)
    ax.set_yticks(ys, [_wrapped(r, NAME_CHARS, 2) if turned else r for r in rows], fontsize=8)
    if not turned:
        for tick in ax.get_yticklabels():               # a sentence's lines read from the left, the block by the axis
            tick.set_multialignment("left")
    upright = turned or room < 1.0                      # inches per column: names side by side?
    names = [label_text(c, NAME_CHARS) if upright else "\n".join(textwrap.wrap(label_text(c, 60), 18)) for c in columns]
    ax.set_xticks(range(len(columns)), names, fontsize=8, rotation=90 if upright else 0)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_ylim(ys[-1] + 0.5 if turned else ys[-1] + tall[-1] / 2, -0.5)
    ax.grid(False)
    handles = [plt.Line2D([], [], marker=m, ms=s, color="#555", ls="none", label=name)
               for m, s, name in FACT_MARKERS.values()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="most prominent")
    more = len(matrix) - len(shown)
    title += f" (the {len(shown)} of {len(matrix)} stated by the most {group_label}s)" if more > 0 else ""
    left = CHAR_8PT * (NAME_CHARS if turned else width)   # inches the row labels take left of the matrix
    ax.set_title(textwrap.fill(title, int((PAGE_WIDTH - left) / 0.12)), pad=12)  # 0.12 in a character, 12 pt bold
    return fig
