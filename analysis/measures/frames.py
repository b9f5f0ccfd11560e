"""Frame dictionaries: matches with their evidence, and salience per article.

A frame lexicon is a TOML file (``lexicons/frames_iraq.toml``,
``lexicons/frames_policy.toml`` or a researcher's own) that is also the
codebook coders work from: per frame a ``label``, a ``definition``,
``include`` and ``exclude`` rules and ``examples`` (shown in the framing
report and on coding sheets), and what the dictionary matches:

* ``terms`` (single words) and ``phrases`` (several words), matched on
  Snowball stems, so "attack" finds "attacks" and "attacked";
* ``patterns``: regular expressions (case-insensitive) for what stems cannot say;
* ``veto``: regular expressions for contexts in which the frame's matches do
  not count ("sovereign wealth fund", "Syria's sovereignty").

Within a frame, overlapping matches count once (the longest); one word can
evoke two different frames.

Tables (tidy, keyed by ``article_id`` and ``sentence_id``):

* :func:`match_frames` → ``frame_matches``: ``article_id``, ``sentence_id``,
  ``frame``, ``term``, ``lexicon``, ``matched``, ``start``, ``end``, ``kind``.
* :func:`article_salience` → ``frame_salience``: per article and frame,
  ``matches``, ``per_1k_words``, ``sentence_share`` (lead and body),
  ``weighted_share`` (headline ×3, subtitle and lead ×2) and the share of
  each voice's text evoking the frame (``own_share``, ``direct_share``,
  ``reported_share``).

Comparisons between groups are in :mod:`analysis.compare.frames`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import lexicons
from ..errors import LexiconError
from ..schema import MATCH_COLUMNS, PROSE, SALIENCE_COLUMNS, TEXT_POSITIONS
from ..corpus.voices import voice_shares

POSITION_WEIGHTS = {"headline": 3.0, "subtitle": 2.0, "lead": 2.0, "body": 1.0, "heading": 1.0}
FRAME_KEYS = ("label", "definition", "include", "exclude", "examples", "terms", "phrases", "patterns", "veto")
_TOKEN = re.compile(r"\w+", re.UNICODE)

FramesError = LexiconError   # a frame lexicon is malformed; the message names the file and frame


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # needs no data files

    return SnowballStemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of one lower-cased word (memoised: news reuses its words)."""
    return _stemmer().stem(word)


