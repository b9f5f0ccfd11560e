"""Frame dictionaries: matches with their evidence, salience per article and outlet, two-pole axes.

A frame lexicon is a TOML file (``lexicons/frames_iraq.toml``,
``lexicons/frames_policy.toml``): per frame, terms and phrases matched on
Snowball word stems (no downloads) and regular-expression patterns.  Within a
frame, overlapping matches count once (the longest); one word can evoke two
different frames.

Tables (tidy, keyed by ``article_id`` and ``sentence_id``):

* :func:`match_frames` → ``frame_matches``: ``article_id``, ``sentence_id``,
  ``frame``, ``term``, ``lexicon``, ``matched``, ``start``, ``end``, ``kind``.
* :func:`article_salience` → ``frame_salience``: per article and frame,
  ``matches``, ``per_1k_words``, ``sentence_share``, ``weighted_share``
  (headline ×3, subtitle and lead ×2), ``own_share``, ``quoted_share``.
* :func:`outlet_salience`, :func:`axis_scores`: outlet comparisons with
  bootstrap intervals and evidence flags (:mod:`analysis.stats`).
* :func:`evidence`: the keyword-in-context sentences behind any number.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus.duplicates import primary_only
from .paths import LEXICONS
from .stats import group_ci

IRAQ = LEXICONS / "frames_iraq.toml"
POLICY = LEXICONS / "frames_policy.toml"
DEFAULT_LEXICONS = (IRAQ, POLICY)
MATCH_COLUMNS = ["article_id", "sentence_id", "frame", "term", "lexicon", "matched", "start", "end", "kind"]
SALIENCE_COLUMNS = ["article_id", "frame", "lexicon", "matches", "per_1k_words", "sentence_share",
                    "weighted_share", "own_share", "quoted_share"]
POSITION_WEIGHTS = {"headline": 3.0, "subtitle": 2.0, "lead": 2.0, "body": 1.0, "heading": 1.0}
TEXT_POSITIONS = ("lead", "body", "heading")     # where n_words is counted
SENTENCE_POSITIONS = ("lead", "body")            # the sentences a share is taken over
_TOKEN = re.compile(r"\w+", re.UNICODE)


class FramesError(ValueError):
    """A frame lexicon is malformed; the message names the file and frame."""


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # needs no data files

    return SnowballStemmer("english")


def stems(text: str) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` for each word of ``text`` (hyphenated words are split)."""
    stem = _stemmer().stem
    return [(stem(m.group(0).lower()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Frame:
    id: str
    label: str
    definition: str


@dataclass(eq=False)
class FrameLexicon:
    name: str
    frames: dict[str, Frame]
    entries: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = field(default_factory=dict)  # first stem -> (stems, frame, term, kind)
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    source: str = ""


@lru_cache(maxsize=16)
def load_lexicon(path: str | Path) -> FrameLexicon:
    """Read and compile a frame lexicon TOML file."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FramesError(f"{path}: cannot read frame lexicon: {exc}") from exc
    name = data.get("lexicon") or Path(path).stem
    lex = FrameLexicon(name=name, frames={}, source=str(path))
    for fid, spec in data.get("frame", {}).items():
        lex.frames[fid] = Frame(fid, spec.get("label", fid), spec.get("definition", ""))
        for kind in ("terms", "phrases"):
            for term in spec.get(kind, []):
                seq = tuple(s for s, _, _ in stems(term))
                if not seq:
                    raise FramesError(f"{path}: frame '{fid}' has an empty {kind[:-1]} {term!r}")
                lex.entries.setdefault(seq[0], []).append((seq, fid, term, kind[:-1]))
        for p in spec.get("patterns", []):
            try:
                lex.patterns.append((re.compile(p, re.IGNORECASE), fid))
            except re.error as exc:
                raise FramesError(f"{path}: frame '{fid}' has an invalid pattern {p!r}: {exc}") from exc
    if not lex.frames:
        raise FramesError(f"{path}: no [frame.ID] tables")
    return lex


def lexicon_files(frames_file: str | Path | None = None) -> tuple[Path, ...]:
    """The lexicons to use: a user's frame file (or the story's, by default) and the Policy Frames Codebook."""
    main = Path(frames_file) if frames_file else IRAQ
    return (main, POLICY) if main.resolve() != POLICY.resolve() else (POLICY,)


def default_axis(frames_file: str | Path | None = None) -> tuple[str, str]:
    """The two poles of the default axis: the first two frames of the lexicon (sovereignty, Iranian influence)."""
    lex = load_lexicon(str(lexicon_files(frames_file)[0]))
    ids = list(lex.frames)
    if len(ids) < 2:
        raise FramesError(f"{lex.source}: an axis needs two frames, the lexicon has {len(ids)}")
    return ids[0], ids[1]


def match_text(text: str, lex: FrameLexicon) -> list[tuple[str, str, str, int, int]]:
    """``(frame, term, kind, start, end)`` for one text; overlaps within a frame count once (longest)."""
    tokens = stems(text)
    found = []
    for i, (stem, start, _) in enumerate(tokens):
        for seq, fid, term, kind in lex.entries.get(stem, ()):
            n = len(seq)
            if tuple(t[0] for t in tokens[i:i + n]) == seq:
                found.append((fid, term, kind, start, tokens[i + n - 1][2]))
    for pattern, fid in lex.patterns:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((fid, m.group(0).lower(), "pattern", m.start(), m.end()))
    found.sort(key=lambda f: (f[0], -(f[4] - f[3]), f[3]))
    kept: list[tuple[str, str, str, int, int]] = []
    for f in found:
        if all(k[0] != f[0] or f[4] <= k[3] or f[3] >= k[4] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f[3], f[0]))


def match_frames(sentences: pd.DataFrame, lexicons=DEFAULT_LEXICONS) -> pd.DataFrame:
    """Every frame match in ``sentences`` (``article_id``, ``sentence_id``, ``text``) for each lexicon."""
    rows = []
    for path in lexicons:
        lex = load_lexicon(str(path))
        for art, sid, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
            for fid, term, kind, start, end in match_text(text, lex):
                rows.append((art, sid, fid, term, lex.name, text[start:end], start, end, kind))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def frame_table(lexicons=DEFAULT_LEXICONS) -> pd.DataFrame:
    """Frames of the lexicons: ``lexicon``, ``frame``, ``label``, ``definition``."""
    rows = []
    for path in lexicons:
        lex = load_lexicon(str(path))
        rows += [(lex.name, f.id, f.label, f.definition) for f in lex.frames.values()]
    return pd.DataFrame(rows, columns=["lexicon", "frame", "label", "definition"])


def sentence_frames(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                    lexicons=DEFAULT_LEXICONS) -> pd.DataFrame:
    """One row per sentence × frame: ``evokes`` (0/1), ``n_matches``, ``weight``, ``voice``, ``position``, ``outlet``."""
    frames = frame_table(lexicons)[["lexicon", "frame"]]
    base = sentences[["article_id", "sentence_id", "position", "in_quote"]].merge(
        articles[["article_id", "outlet", "is_primary"]], on="article_id")
    grid = base.merge(frames, how="cross")
    counts = matches.groupby(["article_id", "sentence_id", "lexicon", "frame"]).size().rename("n_matches").reset_index()
    grid = grid.merge(counts, on=["article_id", "sentence_id", "lexicon", "frame"], how="left")
    grid["n_matches"] = grid["n_matches"].fillna(0).astype(int)
    grid["evokes"] = (grid["n_matches"] > 0).astype(float)
    grid["weight"] = grid["position"].map(POSITION_WEIGHTS).fillna(1.0)
    grid["voice"] = np.where(grid["in_quote"], "quoted", "own")
    return grid


def article_salience(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                     lexicons=DEFAULT_LEXICONS) -> pd.DataFrame:
    """The ``frame_salience`` table: one row per article × frame (zeros included)."""
    grid = sentence_frames(matches, sentences, articles, lexicons)
    keys = ["article_id", "lexicon", "frame"]
    text = grid[grid["position"].isin(TEXT_POSITIONS)].groupby(keys)["n_matches"].sum().rename("matches")
    body = grid[grid["position"].isin(SENTENCE_POSITIONS)]
    share = body.groupby(keys)["evokes"].mean().rename("sentence_share")
    own = body[body["voice"] == "own"].groupby(keys)["evokes"].mean().rename("own_share")
    quoted = body[body["voice"] == "quoted"].groupby(keys)["evokes"].mean().rename("quoted_share")
    g = grid.assign(wx=grid["weight"] * grid["evokes"])
    sums = g.groupby(keys)[["wx", "weight"]].sum()
    weighted = (sums["wx"] / sums["weight"]).rename("weighted_share")
    out = pd.concat([text, share, weighted, own, quoted], axis=1).reset_index()
    out = out.merge(articles[["article_id", "n_words"]], on="article_id")
    out["matches"] = out["matches"].fillna(0).astype(int)
    out["per_1k_words"] = np.where(out["n_words"] > 0, out["matches"] / out["n_words"] * 1000, np.nan)
    return out[SALIENCE_COLUMNS]


def outlet_salience(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                    lexicon: str = "iraq", weighted: bool = False, by_voice: bool = False,
                    count_copies: bool = False, lexicons=DEFAULT_LEXICONS, seed: int = 0) -> pd.DataFrame:
    """Share of sentences evoking each frame, per outlet (and voice), with 95% intervals and flags.

    ``weighted=True`` counts headline and lead sentences more (:data:`POSITION_WEIGHTS`) and includes the headline.
    """
    grid = primary_only(sentence_frames(matches, sentences, articles, lexicons), articles, count_copies)
    grid = grid[grid["lexicon"] == lexicon]
    positions = tuple(POSITION_WEIGHTS) if weighted else SENTENCE_POSITIONS
    grid = grid[grid["position"].isin(positions)]
    by = ["outlet", "frame"] + (["voice"] if by_voice else [])
    out = group_ci(grid, by, "evokes", weight="weight" if weighted else None, seed=seed)
    evidence = grid.groupby(by)["evokes"].sum().astype(int).rename("evidence_sentences").reset_index()
    out = out.merge(evidence, on=by)
    out.loc[out["evidence_sentences"] < 3, "flag"] = out.loc[out["evidence_sentences"] < 3, "flag"].map(
        lambda f: "; ".join(x for x in (f, "fewer than 3 evidence sentences") if x))
    return out


def axis_scores(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
                positive: str = "sovereignty", negative: str = "iranian_influence", lexicon: str = "iraq",
                by: str = "outlet", count_copies: bool = False, seed: int = 0) -> pd.DataFrame:
    """Where each outlet (or article, ``by="article_id"``) sits between two frames, in [−1, 1].

    Score = (P − N) / (P + N) over the lead and body sentences evoking either
    pole, P and N counting the sentences evoking the ``positive`` and
    ``negative`` frame: +1 is all ``positive``, −1 all ``negative``.  Units with
    no sentence evoking either pole get no score ("no data").
    """
    m = matches[(matches["lexicon"] == lexicon) & matches["frame"].isin([positive, negative])]
    poles = (m.groupby(["article_id", "sentence_id", "frame"]).size().unstack(fill_value=0)
             .reindex(columns=[positive, negative], fill_value=0).gt(0).astype(float).reset_index())
    base = sentences[sentences["position"].isin(SENTENCE_POSITIONS)][["article_id", "sentence_id"]]
    base = base.merge(poles, on=["article_id", "sentence_id"], how="left").fillna({positive: 0.0, negative: 0.0})
    base = base.merge(articles[["article_id", "outlet", "is_primary", "title"]], on="article_id")
    base = primary_only(base, articles, count_copies)
    base["weight"] = base[positive] + base[negative]
    base["score"] = np.where(base["weight"] > 0, (base[positive] - base[negative]) / base["weight"].where(base["weight"] > 0, 1), np.nan)
    keys = [by] if by == "outlet" else ["article_id", "outlet", "title"]
    out = group_ci(base, keys, "score", weight="weight", seed=seed, unit="pole sentences")
    out = out.rename(columns={"n": "pole_sentences"})
    counts = base.groupby(keys)[[positive, negative]].sum().astype(int).reset_index()
    return counts.merge(out, on=keys, how="left")


def top_frames(salience: pd.DataFrame) -> pd.DataFrame:
    """Per outlet, the frame(s) with the highest share (ties kept together), from :func:`outlet_salience`."""
    best = salience[salience["mean"] > 0]
    best = best[best["mean"] == best.groupby("outlet")["mean"].transform("max")]
    return best.sort_values(["outlet", "frame"]).reset_index(drop=True)


def evidence(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame, *,
             frame: str | None = None, outlet: str | None = None, article_id: str | None = None,
             lexicon: str | None = "iraq", width: int = 60) -> pd.DataFrame:
    """Keyword-in-context rows behind a number: outlet, article, sentence, frame, term, left | match | right."""
    m = matches
    if lexicon:
        m = m[m["lexicon"] == lexicon]
    if frame:
        m = m[m["frame"] == frame]
    if article_id:
        m = m[m["article_id"] == article_id]
    ctx = m.merge(sentences[["article_id", "sentence_id", "position", "in_quote", "text"]],
                  on=["article_id", "sentence_id"]).merge(articles[["article_id", "outlet", "title"]], on="article_id")
    if outlet:
        ctx = ctx[ctx["outlet"] == outlet]
    ctx["left"] = [t[max(0, s - width):s] for t, s in zip(ctx["text"], ctx["start"])]
    ctx["right"] = [t[e:e + width] for t, e in zip(ctx["text"], ctx["end"])]
    cols = ["outlet", "article_id", "sentence_id", "position", "in_quote", "frame", "term", "left", "matched",
            "right", "text"]
    return ctx.sort_values(["outlet", "article_id", "sentence_id", "start"])[cols].reset_index(drop=True)
