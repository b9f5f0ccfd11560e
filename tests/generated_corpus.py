"""A generated corpus of a few hundred articles built from the real articles' sentences, with ~10% copies.

Shared by the engine and duplicate tests.  Sentences come from data/raw (the
five real pages; lines of at least eight words, so most page furniture is
left out), shuffled into articles of four to eight paragraphs; about one
article in ten is a copy of an earlier one: exact, with a paragraph added,
or with its last paragraph cut (containment then falls near the threshold
for short articles, which is where methods could disagree).
"""
from __future__ import annotations

import csv
import random
import re
from pathlib import Path

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
OUTLETS = [("Alpha Times", "left"), ("Beta Post", "center"), ("Gamma Wire", "right"), ("Delta News", "left"),
           ("Epsilon Daily", "right"), ("Zeta Herald", "center")]


def real_sentences() -> list[str]:
    """Sentences of the five real pages (split at sentence ends; at least eight words each), in file order."""
    out = []
    for path in sorted(RAW.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line.strip()):
                if len(s.split()) >= 8 and s[-1:] in ".!?\"”":
                    out.append(s)
    return out


def make_articles(n: int, seed: int = 0) -> list[dict]:
    """``n`` article rows (``id``, ``title``, ``outlet``, ``leaning``, ``published``, ``text``), ~10% copies."""
    rng = random.Random(seed)
    pool = real_sentences()
    rows, originals = [], []
    for i in range(n):
        outlet, leaning = OUTLETS[i % len(OUTLETS)]
        if originals and rng.random() < 0.1:
            paragraphs = list(rng.choice(originals))
            kind = rng.choice(["exact", "extended", "cut"])
            if kind == "extended":
                paragraphs.append(" ".join(rng.sample(pool, 2)))
            elif kind == "cut" and len(paragraphs) > 1:
                paragraphs.pop()
        else:
            paragraphs = [" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(rng.randint(4, 8))]
            originals.append(paragraphs)
        rows.append({"id": f"g{i:04d}", "title": f"Story {i} on the coalition", "outlet": outlet, "leaning": leaning,
                     "published": f"2024-01-{1 + i % 28:02d}", "text": "\n\n".join(paragraphs)})
    return rows


def write_corpus(folder: Path, n: int, seed: int = 0) -> Path:
    """The rows of :func:`make_articles` as one CSV export in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = make_articles(n, seed)
    with open(folder / "export.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder
