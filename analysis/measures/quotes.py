"""Who is given voice: direct quotations and reported speech, with speaker, verb and actor.

The statements themselves are found at ingestion by
:func:`analysis.corpus.voices.attributions` (quotation marks, verbs and nouns
of saying from the speech lexicon, "according to X" in any position,
attributions before or after a quote within a window of words of the same
sentence) and stored as the corpus's ``attributions`` table; the rules run
here only for a sentences table that comes without one.  This module turns each one into a
row of the ``quotes`` table and resolves its speaker:

* the speaker as written is normalised: articles, possessive pronouns,
  auxiliaries and titles are dropped ("Prime Minister Mohammed al-Sudani" →
  "Mohammed al-Sudani", "Mr. Trump" → "Trump"), the owner of a noun of saying
  is the speaker ("al-Sudani's proposal" → "al-Sudani"), and an apposition
  keeps the name ("Iraq's Prime Minister, Mohammed al-Sudani" → "Mohammed
  al-Sudani");
* a surname or a title alone takes the full name met earlier in the same
  article ("Sudani" → "Mohammed Shia al-Sudani"; "the prime minister" → the
  name that followed "Prime Minister" earlier), or met later in it when none
  came before (a headline's "Biden says" → the body's "Joe Biden"); a
  surname two people of the article share ("Joe Biden", "Hunter Biden") is
  ambiguous and stays as written (:func:`surname_owner`);
* "he"/"she" take the last named person of the article, "they"/"we" the last
  speaker, each with its actor;
* the actor is the actor lexicon's match in the speaker's words ("a US defence
  official" → ``us``).

Columns: :data:`analysis.schema.QUOTE_COLUMNS` (``verb`` is the cue's lemma,
``cue`` says how the statement was found: ``quote``, ``verb``, ``noun`` or
``according to``).
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..corpus.tokens import NAME_WORD, WORD_CHARS
from ..corpus.voices import DOCUMENTS, Speech, load_speech, paragraph_attributions
from ..schema import QUOTE_COLUMNS
from .actors import ActorLexicon, find_in_text

_DROP = re.compile(r"^(?:(?:the|a|an|his|her|their|its|our|many|some|several|other|both|all|two|three|senior|"
                   r"top|then|former|these|those|this)\s+)+", re.I)
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)(?:'s|s')\s+(?P<rest>.+)$")
_NAME = re.compile(rf"^{NAME_WORD}(?:\s+(?:{NAME_WORD}|bin|de|van|von))*$")
# words that make a capitalised phrase an institution rather than a person
_INSTITUTION = frozenset("council committee ministry department government forces force state states united nations "
                         "security army navy office house party group groups resistance coalition administration "
                         "agency news union islamic guard corps front movement organization organisation bank court "
                         "assembly parliament congress senate forum pentagon command mobilization republic "
                         "kingdom revolutionary".split())
_SUBJECT_NOUNS = frozenset("message statement remarks comments address announcement speech letter".split())


def surname(name: str) -> str:
    """A name's last word in lower case, without an Arabic article ("Mohammed al-Sudani" -> "sudani")."""
    last = name.split()[-1].lower()
    return re.sub(r"^(?:al|el|ad|as|ar)-", "", last)


def is_person(name: str) -> bool:
    """Two to five capitalised words, none of an institution ("Mohammed al-Sudani", not "National Security Council")."""
    words = name.split()
    return (2 <= len(words) <= 5 and bool(_NAME.match(name))
            and not any(w.lower().strip(".") in _INSTITUTION for w in words))


def _first(name: str) -> str:
    return name.split()[0].lower().strip(".")


def surname_owner(name: str, people, common=frozenset()) -> str | None:
    """The one person of ``people`` (full names, in the order met) whose surname is ``name``'s, or None.

    ``name`` is a single word ("Biden", "Sudani"); a name of more words, an acronym ("FBI"), a word of an
    institution's name or of ``common`` (lower case: the speech lexicon's speaker nouns, "police"), or one no
    person's surname matches, has no owner.  Full names with the same first word and surname are one person written more or less fully
    ("Mohammed al-Sudani", "Mohammed Shia al-Sudani": the last met is returned); two different first words
    ("Joe Biden", "Hunter Biden") make the surname ambiguous, and None is returned: a bare surname is merged only
    where it can name one person.
    """
    words = name.split()
    if len(words) != 1 or not words[0][:1].isupper() or words[0].isupper():
        return None
    if words[0].lower() in common or words[0].lower() in _INSTITUTION:
        return None
    sur = surname(name)
    found = [p for p in people if is_person(p) and surname(p) == sur]
    if not found or len({_first(p) for p in found}) > 1:
        return None
    return found[-1]


