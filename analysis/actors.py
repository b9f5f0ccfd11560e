"""Find the actors of a story in sentences (lexicon: ``lexicons/actors.toml``).

Output is tidy: one row per mention, keyed by ``article_id`` and
``sentence_id``, with the matched text and its character span, so a mention
can be traced to its sentence and scored in context.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .paths import LEXICONS

DEFAULT_ACTORS = LEXICONS / "actors.toml"
MENTION_COLUMNS = ["article_id", "sentence_id", "actor", "mention", "start", "end"]
_BEFORE = r"(?<![\w\-‑])"
_AFTER = r"(?:['’]s?)?(?!\w|[-‑](?-i:[a-z]))"


class ActorsError(ValueError):
    """The actors file is malformed; the message names the file and actor."""


@dataclass(frozen=True, eq=False)
class Actor:
    id: str
    label: str
    patterns: tuple[re.Pattern, ...]
    not_after: frozenset[str]


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _alias_pattern(aliases: list[str], flags: int) -> re.Pattern | None:
    if not aliases:
        return None
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(f"{_BEFORE}(?:{alternation}){_AFTER}", flags)


@lru_cache(maxsize=8)
def load_actors(path: str | Path = DEFAULT_ACTORS) -> tuple[Actor, ...]:
    """Actors from a TOML file (see the header of ``lexicons/actors.toml`` for its shape)."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ActorsError(f"{path}: cannot read actors file: {exc}") from exc
    actors = []
    for aid, spec in data.get("actor", {}).items():
        aliases = spec.get("aliases", [])
        pats = [
            _alias_pattern([a for a in aliases if _is_acronym(a)], 0),
            _alias_pattern([a for a in aliases if not _is_acronym(a)], re.IGNORECASE),
        ]
        for p in spec.get("patterns", []):
            try:
                pats.append(re.compile(p))
            except re.error as exc:
                raise ActorsError(f"{path}: actor '{aid}' has an invalid pattern {p!r}: {exc}") from exc
        actors.append(Actor(aid, spec.get("label", aid), tuple(p for p in pats if p),
                            frozenset(w.lower() for w in spec.get("not_after", []))))
    if not actors:
        raise ActorsError(f"{path}: no [actor.ID] tables")
    return tuple(actors)


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"(\w+)\W*$", text[:start])
    return m.group(1).lower() if m else ""


def find_in_text(text: str, actors: tuple[Actor, ...]) -> list[tuple[str, int, int]]:
    """Non-overlapping ``(actor id, start, end)`` in ``text``; the longest match wins an overlap."""
    found = []
    for actor in actors:
        for pattern in actor.patterns:
            for m in pattern.finditer(text):
                if m.end() > m.start() and _previous_word(text, m.start()) not in actor.not_after:
                    found.append((actor.id, m.start(), m.end()))
    found.sort(key=lambda f: (-(f[2] - f[1]), f[1]))
    kept: list[tuple[str, int, int]] = []
    for f in found:
        if all(f[2] <= k[1] or f[1] >= k[2] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f[1])


def find_mentions(sentences: pd.DataFrame, actors_file: str | Path | None = None) -> pd.DataFrame:
    """One row per actor mention in ``sentences`` (needs ``article_id``, ``sentence_id``, ``text``)."""
    actors = load_actors(str(actors_file or DEFAULT_ACTORS))
    rows = []
    for art, sid, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        for actor, start, end in find_in_text(text, actors):
            rows.append((art, sid, actor, text[start:end], start, end))
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def actor_labels(actors_file: str | Path | None = None) -> dict[str, str]:
    return {a.id: a.label for a in load_actors(str(actors_file or DEFAULT_ACTORS))}
