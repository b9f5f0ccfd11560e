"""Frame dictionaries: matches with their evidence, and salience per article.

A frame lexicon is a TOML file (``lexicons/frames_iraq.toml``,
``lexicons/frames_policy.toml`` or a researcher's own) that is also the
codebook coders work from: per frame a ``label``, a ``definition``,
``include`` and ``exclude`` rules and ``examples`` (shown in the framing
report and on coding sheets), and what the dictionary matches:

* ``terms`` (single words) and ``phrases`` (several words), matched on
  Snowball stems, so "attack" finds "attacks" and "attacked";
* ``exact``: words or phrases matched on their exact word forms (case
  aside), for words whose stem joins other senses: "independence" in
  ``exact`` finds "independence" only, not "independent" or
  "independently" (all three share the stem "independ");
* ``patterns``: regular expressions (case-insensitive) for what stems cannot say;
* ``veto``: regular expressions for contexts in which the frame's matches do
  not count ("sovereign wealth fund").

In a pattern or veto, ``{story}`` stands for any of the story's names (below).

A lexicon may name the story's own country in a ``[story]`` table
(``country`` and its ``names``: the country, its people, capital and
leaders).  A frame's ``owned`` words (e.g. "sovereignty", "autonomy") are then
things that must belong to that country for a match to count: a match holding
one does not count when its owner is something else (see :func:`owner_of`):
another named place ("Ukraine's sovereignty", "the sovereignty of Lebanon",
"Kurdish autonomy"), a region, institution or group ("the region's autonomy",
"the independence of the judiciary", "the dignity of the victims"), a
capitalised name ("the Independent Electoral Commission"), or "his country"
in a sentence that names someone else and not the story's country.  When a
sentence's owned matches all belong to something else, the frame's other
matches in it do not count either ("an infringement on Moldova's sovereignty").

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
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .. import lexicons
from ..errors import LexiconError
from ..schema import MATCH_COLUMNS, PROSE, SALIENCE_COLUMNS, TEXT_POSITIONS
from ..corpus.tokens import (APOSTROPHE_HYPHENATED_WORD, CAPITALISED_HYPHENATED_WORD, CAPITALISED_NAME, HYPHENATED_WORD,
                             LOWER_HYPHENATED_WORD, WORD_BEFORE, WORD_RUN, stem, word_spans)
from ..corpus.voices import voice_shares
from .screen import PatternScreen, fold

POSITION_WEIGHTS = {"headline": 3.0, "subtitle": 2.0, "lead": 2.0, "body": 1.0, "heading": 1.0}
FRAME_KEYS = ("label", "definition", "include", "exclude", "examples", "terms", "phrases", "exact", "patterns",
              "veto", "owned")
STORY_KEYS = ("country", "names")
STORY_PLACEHOLDER = "{story}"     # in a pattern or veto: any of the story's names (the [story] table)
# nouns that stand for a country itself or for what a country holds: an owner of these is the country
# ("the country's sovereignty", "the independence of the nation", "control of its own decisions")
COUNTRY_WORDS = frozenset("""country nation state republic government people homeland land territory soil airspace
    skies border borders decision decisions choice choices will affairs future course path destiny""".split())
_POSSESSIVE_DETERMINERS = frozenset({"its", "their", "our", "my", "your"})

FramesError = LexiconError   # a frame lexicon is malformed; the message names the file and frame


def stems(text: str) -> list[tuple[str, int, int]]:
    """``(stem, start, end)`` for each word of ``text`` (runs of word characters: hyphenated words are split)."""
    return [(stem(word.lower()), start, end) for word, start, end in word_spans(text)]


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
    exact: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = field(default_factory=dict)    # first word -> (words, frame, term, "exact")
    patterns: list[tuple[re.Pattern, str]] = field(default_factory=list)
    vetoes: dict[str, list[re.Pattern]] = field(default_factory=dict)
    owned: dict[str, frozenset[str]] = field(default_factory=dict)      # frame -> stems of its owned words
    country: str = ""                                                     # [story] country
    names: frozenset[str] = frozenset()                                   # [story] names, lower case
    resource: lexicons.Resource | None = None

    @property
    def source(self) -> str:
        return self.resource.shown_path if self.resource else ""

    @cached_property
    def pattern_screen(self) -> PatternScreen:
        """Which of :attr:`patterns` can match a text (only those are run; see :mod:`.screen`)."""
        return PatternScreen([p for p, _ in self.patterns])

    @cached_property
    def veto_list(self) -> list[tuple[str, re.Pattern]]:
        """``(frame, veto)`` for every veto, frame by frame in the lexicon's order."""
        return [(fid, p) for fid, pats in self.vetoes.items() for p in pats]

    @cached_property
    def veto_screen(self) -> PatternScreen:
        return PatternScreen([p for _, p in self.veto_list])

    def disabled(self) -> list[str]:
        """The notes of this lexicon's patterns and vetoes disabled so far (:mod:`analysis.lexicons.patterns`)."""
        from ..lexicons.patterns import disabled_notes
        return disabled_notes([p for p, _ in self.patterns] + [p for _, p in self.veto_list])

    def term_table(self) -> pd.DataFrame:
        """Every term, phrase and pattern of the lexicon: ``frame``, ``term``, ``kind``."""
        rows = [(fid, term, kind) for table in (self.entries, self.exact)
                for entries in table.values() for _, fid, term, kind in entries]
        rows += [(fid, p.pattern, "pattern") for p, fid in self.patterns]
        return pd.DataFrame(sorted(set(rows)), columns=["frame", "term", "kind"])