def _alternation(words) -> str:
    """A regular expression matching any of ``words`` (non-empty), as a tree of their common beginnings
    ("adm(?:iral)?|air"): one letter tried per branch instead of every word in turn."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alts = [re.escape(ch) + branch(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body

    return branch(tree)


@lru_cache(maxsize=8)
def _title_patterns(title_words: tuple[str, ...]) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
    """``(title + name, title alone, where a title + name can start)`` patterns of a speech lexicon's titles,
    compiled once per lexicon.  The third finds the word starts whose word is the first word of a title
    ("prime" of "Prime Minister"), in any case: every title + name starts at one (a title's word is followed by a
    period, a comma, a space or nothing), and :func:`_title_names` tries the first only there."""
    if not title_words:
        return None, None, None
    titles = "|".join(re.escape(t) for t in title_words)
    one = rf"(?i:(?:{titles})\.?)"
    firsts = {m.group() if (m := re.match(WORD_CHARS, t)) else "" for t in title_words}
    # a title that does not start with a word character (or is empty) could start anywhere
    start = rf"(?<![\w-])(?i:{_alternation(firsts)})(?!\w)" if "" not in firsts else r"(?<![\w-])"
    return (re.compile(rf"(?<![\w-])(?P<title>{one}(?:\s+{one})*),?\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})"),
            re.compile(rf"^{one}(?:\s+{one})*$"),
            re.compile(start))


def _title_names(pattern: re.Pattern, starts: re.Pattern, text: str):
    """The matches of ``pattern`` (a title + name pattern of :func:`_title_patterns`) in ``text``, as
    ``pattern.finditer(text)`` gives them, tried only where ``starts`` finds a title's first word (where every
    match starts) rather than at every character (each try there being dozens of titles tried in turn)."""
    pos = 0
    while (at := starts.search(text, pos)) is not None:
        m = pattern.match(text, at.start())
        if m is None:
            pos = at.start() + 1
            continue
        yield m
        pos = m.end()


class _Resolver:
    """Speaker normalisation and coreference for one article (fed its sentences in order)."""

    def __init__(self, body: str, speech: Speech, actors):
        self.speech = speech
        self.actors = actors or ()
        self.people: list[str] = []          # full names met so far
        self.titled: dict[str, str] = {}     # "prime minister" -> "Mohammed Shia al-Sudani"
        self.last_person: tuple[str, str | None] | None = None
        self.last_speaker: tuple[str, str | None] | None = None
        self._title_name, self._title_only, self._title_start = _title_patterns(speech.title_words)
        if self._title_name is not None:
            for m in _title_names(self._title_name, self._title_start, body.replace("’", "'")):
                name = m.group("name")
                if is_person(name):
                    self.titled.setdefault(re.sub(r"[\s.]+", " ", m.group("title")).strip().lower(), name)
                    self._person(name)

    def _person(self, name: str) -> None:
        if name not in self.people:
            self.people.append(name)

    def normalise(self, raw: str) -> str:
        """The speaker's name or description, without determiners, titles, auxiliaries or the thing said."""
        s = re.sub(r"\s+", " ", raw.replace("’", "'")).strip(" ,.;:()")
        s = re.sub(r"\s*\([^)]*\)", "", s)              # "National Security Council (NSC)"
        if "," in s:                                    # apposition: keep the part that is a name
            parts = [p.strip() for p in s.split(",") if p.strip()]
            names = [p for p in parts if is_person(self._untitled(_DROP.sub("", p)))]
            s = names[-1] if names else parts[0]
        s = _DROP.sub("", s)
        if m := re.match(rf"^({WORD_CHARS})\s+(?:from|by|of)\s+(?P<who>.+)$", s):
            if self._said_by_owner(m.group(1)):
                s = _DROP.sub("", m.group("who"))       # "a statement from the district" -> "district"
        if m := _POSSESSIVE.match(s):
            rest = m.group("rest")
            first = rest.lower().split()[0]
            if self._said_by_owner(first):
                s = m.group("owner")                    # "al-Sudani's proposal", "the agency's memo" -> the owner
            elif self._title_only is not None and self._title_only.match(rest):
                s = rest                                # "Iraq's Prime Minister" -> "Prime Minister"
        s = re.sub(r"(?:'s|s')$", "", s)               # "Al-Sudani's" (owner of a noun of saying)
        words = s.split()
        while words and words[-1].lower() in ("have", "has", "had", "also", "was", "were", "is", "are"):
            words.pop()
        return self._untitled(_DROP.sub("", " ".join(words)))

    def _said_by_owner(self, word: str) -> bool:
        """Whether ``word`` is a noun of saying or a document, whose owner or sender is the speaker."""
        low = word.lower()
        return low in self.speech.nouns or low in _SUBJECT_NOUNS or low in DOCUMENTS

    def _untitled(self, s: str) -> str:
        """A name after its titles ("Iraqi Prime Minister Mohamed Shia al-Sudani" -> "Mohamed Shia al-Sudani")."""
        if self._title_name is None:
            return s
        last = None
        for m in _title_names(self._title_name, self._title_start, s):
            last = m
        if last is not None and last.end() == len(s) and is_person(last.group("name")) or (
                last is not None and last.end() == len(s) and len(last.group("name").split()) == 1):
            return last.group("name")
        return s

    def resolve(self, raw: str) -> tuple[str, str | None]:
        """``(speaker, actor id)`` for a speaker as written, updating the article's memory."""
        if not raw.strip():
            return "unattributed", None
        low = raw.strip().lower()
        if low in ("he", "she", "his", "her", "him"):
            return self.last_person or ("unresolved pronoun", None)
        if low in self.speech.pronouns:
            return self.last_speaker or ("unresolved pronoun", None)
        name = self.normalise(raw)
        if name.lower() in _SUBJECT_NOUNS or name.lower() in self.speech.nouns:
            return self.last_speaker or (name, None)    # "The message underscored": the last speaker's message
        full = self._full_name(name)
        actor = self._actor(full) or self._actor(raw)
        if is_person(full):
            self._person(full)
            self.last_person = (full, actor)
        self.last_speaker = (full, actor)
        return full, actor

    def _full_name(self, name: str) -> str:
        low = name.lower()
        if self._title_only is not None and self._title_only.match(name):
            words = low.split()
            for k in range(len(words)):                 # "prime minister", then "minister"
                if " ".join(words[k:]) in self.titled:
                    return self.titled[" ".join(words[k:])]
            for title, person in self.titled.items():
                if title.endswith(low):
                    return person
            return name
        return surname_owner(name, self.people, self.speech.speaker_words) or name

    def _actor(self, text: str) -> str | None:
        found = find_in_text(text, self.actors)
        return found[0][0] if found else None


