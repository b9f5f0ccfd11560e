"""Figures for the reports: functions that take data (and an optional ``ax``) and return the figure.

One style file (``style/report.mplstyle``), a colour-blind-safe palette with
one fixed colour per outlet across all figures (:func:`outlet_colors`), and
:func:`save` writing PNG and SVG without timestamps so reruns give the same
files.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from .paths import PACKAGE_DIR

STYLE = PACKAGE_DIR / "style" / "report.mplstyle"
# Okabe & Ito (2008) colour-blind-safe colours, then Paul Tol's muted scheme for larger corpora.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
           "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
UNKNOWN_COLOR = "#9a9a9a"


def use_style() -> None:
    plt.style.use(STYLE)


def outlet_colors(outlets) -> dict[str, str]:
    """A fixed colour per outlet: the same outlet list always gives the same colours ("unknown" is grey)."""
    names = sorted({str(o) for o in outlets} - {"unknown"})
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    colors["unknown"] = UNKNOWN_COLOR
    return colors


def _axes(ax, height: float | None = None):
    if ax is not None:
        return ax.figure, ax
    use_style()
    fig, ax = plt.subplots(figsize=(8, height) if height else None)
    return fig, ax


def bar_by_outlet(values: pd.Series, colors: dict[str, str], *, title: str, xlabel: str, ax=None,
                  fmt: str = "{:,.0f}"):
    """Horizontal bars, one per outlet (``values`` indexed by outlet), labelled with their values."""
    values = values.sort_values()
    fig, ax = _axes(ax, height=max(2.2, 0.45 * len(values) + 1.2))
    bars = ax.barh(values.index.astype(str), values.to_numpy(),
                   color=[colors.get(o, UNKNOWN_COLOR) for o in values.index])
    ax.bar_label(bars, labels=[fmt.format(v) for v in values], padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    return fig


def bar_counts(values: pd.Series, *, title: str, xlabel: str, ax=None, color: str = PALETTE[0]):
    """Horizontal bars for a count per category (e.g. lines removed per cleaning rule)."""
    values = values.sort_values()
    fig, ax = _axes(ax, height=max(2.2, 0.35 * len(values) + 1.2))
    bars = ax.barh(values.index.astype(str), values.to_numpy(), color=color)
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    return fig


def stacked_by_outlet(table: pd.DataFrame, *, title: str, xlabel: str, ax=None):
    """Horizontal stacked bars: rows are outlets, columns are parts (e.g. sentence positions)."""
    fig, ax = _axes(ax, height=max(2.2, 0.45 * len(table) + 1.4))
    left = pd.Series(0.0, index=table.index)
    for i, col in enumerate(table.columns):
        ax.barh(table.index.astype(str), table[col], left=left, label=str(col), color=PALETTE[i % len(PALETTE)])
        left += table[col]
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend(ncols=min(len(table.columns), 5), loc="upper center", bbox_to_anchor=(0.5, -0.18))
    return fig


def save(fig, name: str, folder: str | Path) -> list[Path]:
    """Write ``name``.png and ``name``.svg into ``folder`` with no timestamps; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    fig.savefig(png, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    return [png, svg]