def _parse_lexicon(resource: lexicons.Resource) -> FrameLexicon:
    path = resource.path
    data = lexicons.toml(resource)
    lexicons.check_keys(data, ["lexicon", "description", "story", "frame"], str(path))
    name = lexicons.check_type(data.get("lexicon") or path.stem.removeprefix("frames_"), str, str(path), "lexicon")
    lex = FrameLexicon(name=name, frames={}, resource=resource)
    story = lexicons.check_type(data.get("story", {}), dict, str(path), "story")
    lexicons.check_keys(story, STORY_KEYS, f"{path}: [story]")
    lex.country = lexicons.check_type(story.get("country", ""), str, f"{path}: [story]", "country")
    names = lexicons.string_list(story.get("names", []), f"{path}: [story]", "names")
    lex.names = frozenset(n.lower().replace("’", "'") for n in [lex.country, *names] if n)
    story_names = "(?:" + "|".join(re.escape(n).replace("'", "[’']") for n in sorted(lex.names, key=len, reverse=True)) + ")"
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
                 for k in ("include", "exclude", "examples", "terms", "phrases", "exact", "patterns", "veto", "owned")}
        if texts["owned"] and not lex.names:
            raise FramesError(f"{where}: 'owned' words need the story's country: add a [story] table with "
                              f"'country' and 'names' at the top of the file")
        lex.owned[fid] = frozenset(s for w in texts["owned"] for s, _, _ in stems(w))
        lex.frames[fid] = Frame(fid, lexicons.check_type(spec.get("label", fid), str, where, "label"),
                                lexicons.check_type(spec.get("definition", ""), str, where, "definition"),
                                tuple(texts["include"]), tuple(texts["exclude"]), tuple(texts["examples"]))
        for kind in ("terms", "phrases"):
            for term in texts[kind]:
                seq = tuple(s for s, _, _ in stems(term))
                if not seq:
                    raise FramesError(f"{where} has an empty {kind[:-1]} {term!r}")
                lex.entries.setdefault(seq[0], []).append((seq, fid, term, kind[:-1]))
        for term in texts["exact"]:
            seq = tuple(w.lower() for w in WORD_RUN.findall(term))
            if not seq:
                raise FramesError(f"{where} has an empty exact term {term!r}")
            lex.exact.setdefault(seq[0], []).append((seq, fid, term, "exact"))
        for kind, target in (("patterns", None), ("veto", fid)):
            for k, p in enumerate(texts[kind], start=1):
                if STORY_PLACEHOLDER in p:
                    if not lex.names:
                        raise FramesError(f"{where}: {p!r} uses {STORY_PLACEHOLDER} but the file has no [story] "
                                          f"table naming the country")
                    p = p.replace(STORY_PLACEHOLDER, story_names)
                try:
                    compiled = lexicons.compile_pattern(p, re.IGNORECASE, f"{where}, {kind} item {k}",
                                                        resource.bundled)
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


def load_lexicons(refs, base: Path | None = None) -> list[FrameLexicon]:
    """The study's frame lexicons, in order; two with the same ``lexicon`` name are refused (their matches
    would merge under one name and count twice), naming both files."""
    out, seen = [], {}
    for ref in refs:
        lex = load_lexicon(ref, base)
        if lex.name in seen:
            raise FramesError(f"{lex.source}: lexicon name {lex.name!r} is already used by {seen[lex.name]}; "
                              "give one of them another `lexicon = ...` name")
        seen[lex.name] = lex.source
        out.append(lex)
    return out


