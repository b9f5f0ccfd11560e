"""Who is given voice, per group: quotes and reported statements by speaker, with the verbs used.

Speakers are shown as a reader should see them (:func:`voice_label`) and each voice carries its kind
(:func:`speaker_kind`): a named person, an organisation, a document, or an unnamed speaker.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..corpus.speech import load_speech
from ..corpus.tokens import plain_words
from ..corpus.voices import DOCUMENTS
from ..measures.quotes import is_person, surname, surname_owner
from .groups import attach, group_columns
from .sentiment import labelled

# a speaker that is coverage itself ("The reporting highlighted ...", "media reports from January 16 described"):
# other outlets' reports the article cites, neither a person or institution nor the article's own words
_PRESS = re.compile(r"^(?:the\s+)?(?:(?:media|press|news)\s+)?(?:reporting|reports|media|press)"
                    r"(?:$|\s+(?:from|of|on|in)\b)", re.I)
PRESS_VOICE = "media reports the article cites"


DOCUMENT_VOICE = "documents and rules (no author named)"
UNNAMED_VOICE = "unnamed speaker"
# what the quotes measure writes for a statement with no speaker, or a pronoun with no one named before it
_NO_NAME = frozenset({"unattributed", "unresolved pronoun"})
SPEAKER_KINDS = ("person", "organisation", "document", "unnamed")


def _head(speaker: str) -> str:
    words = plain_words(str(speaker))
    return words[-1] if words else ""


@lru_cache(maxsize=1)
def _pronouns() -> frozenset:
    return load_speech().pronouns | {"him", "his", "her", "them"}


@lru_cache(maxsize=1)
def _speaker_words() -> frozenset:
    speech = load_speech()
    return speech.speaker_words | {t.lower() for t in speech.title_words}


def _unnamed(speaker: str) -> bool:
    """No name: no speaker, or a pronoun (the quotes measure writes "unresolved pronoun" for one it cannot
    resolve; the bundled speech lexicon's pronouns catch a table written otherwise)."""
    text = str(speaker).strip().lower()
    return not text or text in _NO_NAME or text in _pronouns()


def _document(speaker: str) -> bool:
    """A document or rule as the speaker ("the memo", "new rules"), or press coverage the article cites."""
    return bool(_PRESS.match(str(speaker).strip())) or _head(speaker) in DOCUMENTS


def voice_label(speaker: str) -> str:
    """The speaker as a reader should see it in the voices table: press coverage the article cites, whatever
    its wording, as :data:`PRESS_VOICE`; a document or rule with no author named ("the memo", "new rules") as
    :data:`DOCUMENT_VOICE`; a statement with no speaker or a pronoun the article never names ("he", "they") as
    :data:`UNNAMED_VOICE`; any other speaker as written."""
    text = str(speaker).strip()
    if _PRESS.match(text):
        return PRESS_VOICE
    if _unnamed(text):
        return UNNAMED_VOICE
    return DOCUMENT_VOICE if _document(text) else speaker


def speaker_kind(speaker: str, actor=None, surnames: frozenset = frozenset()) -> str:
    """One of :data:`SPEAKER_KINDS` for a speaker as the quotes table resolves it (``speaker``, and its
    ``actor`` id or None): ``organisation`` for a speaker that is an actor of the study (its voice is the
    actor, whoever spoke for it: a government's minister speaks as the government), a name that is not a
    person's ("Pentagon", "National Security Council", "US officials"); ``document`` for a document, rule or
    press coverage as the speaker; ``unnamed`` for no speaker, an unresolved pronoun, or a description with no
    name ("officials", "the finance minister", "Officials"); ``person`` for a full name (two to five
    capitalised words, none an institution's: "Jane Roe"), or one word that is the surname of such a name in
    ``surnames`` ("Roe")."""
    if actor is not None and not pd.isna(actor):
        return "organisation"
    text = str(speaker).strip()
    if _unnamed(text):
        return "unnamed"
    if _document(text):
        return "document"
    if is_person(text) or (len(text.split()) == 1 and surname(text) in surnames):
        return "person"
    # a capital on a speaker noun is the sentence's ("Officials said"), not a name's
    common = _speaker_words()
    return "organisation" if any(w[:1].isupper() and w.lower() not in common for w in text.split()) else "unnamed"


def full_names(quotes: pd.DataFrame) -> pd.DataFrame:
    """``quotes`` (``speaker``, ``actor``) with each bare surname that no actor claims ("Biden", left so by an
    article that never gives the full name) replaced by the one full name of the corpus's speakers with that
    surname ("Joe Biden"), and that name's actor; a surname two people of the corpus share ("Joe Biden",
    "Hunter Biden"), or no one's, stays as written (:func:`~analysis.measures.quotes.surname_owner`)."""
    speakers, actors = quotes["speaker"], quotes["actor"]
    people = [s for s in dict.fromkeys(speakers.dropna().astype(str)) if is_person(s)]
    bare = {s for s, a in zip(speakers, actors) if isinstance(s, str) and (a is None or pd.isna(a))
            and len(s.split()) == 1}
    owners = {s: full for s in bare if (full := surname_owner(s, people, _speaker_words())) is not None}
    if not owners:
        return quotes
    claimed = actors.notna() if len(actors) else actors.astype(bool)
    actor_of = dict(zip(speakers[claimed], actors[claimed]))         # a full name's actor, where it has one
    merged = speakers.isin(list(owners)) & ~claimed
    out = quotes.copy()
    out.loc[merged, "speaker"] = speakers[merged].map(owners)
    out.loc[merged, "actor"] = out.loc[merged, "speaker"].map(actor_of)
    out["actor"] = out["actor"].astype(object).where(out["actor"].notna(), None)
    return out


def voices(quotes: pd.DataFrame, articles: pd.DataFrame, labels: dict[str, str] | None = None,
           by="source_label") -> pd.DataFrame:
    """Quotes (direct and reported) per group and speaker, with the verbs used.

    Columns: the group column(s); ``voice``, the actor's label when the
    speaker resolves to an actor, else the speaker as written, except that
    press coverage cited as a speaker ("the reporting", "media reports") is
    :data:`PRESS_VOICE`, a document or rule with no author named is
    :data:`DOCUMENT_VOICE` and a pronoun never named is :data:`UNNAMED_VOICE`
    (:func:`voice_label`); ``speaker_kind``, one of :data:`SPEAKER_KINDS`
    (:func:`speaker_kind`: an actor's voice is an organisation; a voice
    label that gathers several speakers takes the kind most of them have);
    ``quotes``, the statements (direct and reported); ``direct``, the direct
    quotations among them; ``verbs``, the cues with their counts;
    ``share_of_group``, the voice's share of the group's statements.  A bare surname is the full name of the
    one speaker of the corpus who has it (:func:`full_names`): "Biden" and "Joe Biden" are one voice.
    """
    cols = group_columns(by)
    q = attach(quotes, articles, cols)
    q = full_names(q)
    # a surname alone is a person's when another article names that person in full
    surnames = frozenset(surname(s) for s in q["speaker"].dropna().unique() if is_person(str(s)))
    q = q.assign(voice=np.where(q["actor"].notna(), labelled(q["actor"], labels),
                                q["speaker"].map(voice_label)),
                 speaker_kind=[speaker_kind(s, a, surnames) for s, a in zip(q["speaker"], q["actor"])])
    out_cols = [*cols, "voice", "speaker_kind", "quotes", "direct", "verbs", "share_of_group"]
    if q.empty:
        return pd.DataFrame(columns=out_cols)
    table = q.groupby([*cols, "voice"]).agg(
        quotes=("text", "size"), direct=("direct", "sum"),
        verbs=("verb", lambda v: ", ".join(f"{k} ({n})" for k, n in v.value_counts().items())),
        speaker_kind=("speaker_kind", lambda k: k.value_counts().index[0]),
    ).reset_index()
    table["direct"] = table["direct"].astype(int)
    table["share_of_group"] = table["quotes"] / table.groupby(cols)["quotes"].transform("sum")
    return table.sort_values([*cols, "quotes"], ascending=[True] * len(cols) + [False]).reset_index(drop=True)[out_cols]