def _named_later(row: tuple, resolver: _Resolver) -> tuple:
    """A quotes row whose speaker is a bare surname no one before it carried ("Biden says" in a headline), with
    the full name the article gives that person anywhere (:func:`surname_owner` over every person the article
    names: none, or two people sharing the surname, leave it as written)."""
    speaker, actor = row[2], row[3]
    full = surname_owner(speaker, resolver.people, resolver.speech.speaker_words)
    if full is None:
        return row
    return (*row[:2], full, actor if actor is not None else resolver._actor(full), *row[4:])


def _how(att, speech: Speech) -> str:
    if att.kind == "direct":
        return "quote"
    if att.cue == "according to":
        return "according to"
    return "noun" if att.cue in speech.nouns else "verb"


def extract_quotes(sentences: pd.DataFrame, actors: ActorLexicon | None = None, speech: Speech | None = None,
                   attributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``quotes`` table: one row per direct quotation or reported statement.

    ``sentences`` needs ``article_id``, ``paragraph_id``, ``sentence_id`` and
    ``text`` (``position`` when present: headlines, subtitles and headings
    are read too, since a headline can report a statement).  ``speech`` is the
    speech lexicon (bundled default when None).  ``attributions`` is the
    corpus's table of them (:attr:`analysis.corpus.Corpus.attributions`, found
    with the same speech lexicon); when None the rules find them now.
    """
    speech = speech or load_speech()
    body = sentences[sentences["position"].isin(["lead", "body"])] if "position" in sentences else sentences
    bodies = body.groupby("article_id", sort=False)["text"].agg(" ".join)
    bodies = dict(zip(bodies.index, bodies.to_numpy()))      # plain dicts: read once per article and per row
    rows = []
    resolvers: dict[str, _Resolver] = {}
    sids = dict(zip(sentences.index, sentences["sentence_id"].to_numpy()))
    for art, _, text, spans, found in paragraph_attributions(sentences, speech, attributions):
        if not found:                       # an article's speakers are resolved once it has a statement
            continue
        if art not in resolvers:
            resolvers[art] = _Resolver(bodies.get(art, ""), speech, actors)
        resolver = resolvers[art]
        found.sort(key=lambda f: (f.sentence, f.start))
        for att in found:
            label = spans[att.sentence][0]
            speaker, actor = resolver.resolve(att.speaker)
            content = text[att.start:att.end].strip().strip('"“” ')
            rows.append((art, int(sids[label]), speaker, actor, att.cue, content, att.kind == "direct",
                         att.speaker, _how(att, speech)))
    rows = [_named_later(row, resolvers[row[0]]) for row in rows]
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    out["actor"] = out["actor"].astype(object).where(out["actor"].notna(), None)
    return out