def match_text(text: str, lex: FrameLexicon, tokens: list[tuple[str, int, int]] | None = None,
               screen: bool = True) -> list[tuple[str, str, str, int, int]]:
    """``(frame, term, kind, start, end)`` for one text; overlaps within a frame count once (longest).

    ``tokens`` is :func:`stems` of ``text`` when the caller has it (one text matched against several
    lexicons is stemmed once).  With ``screen`` (the default) only the patterns and vetoes whose needed words
    the text holds are run (:mod:`.screen`); without it every one is: the matches are the same.
    """
    tokens = stems(text) if tokens is None else tokens
    words = [text[a:b].lower() for _, a, b in tokens]
    found = []
    for i, (s, start, _) in enumerate(tokens):
        for seq, fid, term, kind in lex.entries.get(s, ()):
            n = len(seq)
            if n == 1 or tuple(t[0] for t in tokens[i:i + n]) == seq:
                found.append((fid, term, kind, start, tokens[i + n - 1][2]))
        for seq, fid, term, kind in lex.exact.get(words[i], ()):
            n = len(seq)
            if n == 1 or tuple(words[i:i + n]) == seq:
                found.append((fid, term, kind, start, tokens[i + n - 1][2]))
    folded = fold(text) if screen and (lex.patterns or lex.vetoes) else None
    patterns = lex.patterns
    for i in lex.pattern_screen.candidates(text, folded) if screen else range(len(patterns)):
        pattern, fid = patterns[i]
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append((fid, m.group(0).lower(), "pattern", m.start(), m.end()))
    if lex.vetoes and found:
        frames_found = {f[0] for f in found}
        vetoes = lex.veto_list
        vetoed: dict[str, list[tuple[int, int]]] = {}
        for i in lex.veto_screen.candidates(text, folded) if screen else range(len(vetoes)):
            fid, p = vetoes[i]
            if fid in frames_found:
                vetoed.setdefault(fid, []).extend((m.start(), m.end()) for m in p.finditer(text))
        found = [f for f in found if not any(a < f[4] and f[3] < b for a, b in vetoed.get(f[0], ()))]
    if found and any(lex.owned.values()):
        found = _owned_by_the_story(found, text, tokens, lex)
    found.sort(key=lambda f: (f[0], -(f[4] - f[3]), f[3]))
    kept: list[tuple[str, str, str, int, int]] = []
    for f in found:
        if all(k[0] != f[0] or f[4] <= k[3] or f[3] >= k[4] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: (f[3], f[0]))


def _title_case(text: str) -> bool:
    """A headline in title case, where capitals say nothing about names."""
    long_words = [w for w in WORD_RUN.findall(text) if len(w) > 3 and w[0].isalpha()]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.85


_POSSESSOR = re.compile(rf"({HYPHENATED_WORD})(?:[’']s|s[’'])\s+(?:({LOWER_HYPHENATED_WORD})\s+)?$")   # "Ukraine's (territorial) "
_OF_OWNER = re.compile(rf"\s+of\s+(?:(?:the|a|an)\s+)?({APOSTROPHE_HYPHENATED_WORD})(?:\s+({APOSTROPHE_HYPHENATED_WORD}))?")
_DEMONYM = re.compile(r"(?:ian|ean|an|ese|ish|i)$")     # a capitalised first word that names a people: "Kurdish"
_GROUP_WORDS = frozenset("those these all many some each every both others".split())   # "the dignity of those killed"


def owner_of(text: str, start: int, end: int, lex: FrameLexicon) -> str | None:
    """Whose is the word at ``text[start:end]`` (e.g. "sovereignty")? ``"own"`` (the story's country, ``[story]``
    names, or a word for a country: "its", "the country's", "the nation"), ``"other"`` (anything else named as its
    owner) or ``None`` (the sentence does not say).

    Read, in this order: a capitalised name it is part of (not in a title-case headline), a possessive before it
    ("Ukraine's", "the region's", "Iraq's national"), a capitalised adjective before it ("Kurdish autonomy"; as
    the first word only when it looks like a people's name, so "National sovereignty" stays unknown), an
    owner after it ("of Lebanon", "of the judiciary", "of Iraq's judiciary", "of those killed").  "His/her
    country's" is the story's country when the sentence names the story's country or no one else; "its" is
    another's when the sentence opens with another named owner ("Syria's government ...") and does not name
    the story's country.
    """
    names = lex.names
    word = text[start:end]
    before = text[:start]
    first = not before.strip() or before.rstrip()[-1:] in ".:;\"“‘(—–-"
    if word[:1].isupper() and not first and not _title_case(text):
        return "own" if word.lower() in names else "other"
    m = _POSSESSOR.search(before)
    if m:
        owner = m.group(1)
        if owner.lower() in names:
            return "own"
        if owner[:1].isupper() and not (m.start(1) == 0 and owner.lower() in COUNTRY_WORDS):
            return "other"
        if owner.lower() in COUNTRY_WORDS:
            if owner.lower() == "country" and re.search(r"\b(?:his|her)\s+$", before[:m.start(1)]):
                return _speakers_country(text, lex)
            return "own"
        return "other"
    m = WORD_BEFORE.search(before)
    if m and m.group(1).lower() in ("its", "their") and before[m.end(1):].strip() == "":
        return _its_owner(text, lex)
    if m and before[m.end(1):].strip() == "" and m.group(1)[:1].isupper() and not first:
        adjective = m.group(1)
        if adjective.lower() in names:
            return "own"
        if (m.start(1) > 0 or _DEMONYM.search(adjective)) and not _title_case(text):
            return "other"
    m = _OF_OWNER.match(text, end)
    if m:
        w1, w2 = m.group(1), m.group(2) or ""
        base = re.sub(r"[’']s$", "", w1)
        if w1.lower() in _POSSESSIVE_DETERMINERS:
            return "own"
        if base.lower() in names or base.lower() in COUNTRY_WORDS:
            if base != w1 and w2[:1].islower() and w2.lower() not in COUNTRY_WORDS:
                return "other"                       # "the independence of Iraq's judiciary"
            return "own"
        if w1.lower() in ENGLISH_STOP_WORDS and w1.lower() not in _GROUP_WORDS:
            return None
        return "other"
    return None


