"""Who is given voice: direct quotations and reported speech, with speaker, verb and actor.

* Direct quotations: spans inside double quotation marks (straight or curly),
  across sentence boundaries within a paragraph; an opening mark that is
  never closed runs to the end of the paragraph (news style for a quote that
  continues), and stray marks never raise.  The speaker is read from the
  attribution next to the quote: '"...," the official said', '"...," said
  Jane Roe', 'Jane Roe said: "..."'.  A pronoun speaker takes the previous
  named speaker of the same article.
* Reported speech: 'X said/warned/argued (that) ...' and 'according to X',
  in sentences without quotation marks.

The speaker is resolved to an actor of ``lexicons/actors.toml`` when its
words name one ("a US defence official" → ``us``), else kept as the named
person or description ("Karim Haddad", "analysts").
"""
from __future__ import annotations

import re

import pandas as pd

from ..corpus.sentences import quote_mask
from .actors import ActorLexicon, find_in_text

QUOTE_COLUMNS = ["article_id", "sentence_id", "speaker", "actor", "verb", "text", "direct", "speaker_raw"]
VERBS = ("said|says|say|told|tells|tell|added|adds|warned|warns|stated|states|argued|argues|claimed|claims|"
         "insisted|insists|noted|notes|explained|explains|wrote|writes|declared|declares|announced|announces|"
         "stressed|stresses|emphasi[sz]ed|asked|asks|replied|responded|accused|accuses|denied|denies|"
         "acknowledged|admitted|suggested|urged|urges|vowed|vows|pledged|promised|confirmed|confirms|"
         "cautioned|contended|maintained|alleged|complained|countered|predicted|reiterated|demanded|demands|"
         "threatened")
_VERB = rf"(?P<verb>{VERBS})"
_PRONOUN = r"(?:he|she|they|it|we|I)"
_NP = r"(?:(?:the|a|an|The|A|An)\s+)?[\w.'’-]+(?:\s+(?!(?:" + VERBS + r")\b)[\w.'’-]+){0,7}?"
_AFTER_DIRECT = re.compile(
    rf"^[\s,—–-]*(?:(?P<s1>{_PRONOUN}|{_NP})\s+{_VERB}\b|(?P<verb2>{VERBS})\s+(?P<s2>{_NP})(?=\s*(?:[,.;:]|$)))")
_BEFORE_DIRECT = re.compile(rf"(?P<s>{_NP}|{_PRONOUN})\s+{_VERB}\b[^\"“]{{0,40}}?[:,]?\s*$")
_REPORTED = re.compile(rf"^(?:[^,]*,\s+)?(?P<s>{_NP})\s+{_VERB}\b(?:\s+on\s+\w+)?(?:\s+that)?\s+(?P<text>.+)$")
_ACCORDING = re.compile(r"(?P<text>.*?),?\s+according to\s+(?P<s>[^,.;]+)", re.IGNORECASE)
_APPOSITION = re.compile(r",.*$")
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}


def _clean_speaker(raw: str) -> str:
    return _LEADING_DET.sub("", _APPOSITION.sub("", raw.strip())).strip(" .,;:")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Maximal runs of quoted characters (marks included); an unclosed run ends with the paragraph."""
    mask = quote_mask(text)
    spans, start = [], None
    for i, inside in enumerate([*mask, False]):
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            spans.append((start, i))
            start = None
    return [(a, b) for a, b in spans if any(c.isalnum() for c in text[a:b])]


def _paragraphs(sentences: pd.DataFrame):
    cols = ["article_id", "paragraph_id", "sentence_id", "text"]
    for (art, _), part in sentences[cols].groupby(["article_id", "paragraph_id"], sort=False):
        offsets, pos = [], 0
        for sid, t in zip(part["sentence_id"], part["text"]):
            offsets.append((sid, pos, pos + len(t)))
            pos += len(t) + 1
        yield art, " ".join(part["text"]), offsets


def _sentence_at(offsets, index: int) -> tuple[int, int, int]:
    return next((o for o in offsets if o[1] <= index < o[2] + 1), offsets[-1])


def _resolve(raw: str, previous: str | None, actors) -> tuple[str, str | None, str | None]:
    """``(speaker, actor id, named)``; pronouns take the previous named speaker of the article."""
    speaker = _clean_speaker(raw)
    if speaker.lower() in _PRONOUNS:
        return (previous or "unresolved pronoun"), None, previous
    found = find_in_text(speaker, actors)
    return speaker, (found[0][0] if found else None), speaker


def extract_quotes(sentences: pd.DataFrame, actors: ActorLexicon | None = None) -> pd.DataFrame:
    """The ``quotes`` table for ``sentences`` (needs ``article_id``, ``sentence_id``, ``paragraph_id``, ``text``)."""
    actors = actors or ()
    rows = []
    body = sentences[sentences["position"].isin(["lead", "body"])] if "position" in sentences else sentences
    last_speaker: dict[str, str] = {}
    for art, text, offsets in _paragraphs(body):
        spans = _quote_spans(text)
        for a, b in spans:
            sid, s0, s1 = _sentence_at(offsets, a)
            _, _, e1 = _sentence_at(offsets, max(b - 1, a))
            after = text[b:e1]
            before = text[s0:a]
            raw, verb = None, None
            if m := _AFTER_DIRECT.match(after):
                raw, verb = (m.group("s1"), m.group("verb")) if m.group("s1") else (m.group("s2"), m.group("verb2"))
            elif m := _BEFORE_DIRECT.search(before):
                raw, verb = m.group("s"), m.group("verb")
            quote = text[a:b].strip('"“” ')
            if raw is None:
                speaker, actor = "unattributed", None
            else:
                speaker, actor, named = _resolve(raw, last_speaker.get(art), actors)
                if named and named.lower() not in _PRONOUNS:
                    last_speaker[art] = named
            rows.append((art, sid, speaker, actor, verb.lower() if verb else None, quote, True, raw or ""))
        quoted_sids = {_sentence_at(offsets, a)[0] for a, _ in spans}
        for sid, s0, s1 in offsets:
            sentence = text[s0:s1]
            if sid in quoted_sids or '"' in sentence or "“" in sentence:
                continue
            m = _REPORTED.match(sentence)
            if m and len(m.group("s").split()) <= 8:
                speaker, actor, named = _resolve(m.group("s"), last_speaker.get(art), actors)
                rows.append((art, sid, speaker, actor, m.group("verb").lower(), m.group("text"), False, m.group("s")))
                if named and named.lower() not in _PRONOUNS:
                    last_speaker[art] = named
            elif m := _ACCORDING.search(sentence):
                speaker, actor, _ = _resolve(m.group("s"), last_speaker.get(art), actors)
                rows.append((art, sid, speaker, actor, "according to", m.group("text"), False, m.group("s")))
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    out["actor"] = out["actor"].astype(object).where(out["actor"].notna(), None)
    return out
