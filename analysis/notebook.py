"""What every notebook does first and the few display helpers they share.

Notebooks stay thin: a parameters cell, :func:`setup`, library calls, display.
Text from articles is HTML-escaped before it goes into Markdown, so a title
such as ``<img src=x onerror=alert(1)>`` shows as text and runs nothing.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import __version__, paths, plots
from .corpus import Corpus, load_or_build

log = logging.getLogger(__name__)


@dataclass
class Session:
    corpus: Corpus
    corpus_dir: Path
    figures_dir: Path
    colors: dict[str, str]
    count_copies: bool = False

    @property
    def is_demo(self) -> bool:
        return self.corpus_dir.resolve() == paths.DATA_DEMO.resolve()

    def save(self, fig, name: str) -> None:
        """Write the figure to ``figures_dir`` (PNG + SVG) and show it, with its title as alt text."""
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        png = plots.save(fig, name, self.figures_dir)[0]
        data = png.read_bytes()
        width = int.from_bytes(data[16:20], "big")   # PNG header; shown at screen size, not print size
        display(Image(data=data, width=int(width * 100 / plt.rcParams["savefig.dpi"])),
                metadata={"alt": plots.describe(fig, name)})
        plt.close(fig)

    def frame_matches(self, frames_file=None) -> pd.DataFrame:
        """Frame matches with the bundled lexicons (cached), or with a researcher's own frame file."""
        if frames_file is None:
            return self.measure("frame_matches")
        from .frames import lexicon_files, match_frames
        return match_frames(self.corpus.sentences, lexicon_files(frames_file))

    def measure(self, name: str) -> pd.DataFrame:
        """A measure table (``"sentiment"``, ``"actor_mentions"``, ...), cached beside the corpus tables."""
        from .measures import load_measure
        return load_measure(self.corpus, f"{name}.parquet")


def setup(corpus_dir: str | Path | None = None, figures_dir: str | Path | None = None,
          count_copies: bool = False) -> Session:
    """Load (or build and cache) the corpus tables and set the figure style."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    pd.set_option("display.max_colwidth", 160)
    pd.set_option("display.precision", 3)
    folder = Path(corpus_dir) if corpus_dir else paths.default_corpus()
    corpus = load_or_build(folder, progress=True)
    plots.use_style()
    return Session(corpus, folder, Path(figures_dir) if figures_dir else paths.FIGURES,
                   plots.outlet_colors(corpus.articles["outlet"]), count_copies)


def escape(text) -> str:
    """Article text made safe for Markdown/HTML output."""
    return html.escape(str(text), quote=True)


def corpus_note(session: Session) -> str:
    """A Markdown line saying which corpus the notebook ran on (and warning if it is the synthetic demo)."""
    arts = session.corpus.articles
    line = (f"Corpus `{escape(session.corpus_dir.name)}`: {len(arts)} articles from "
            f"{arts['outlet'].nunique()} outlets; package version {__version__}.")
    if session.is_demo:
        line += (" **This is the synthetic demo corpus** (fictional outlets, invented text), used because "
                 "`data/raw/` holds no articles: the numbers below illustrate the method, not real coverage.")
    return line
