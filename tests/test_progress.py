"""Progress bars in words a researcher reads: "1,700 articles/s", not "1.70k/s"."""
import io
import re

import pytest

from analysis import progress


@pytest.mark.parametrize("rate, unit, words", [
    (1700.4, "article", "1,700 articles/s"),
    (21550.0, "sentence", "21,550 sentences/s"),
    (2.54, "notebook", "2.5 notebooks/s"),
    (0.08, "notebook", "12 s per notebook"),
    (3.0, "it", "3.0 items/s"),
    (None, "file", "…"),
])
def test_a_rate_reads_in_plain_words(rate, unit, words):
    assert progress.plain_rate(rate, unit) == words


def test_a_bar_counts_with_separators_and_no_si_prefix():
    out = io.StringIO()
    for _ in progress.tqdm(range(2500), desc="ingest", unit="article", file=out, mininterval=0, miniters=1):
        pass
    last = [line for line in re.split(r"[\r\n]", out.getvalue()) if line.strip()][-1].rstrip()
    assert last.startswith("ingest: 100% |") and "2,500/2,500" in last and "so far" in last
    assert re.search(r"\d articles/s\]$", last) and not re.search(r"\d(k|M)/s|it/s", last)


def test_a_bar_without_a_total_counts_what_it_has_done():
    out = io.StringIO()
    for _ in progress.tqdm(iter(range(1200)), desc="reading", unit="file", file=out, mininterval=0, miniters=1):
        pass
    last = [line for line in re.split(r"[\r\n]", out.getvalue()) if line.strip()][-1].rstrip()
    assert last.startswith("reading: 1,200 [") and "files/s]" in last


def test_every_long_step_uses_these_bars():
    from analysis.corpus import ingest
    from analysis.measures import sentiment, topics
    from analysis.reporting import render
    assert ingest.tqdm is sentiment.tqdm is topics.tqdm is render.tqdm is progress.tqdm
