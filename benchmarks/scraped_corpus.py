"""The corpora of scraped-looking pages that the speed benchmarks (profile_stages.py, speed.py, throughput.py) run on.

One builder, :func:`write_corpus`: each benchmark says what a new article is
(its own source of text) and how its page looks; the builder spreads the
articles over :data:`OUTLETS` in turn, makes about one in ten
(:data:`COPY_SHARE`) a syndicated copy of an earlier original, and writes one
CSV export per outlet (``id``, ``outlet``, ``text``).  Every random choice is
drawn from the one ``random.Random`` the caller passes, in a fixed order, so a
seed gives the same corpus.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Callable

# Page furniture around an article: a breadcrumb, share and newsletter lines...
FURNITURE = ["Home > World > Middle East", "Share this article", "Advertisement", "Read More: Five things to know",
             "Back to top", "Sign up for our daily newsletter", "Follow us on Twitter and Facebook",
             "Most read stories"]
SHORT_FURNITURE = FURNITURE[:6]     # the lines speed.py's and throughput.py's corpora were measured with
OUTLETS = [f"Outlet {i:02d}" for i in range(20)]
COPY_SHARE = 0.1                    # about one article in ten is a copy of an earlier one


def write_corpus(folder: Path, n: int, rng: random.Random, new_article: Callable, page: Callable,
                 copy: Callable | None = None) -> dict:
    """Write ``n`` pages into ``folder`` (created if missing), one CSV per outlet; returns ``n_articles`` and
    ``n_copies_made``.

    ``new_article(rng, i)`` makes the ``i``-th article when it is an original (any value ``page`` reads);
    a copy is an earlier original, passed through ``copy(rng, original)`` when given (e.g. a paragraph
    added); ``page(rng, i, article)`` is the text of the ``i``-th page.
    """
    rows: dict[str, list[dict]] = {o: [] for o in OUTLETS}
    originals, copies = [], 0
    for i in range(n):
        outlet = OUTLETS[i % len(OUTLETS)]
        if originals and rng.random() < COPY_SHARE:
            article = rng.choice(originals)                 # a syndicated copy
            if copy is not None:
                article = copy(rng, article)
            copies += 1
        else:
            article = new_article(rng, i)
            originals.append(article)
        rows[outlet].append({"id": str(i), "outlet": outlet, "text": page(rng, i, article)})
    folder.mkdir(parents=True, exist_ok=True)
    for outlet, items in rows.items():
        with open(folder / f"{outlet.replace(' ', '_')}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=["id", "outlet", "text"])
            w.writeheader()
            w.writerows(items)
    return {"n_articles": n, "n_copies_made": copies}


def sentence_article(rng: random.Random, sentences: list[str]) -> str:
    """An article body of four to nine paragraphs, each of one to three of ``sentences`` drawn at random."""
    return "\n".join(" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(rng.randint(4, 9)))


def with_paragraph_added(rng: random.Random, body: str, sentences: list[str]) -> str:
    """A copy of ``body``, three times in ten with a paragraph of two of ``sentences`` added at the end."""
    return body + "\n" + " ".join(rng.sample(sentences, 2)) if rng.random() < 0.3 else body