def stems(text: str) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` for each word of ``text`` (hyphenated words are split)."""
    return [(stem(m.group(0).lower()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Frame:
    """One frame and its codebook entry."""

    id: str
    label: str
    definition: str
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(eq=False)
class FrameLexicon:
    name: str
    frames: dict[str, Frame]
    entries: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = field(default_factory=dict)  # first stem -> (stems, frame, term, kind)
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    vetoes: dict[str, list[re.Pattern]] = field(default_factory=dict)
    resource: lexicons.Resource | None = None

    @property
    def source(self) -> str:
        return self.resource.shown_path if self.resource else ""

    def term_table(self) -> pd.DataFrame:
        """Every term, phrase and pattern of the lexicon: ``frame``, ``term``, ``kind``."""
        rows = [(fid, term, kind) for entries in self.entries.values() for _, fid, term, kind in entries]
        rows += [(fid, p.pattern, "pattern") for p, fid in self.patterns]
        return pd.DataFrame(sorted(set(rows)), columns=["frame", "term", "kind"])


def _parse_lexicon(resource: lexicons.Resource) -> FrameLexicon:
    path = resource.path
    data = lexicons.toml(resource)
    lexicons.check_keys(data, ["lexicon", "description", "frame"], str(path))
    name = lexicons.check_type(data.get("lexicon") or path.stem.removeprefix("frames_"), str, str(path), "lexicon")
    lex = FrameLexicon(name=name, frames={}, resource=resource)
    table = data.get("frame", {})
    if not isinstance(table, dict):
        raise FramesError(f"{path}: write each frame as a [frame.ID] table")
    for fid, spec in table.items():
        where = f"{path}: frame '{fid}'"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", fid):
            raise FramesError(f"{where}: frame ids are lower case letters, digits and _ (e.g. 'troop_withdrawal')")
        if not isinstance(spec, dict):
            raise FramesError(f"{where} must be a table ([frame.{fid}])")
        lexicons.check_keys(spec, FRAME_KEYS, where)
        texts = {k: lexicons.string_list(spec.get(k, []), where, k)
                 for k in ("include", "exclude", "examples", "terms", "phrases", "patterns", "veto")}
        lex.frames[fid] = Frame(fid, lexicons.check_type(spec.get("label", fid), str, where, "label"),
                                lexicons.check_type(spec.get("definition", ""), str, where, "definition"),
                                tuple(texts["include"]), tuple(texts["exclude"]), tuple(texts["examples"]))
        for kind in ("terms", "phrases"):
            for term in texts[kind]:
                seq = tuple(s for s, _, _ in stems(term))
                if not seq:
                    raise FramesError(f"{where} has an empty {kind[:-1]} {term!r}")
                lex.entries.setdefault(seq[0], []).append((seq, fid, term, kind[:-1]))
        for kind, target in (("patterns", None), ("veto", fid)):
            for p in texts[kind]:
                try:
                    compiled = re.compile(p, re.IGNORECASE)
                except re.error as exc:
                    raise FramesError(f"{where} has an invalid {kind[:-1] if kind == 'patterns' else kind} "
                                      f"{p!r}: {exc}") from exc
                if target is None:
                    lex.patterns.append((compiled, fid))
                else:
                    lex.vetoes.setdefault(fid, []).append(compiled)
    if not lex.frames:
        raise FramesError(f"{path}: no [frame.ID] tables")
    return lex


def load_lexicon(ref: str | Path, base: Path | None = None) -> FrameLexicon:
    """A frame lexicon (bundled name such as ``"iraq"``, or a path), read now and parsed once per content."""
    return lexicons.parse(lexicons.read(ref, "frames", base), _parse_lexicon)


def match_text(text: str, lex: FrameLexicon) -> list[tuple[str, str, str, int, int]]:
    """``(frame, term, kind, start, end)`` for one text; overlaps within a frame count once (longest)."""
    tokens = stems(text)
    found = []
    for i, (s, start, _) in enumerate(tokens):
        for seq, fid, term, kind in lex.entries.get(s, ()):
            n = len(seq)
            if n == 1 or tuple(t[0] for t in tokens[i:i + n]) == seq:
                found.append((fid, term, kind, start, tokens[i + n - 1][2]))
    for pattern, fid in lex.patterns:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((fid, m.group(0).lower(), "pattern", m.start(), m.end()))
    if lex.vetoes and found:
        vetoed = {fid: [(m.start(), m.end()) for p in pats for m in p.finditer(text)]
                  for fid, pats in lex.vetoes.items()}
        found = [f for f in found if not any(a < f[4] and f[3] < b for a, b in vetoed.get(f[0], ()))]
    found.sort(key=lambda f: (f[0], -(f[4] - f[3]), f[3]))
    kept: list[tuple[str, str, str, int, int]] = []
    for f in found:
        if all(k[0] != f[0] or f[4] <= k[3] or f[3] >= k[4] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f[3], f[0]))


def match_frames(sentences: pd.DataFrame, lexicons_: list[FrameLexicon]) -> pd.DataFrame:
    """Every frame match in ``sentences`` (``article_id``, ``sentence_id``, ``text``) for each lexicon."""
    rows = []
    for lex in lexicons_:
        for art, sid, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
            for fid, term, kind, start, end in match_text(text, lex):
                rows.append((art, sid, fid, term, lex.name, text[start:end], start, end, kind))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def frame_table(lexicons_: list[FrameLexicon]) -> pd.DataFrame:
    """Frames of the lexicons with their codebook: ``lexicon``, ``frame``, ``label``, ``definition``, ..."""
    rows = []
    for lex in lexicons_:
        rows += [(lex.name, f.id, f.label, f.definition, list(f.include), list(f.exclude), list(f.examples))
                 for f in lex.frames.values()]
    return pd.DataFrame(rows, columns=["lexicon", "frame", "label", "definition", "include", "exclude", "examples"])


def sentence_evokes(matches: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence × frame that the sentence evokes: ``article_id``, ``sentence_id``, ``lexicon``,
    ``frame``, ``n_matches`` (sparse: sentences evoking nothing have no row)."""
    keys = ["article_id", "sentence_id", "lexicon", "frame"]
    if matches.empty:
        return pd.DataFrame(columns=[*keys, "n_matches"])
    return matches.groupby(keys).size().rename("n_matches").reset_index()


def article_salience(matches: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame,
                     frames: pd.DataFrame, method: str = "dictionary") -> pd.DataFrame:
    """The ``frame_salience`` table: one row per article × frame (zeros included).

    ``frames`` lists the frames (``lexicon``, ``frame``) so that frames no
    sentence evokes still get their zero.  Computed from the sparse matches
    and per-article totals; no sentences × frames table is built.
    """
    s = sentences[["article_id", "sentence_id", "position"]].copy()
    shares = voice_shares(sentences)
    s = pd.concat([s, shares], axis=1)
    s["weight"] = s["position"].map(POSITION_WEIGHTS).fillna(1.0)
    prose = s["position"].isin(PROSE)
    totals = pd.DataFrame({
        "n_prose": prose.groupby(s["article_id"]).sum(),
        "w_total": s["weight"].groupby(s["article_id"]).sum(),
        **{f"{v}_total": s[v].where(prose, 0.0).groupby(s["article_id"]).sum() for v in shares.columns},
    })
    ev = sentence_evokes(matches).merge(s, on=["article_id", "sentence_id"], how="inner")
    keys = ["article_id", "lexicon", "frame"]
    ev["in_text"] = np.where(ev["position"].isin(TEXT_POSITIONS), ev["n_matches"], 0)
    ev["in_prose"] = ev["position"].isin(PROSE).astype(float)
    for v in shares.columns:
        ev[f"{v}_ev"] = ev[v] * ev["in_prose"]
    sums = ev.groupby(keys)[["in_text", "in_prose", "weight", *(f"{v}_ev" for v in shares.columns)]].sum()

    grid = pd.MultiIndex.from_product([articles["article_id"].unique(), range(len(frames))],
                                      names=["article_id", "_f"]).to_frame(index=False)
    grid = grid.merge(frames[["lexicon", "frame"]].reset_index(drop=True).rename_axis("_f").reset_index(), on="_f")
    out = grid.drop(columns="_f").merge(sums.reset_index(), on=keys, how="left").fillna(0.0)
    out = out.merge(totals.reset_index(), on="article_id", how="left")
    out = out.merge(articles[["article_id", "n_words"]], on="article_id", how="left")

    def ratio(num, den):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)

    out["matches"] = out["in_text"].astype(int)
    out["per_1k_words"] = ratio(out["matches"] * 1000, out["n_words"])
    out["sentence_share"] = ratio(out["in_prose"], out["n_prose"])
    out["weighted_share"] = ratio(out["weight"], out["w_total"])
    for v in shares.columns:
        out[v] = ratio(out[f"{v}_ev"], out[f"{v}_total"])
    out["method"] = method
    return out[SALIENCE_COLUMNS].sort_values(["article_id", "lexicon", "frame"]).reset_index(drop=True)