def _speakers_country(text: str, lex: FrameLexicon) -> str:
    """"His country's": the story's country when the sentence names it (or its people, capital, leaders) or
    names no one else; another's when it names someone or somewhere else (a capitalised word, not the first)."""
    if _names_story(text, lex):
        return "own"
    # the first word counts only as a possessive ("Ukraine's president ... his country's"), not as a capital
    capitalised = [m.group(0) for m in CAPITALISED_NAME.finditer(text)
                   if m.start() > 0 or text[m.end():m.end() + 2] in ("'s", "’s")]
    return "other" if capitalised else "own"


def _its_owner(text: str, lex: FrameLexicon) -> str | None:
    """"Its sovereignty": another's when the sentence opens with another named owner ("Syria's government said
    ... its sovereignty", "Jordan said ... its sovereignty") and names none of the story's names; else the
    sentence does not say."""
    m = re.match(rf"\s*(?:The\s+)?({CAPITALISED_HYPHENATED_WORD})(?:[’']s\s|\s+(?:said|says|called|accused|insisted|argued|stated|warned|"
                 r"condemned|complained|protested|denounced)\b)", text)
    if m and m.group(1).lower() not in lex.names and not _names_story(text, lex):
        return "other"
    return None


def _names_story(text: str, lex: FrameLexicon) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) for n in lex.names)


def _owned_by_the_story(found: list, text: str, tokens, lex: FrameLexicon) -> list:
    """Drop the matches of frames with ``owned`` words whose owner is not the story's country (see
    :func:`owner_of`); when a frame's owned matches in the text belong to others and none to the story's
    country, drop its other matches too ("an infringement on Moldova's sovereignty and territorial integrity")."""
    verdicts: dict[tuple, str | None] = {}
    for f in found:
        owned = lex.owned.get(f[0])
        heads = [(a, b) for s, a, b in tokens if owned and f[3] <= a and b <= f[4] and s in owned]
        if heads:
            owners = {owner_of(text, a, b, lex) for a, b in heads}
            verdicts[f] = "own" if "own" in owners else "other" if "other" in owners else None
    said = {}
    for f, v in verdicts.items():
        if v is not None:
            said.setdefault(f[0], set()).add(v)
    return [f for f in found if verdicts.get(f) != "other" and said.get(f[0]) != {"other"}]


def match_frames(sentences: pd.DataFrame, lexicons_: list[FrameLexicon]) -> pd.DataFrame:
    """Every frame match in ``sentences`` (``article_id``, ``sentence_id``, ``text``) for each lexicon."""
    per_lexicon: list[list[tuple]] = [[] for _ in lexicons_]
    seen: dict[str, list[list[tuple]]] = {}         # a sentence repeated in many articles is matched once
    for art, sid, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        found = seen.get(text)
        if found is None:
            tokens = stems(text)                    # once for every lexicon
            found = seen[text] = [list(match_text(text, lex, tokens)) for lex in lexicons_]
        for lex, rows, hits in zip(lexicons_, per_lexicon, found):
            for fid, term, kind, start, end in hits:
                rows.append((art, sid, fid, term, lex.name, text[start:end], start, end, kind))
    return pd.DataFrame([r for rows in per_lexicon for r in rows], columns=MATCH_COLUMNS)


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
