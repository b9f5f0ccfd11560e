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


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is in an interactive shell."""

    def isatty(self):
        return True


def test_a_bar_counts_with_separators_and_no_si_prefix():
    out = Terminal()
    for _ in progress.tqdm(range(2500), desc="ingest", unit="article", file=out, mininterval=0, miniters=1):
        pass
    last = [line for line in re.split(r"[\r\n]", out.getvalue()) if line.strip()][-1].rstrip()
    assert last.startswith("ingest: 100% |") and "2,500/2,500" in last and "so far" in last
    assert re.search(r"\d articles/s\]$", last) and not re.search(r"\d(k|M)/s|it/s", last)


def test_a_bar_without_a_total_counts_what_it_has_done():
    out = Terminal()
    for _ in progress.tqdm(iter(range(1200)), desc="reading", unit="file", file=out, mininterval=0, miniters=1):
        pass
    last = [line for line in re.split(r"[\r\n]", out.getvalue()) if line.strip()][-1].rstrip()
    assert last.startswith("reading: 1,200 [") and "files/s]" in last


@pytest.mark.parametrize("items", [range(2500), iter(range(1200))], ids=["with total", "without total"])
def test_where_the_stream_is_no_terminal_a_step_writes_a_start_and_an_end_line(items):
    out = io.StringIO()                                     # a log file or a pipe: no isatty
    outer = progress.tqdm(range(2), desc="measures", unit="measure", file=out, mininterval=0, miniters=1)
    for _ in outer:
        for _ in progress.tqdm(items, desc="sentiment", unit="sentence", file=out, mininterval=0, miniters=1,
                               position=1, leave=False):
            pass
        items = range(3)
    outer.close()
    text = out.getvalue()
    assert "\r" not in text and "\x1b" not in text                # no frames redrawn, no cursor moved
    lines = text.splitlines()
    assert len(lines) == 6 and all(line.strip() for line in lines)
    assert lines[0] == "measures: started (2 measures)" and lines[-1].startswith("measures: 2/2 measures done [")
    assert lines[1].startswith("sentiment: started") and re.match(r"sentiment: (2,500/2,500|1,200) sentences done",
                                                                   lines[2])


def test_a_step_left_by_an_error_says_where_it_stopped_not_done():
    out = io.StringIO()
    with pytest.raises(ValueError):
        for i in progress.tqdm(range(100), desc="reading", unit="file", file=out, mininterval=0, miniters=1):
            if i == 30:
                raise ValueError("a file that cannot be read")
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("reading: stopped at 30/100 files [") and "done" not in last


def test_a_disabled_bar_writes_nothing_to_a_log():
    out = io.StringIO()
    for _ in progress.tqdm(range(10), desc="reading", file=out, disable=True):
        pass
    assert out.getvalue() == ""


def test_every_long_step_uses_these_bars():
    from analysis.corpus import ingest
    from analysis.measures import sentiment, topics
    from analysis.reporting import render
    assert ingest.tqdm is sentiment.tqdm is topics.tqdm is render.tqdm is progress.tqdm
