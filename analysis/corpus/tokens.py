"""One tokenizer for news text, used by distinctive terms, topics, coherence and the frame classifier.

What it does, and why (each rule is tested):

* **Abbreviations with periods are one token, normalised**: "U.S.", "u.s." and
  "US" are all ``US``; "F.B.I." is ``FBI``; "U.S.-led" is ``US-led``.  Split
  at the periods they would become the letters "u" and "s".
* **Capitalised acronyms are never stop words**: "US" (the country) and "IS"
  (the Islamic State) keep their capitals and survive, while "us" and "is"
  are removed.  A line written all in capitals (a shouted headline) is read
  in lower case, so its words are not mistaken for acronyms.
* **Possessives are removed** and **curly and straight apostrophes are
  alike**: "government’s" and "government's" are ``government``; "don’t" is
  the stop word "don't".
* **Hyphenated compounds are kept**: "Iran-backed" is ``iran-backed``.
* **Numbers** are dropped (default), kept, or masked as ``NUM``.
* **N-grams never cross a boundary**: they are formed only from adjacent
  tokens of the original text, within a sentence (a full stop, question or
  exclamation mark, semicolon, colon, dash or line break ends one), and never
  across a removed word: "withdrawal of forces" gives no "withdrawal forces".

Words other than acronyms are lower-cased.  Tokens of one character are
dropped.  :class:`Tokenizer` is callable, so it serves as a scikit-learn
``analyzer``.

The word patterns other modules need (letter runs for debris and clock-time
repairs, a file name's leading token, a capitalised word after a sentence end,
the words the stance and role cues read, the word pieces that frame owners,
actor mentions, datelines and outlet names are built from) are defined here
too, after the tokenizer's own, so that every notion of a word the package
uses lives in one module.  A rule elsewhere (a dateline, a possessive, "of
the X") may be a regular expression of its own, but its words are pieces
from here; where two rules read a word differently, both pieces stand here
side by side, each saying who reads it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .. import lexicons

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
ALNUM = r"[^\W_]"                # one letter or digit, in any script (a word character that is not "_")
LETTERS = r"[^\W\d_]+"           # a run of letters, in any script (no digits)
_ABBR = r"(?:[A-Za-z]\.){2,}(?:-[^\W_]+(?:'[^\W_]+)*)*"
_WORD = rf"{ALNUM}+(?:'{ALNUM}+)*(?:-{ALNUM}+(?:'{ALNUM}+)*)*'?"
_NUMBER = r"\d[\d,.]*\d|\d"
_BREAK = r"[.!?;:]+|\n|\s[-–—]{1,2}\s|[()\[\]\"“”]"
_TOKEN = re.compile(rf"(?P<abbr>{_ABBR})|(?P<num>{_NUMBER})(?![^\W\d_])|(?P<word>{_WORD})|(?P<brk>{_BREAK})")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
CONTRACTIONS = frozenset(
    "don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't cannot couldn't shouldn't hasn't "
    "haven't hadn't mustn't it's that's there's he's she's what's let's i'm you're we're they're i've you've "
    "we've they've i'll you'll he'll she'll we'll they'll i'd you'd he'd she'd we'd they'd who's".split())
DEFAULT_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | CONTRACTIONS


# The words of quote attribution (analysis.corpus.voices): every word, number and punctuation mark that the
# attribution rules read, cased as written.  "U.S." and "U.S.-led" are one token, as are titles with their period
# before a name ("Mr. Hassan"); a word keeps its inner apostrophes and hyphens ("al-Sudani's").
SPEECH_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?:-[^\W\d_]+)*"
                          r"|(?:Mr|Mrs|Ms|Dr|Gen|Maj|Lt|Col|Capt|Sgt|Adm|Sen|Rep|Gov|Prof|St|Jr|Sr|Brig|Cmdr)\.(?=\s+[A-Z])"
                          r"|[^\W\d_][\w’'\-]*[\w’']|[^\W\d_]|\d+(?:[.,]\d+)*|[,;:()\"“”‘’]|[.!?]")


SHOUTING = 0.7        # a text whose letters are mostly capitals is a shouted headline, not a run of acronyms
MEMO_SIZE = 500_000   # words whose token a tokenizer remembers before it starts afresh


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_CAPITALS = bytes(range(65, 91))
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _shouting(text: str) -> bool:
    # ASCII letters counted in C (bytes.translate deleting them), the rarer other characters one by one: the
    # counts of str.isalpha and str.isupper over every character, several times faster on news text
    plain = text.encode("ascii", "ignore")
    n_letters = len(plain) - len(plain.translate(None, _ASCII_LETTERS))
    n_capitals = len(plain) - len(plain.translate(None, _ASCII_CAPITALS))
    if len(plain) < len(text):
        letters = "".join(filter(str.isalpha, "".join(_NOT_ASCII.findall(text))))
        n_letters += len(letters)
        n_capitals += sum(map(str.isupper, letters))
    return n_letters >= 12 and n_capitals / n_letters > SHOUTING


def _normalise_part(part: str, lower: bool) -> str:
    if not lower and _ACRONYM.match(part):
        return part[:-1] if part.endswith("s") and part[:-1].isupper() and len(part) > 3 else part
    return part.lower()


class Tokenizer:
    """News tokenizer (see the module docstring).  ``tokenizer(text)`` returns the terms of ``text``.

    Parameters: ``stop_words`` (lower-case words to remove; acronyms in
    capitals are never removed), ``numbers`` (``"drop"``, ``"keep"``,
    ``"mask"``), ``ngram_range`` and ``min_length`` (shorter tokens dropped).
    """

    def __init__(self, stop_words=DEFAULT_STOP_WORDS, numbers: str = "drop", ngram_range=(1, 1), min_length: int = 2):
        if numbers not in ("drop", "keep", "mask"):
            raise ValueError(f"numbers must be 'drop', 'keep' or 'mask', not {numbers!r}")
        self.stop_words = frozenset(w.translate(_APOSTROPHES).lower() for w in (stop_words or ()))
        self.numbers = numbers
        self.ngram_range = tuple(ngram_range)
        self.min_length = min_length

    def __repr__(self) -> str:
        return f"Tokenizer(numbers={self.numbers!r}, ngram_range={self.ngram_range}, stop_words={len(self.stop_words)} words)"

    # -- tokens --------------------------------------------------------------
    def segments(self, text: str) -> list[list[str | None]]:
        """The text cut at sentence boundaries; in each segment every word position holds its token,
        or None where a word was removed (a stop word, a number, a single letter)."""
        out: list[list[str | None]] = [[]]
        seg = out[0]
        for token in self._read(text):
            if token == _BREAK_MARK:
                if seg:
                    seg = []
                    out.append(seg)
                continue
            seg.append(token)
        return [seg for seg in out if seg]

    def _read(self, text: str):
        """Each match of ``text``'s tokens in turn: its token, None (a word removed) or :data:`_BREAK_MARK`."""
        text = str(text or "")
        if not text.isascii() or "`" in text:      # the apostrophes made straight (most news text has none to make)
            text = text.translate(_APOSTROPHES)
        # findall's tuples (one per match: the text of the one group that matched, "" for the others) cost less
        # than match objects, and are the memo's keys as they are; a word met before is looked up in C
        return map(self._memo(_shouting(text)).__getitem__, _TOKEN.findall(text))

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_memo_held"}    # the memo is not pickled

    def _memo(self, lower: bool) -> "_Memo":
        """Each word's token, remembered (news repeats its words), for the parameters set now and the case
        reading ``lower`` (a shouted text's words are read in lower case)."""
        params = (id(self.stop_words), self.numbers, self.min_length)
        held = self.__dict__.get("_memo_held")
        if held is None or held[0] != params or len(held[1][False]) + len(held[1][True]) > MEMO_SIZE:
            held = self.__dict__["_memo_held"] = (params, {False: _Memo(self, False), True: _Memo(self, True)})
        return held[1][lower]

    def _token(self, kind: str, raw: str, lower: bool) -> str | None:
        if kind == "num":
            return None if self.numbers == "drop" else ("NUM" if self.numbers == "mask" else raw.replace(",", ""))
        if kind == "abbr":
            parts = raw.split("-")
            token = "-".join([parts[0].replace(".", "").upper(), *(p.lower() for p in parts[1:])])
            return token
        word = raw[:-1] if raw.endswith("'") else raw                # "forces'" -> "forces"
        if word.lower().endswith("'s") and word.lower() not in self.stop_words:
            word = word[:-2]                                         # "government's" -> "government"
        parts = word.split("-")
        token = "-".join(_normalise_part(p, lower) for p in parts)
        if token != token.upper() or not _ACRONYM.match(token.replace("-", "")):
            if token.lower() in self.stop_words:
                return None
        if len(token) < self.min_length or not any(c.isalpha() for c in token):
            return None
        return token

    def tokens(self, text: str) -> list[str]:
        """The unigrams of ``text`` that survive."""
        return [t for t in self._read(text) if t]           # neither None nor a break ("": never a token)

    # -- terms ----------------------------------------------------------------
    def __call__(self, text: str) -> list[str]:
        """Unigrams and n-grams (``ngram_range``) of ``text``: n-grams only of adjacent surviving tokens
        within one sentence."""
        lo, hi = self.ngram_range
        if lo == hi == 1:                 # unigrams alone: the tokens (each one-word "n-gram" is the token itself)
            return self.tokens(text)
        terms: list[str] = []
        for seg in self.segments(text):
            runs, run = [], []
            for tok in seg:
                if tok is None:
                    if run:
                        runs.append(run)
                    run = []
                else:
                    run.append(tok)
            if run:
                runs.append(run)
            for run in runs:
                for n in range(lo, hi + 1):
                    terms.extend(" ".join(run[i:i + n]) for i in range(len(run) - n + 1))
        return terms

    def get_params(self, deep: bool = True) -> dict:
        return {"stop_words": self.stop_words, "numbers": self.numbers, "ngram_range": self.ngram_range,
                "min_length": self.min_length}


_BREAK_MARK = ""     # what a tokenizer's memo holds for a sentence break (no token is empty)


class _Memo(dict):
    """A tokenizer's memo for one case reading: each ``_TOKEN.findall`` tuple's token (None for a word removed,
    :data:`_BREAK_MARK` for a break), worked out the first time it is looked up."""

    def __init__(self, tokenizer: "Tokenizer", lower: bool):
        super().__init__()
        self.tokenizer, self.lower = tokenizer, lower

    def __missing__(self, found: tuple[str, str, str, str]) -> str | None:
        if found[3]:
            token = _BREAK_MARK
        else:
            kind = "abbr" if found[0] else "num" if found[1] else "word"
            token = self.tokenizer._token(kind, found[0] or found[1] or found[2], self.lower)
        self[found] = token
        return token


_PLAIN_WORD = re.compile(r"\w+", re.UNICODE)


def plain_words(text: str) -> list[str]:
    """The runs of word characters (letters, digits, underscore) of ``text``, lower-cased, nothing removed:
    ``"U.S.-led forces' exit"`` → ``["u", "s", "led", "forces", "exit"]``.  What duplicate grouping compares
    (copies differing only in case, spacing and punctuation have the same words), not a tokenizer of terms."""
    return _PLAIN_WORD.findall(text.lower())


@lru_cache(maxsize=1)
def word_characters() -> np.ndarray:
    """The word characters of :func:`plain_words` as a table over every code point (``True`` where ``\\w``
    matches: ``str.isalnum`` or the underscore), for splitting many texts at once with numpy."""
    return np.fromiter(((chr(c).isalnum() or c == 95) for c in range(0x110000)), dtype=bool, count=0x110000)


_TERM_PARTS = re.compile(r"[ -]")

# -- word patterns other modules use --------------------------------------------------------------
ALNUM_CHAR = re.compile(ALNUM)
ALNUM_RUN = re.compile(ALNUM + "+")      # a file name's leading token: "002" of "002_ab876a.txt"
LETTER_RUN = re.compile(LETTERS)         # "Friday" after "3 p.m."; the words before a clock time
LETTER_WORD = re.compile(rf"{LETTERS}(?:['’]{LETTERS})?")      # letters with one apostrophe part: "don't"
LOWER_WORD = r"[a-z]+"                   # an ASCII word in lower case ("you and I.")
CAPITALISED_WORD = r"[A-Z][A-Za-z]*"     # an ASCII word opening with a capital (a sentence after "3 p.m.")
LOWER_RUN = re.compile(LOWER_WORD)       # the runs of ASCII letters of a lower-cased text (the speech cue screen)


def letter_words(text: str) -> list[str]:
    """The words of ``text`` made of letters (with one apostrophe part, curly ones made straight), lower-cased:
    no numbers, no hyphenated compounds.  ``"Don’t fuel 3 F-16s"`` → ``["don't", "fuel", "f", "s"]``."""
    if text.isascii():                   # lower-casing ASCII keeps letters letters: the same words, in one call
        return LETTER_WORD.findall(text.lower())
    return [w.lower().replace("’", "'") for w in LETTER_WORD.findall(text)]


def term_words(term: str) -> set[str]:
    """The words of a term the tokenizer made (an n-gram joined by spaces, compounds by hyphens), lower-cased:
    ``"Iran-backed militias"`` → ``{"iran", "backed", "militias"}``."""
    return set(_TERM_PARTS.split(term.lower())) - {""}


def _parse_word_list(resource: lexicons.Resource) -> frozenset[str]:
    return frozenset(w.strip().translate(_APOSTROPHES).lower() for w in resource.text().splitlines()
                     if w.strip() and not w.startswith("#"))


def stop_words(refs=("news",), extra=(), base=None) -> frozenset[str]:
    """scikit-learn's English stop words and contractions, the word lists named by ``refs`` (bundled names such
    as ``"news"`` or paths) and ``extra`` words."""
    words = set(DEFAULT_STOP_WORDS) | {w.translate(_APOSTROPHES).lower() for w in extra}
    for ref in refs:
        words |= lexicons.parse(lexicons.read(ref, "stopwords", base), _parse_word_list)
    return frozenset(words)


def study_tokenizer(settings, ngram_range=(1, 1)) -> Tokenizer:
    """The tokenizer a study's settings describe: its stop-word lists and extra words, its number handling."""
    return Tokenizer(stop_words(settings.lexicons.stopwords, settings.terms.stop_words, settings.base),
                     numbers=settings.terms.numbers, ngram_range=ngram_range)


# -- word runs and stems (frame dictionaries, fact terms) ------------------------------
WORD_CHARS = r"\w+"
"""A run of word characters (letters, digits, underscore, in any script): a word as frame dictionaries and the
actor rules read it (the word before or after a mention)."""

WORD_RUN = re.compile(WORD_CHARS)
"""A run of word characters: the words frame dictionaries match on (a hyphenated word is two runs, and an
apostrophe ends a run: "Iraq's" is "Iraq" and "s"), so that offsets point into the text as written."""

SKLEARN_TOKEN_PATTERN = r"(?u)\b\w+\b"
""":data:`WORD_RUN` written as scikit-learn's ``token_pattern`` (single characters kept): the stance model's
word n-grams."""

HYPHENATED_WORD = r"[\w-]+"
"""Word characters and hyphens ("Iran-backed"; an apostrophe ends it): the owner in a frame word's possessive."""

LOWER_HYPHENATED_WORD = r"[a-z][\w-]*"
"""A :data:`HYPHENATED_WORD` opening with an ASCII lower-case letter: the adjective in "Ukraine's territorial
integrity"."""

CAPITALISED_HYPHENATED_WORD = r"[A-Z][\w-]+"
"""A :data:`HYPHENATED_WORD` of two characters or more opening with an ASCII capital: "Syria", "Al-Sudani"."""

APOSTROPHE_HYPHENATED_WORD = r"[\w’'-]+"
"""Word characters, hyphens and apostrophes ("Iraq's", "al-Sudani's"): the word before a frame match, the owner
after "of"."""

LETTER_LED_WORD = re.compile(r"[^\W\d_][\w’'-]*")
"""A word opening with a letter, in any script, its apostrophes and hyphens kept ("Al-Sudani’s", "covid-19"): how a
topic model's words are written, read for names and phrases (:func:`analysis.measures.topics.word_use`)."""

APOSTROPHE_WORD = r"[\w'’]+"
"""Word characters and apostrophes, no hyphen ("Iraq's"): the words before a capital that the actor rules read
("a visit to Tehran")."""

INITIALLED_WORD = r"[A-Z][\w'’.-]*"
"""A word opening with an ASCII capital, with periods, apostrophes and hyphens ("J.", "Al-Sudani's"): the
capitalised words that join two matches of one actor into one noun phrase ("Prime Minister Mohammed al-Sudani")."""

DOTTED_WORD = r"[\w.’']+"
"""Word characters, periods and apostrophes ("U.S.", "Hamas'"): the part after the hyphen of a compound that
names an event ("the Israel-Hamas conflict")."""

CAPITALISED_DOTTED_WORD = r"[A-Z][\w.’']*"
"""A :data:`DOTTED_WORD` opening with an ASCII capital ("Iran", "U.S."): the capitalised words that continue
such a compound ("the US-Iran Strategic Dialogue")."""

OUTLET_NAME_WORD = r"[A-Z][\w&'’\-]*(?:\.[a-z]{2,})?"
"""A word of an outlet's name: a capital, then word characters, "&", apostrophes and hyphens, and a web suffix
("Courier", "AT&T", "IraqiNews.com"; not the period of "Courier.")."""

TITLE_CASE_WORD = r"[A-Z][a-z'’\-]+"
"""A capital, then lower-case ASCII letters, apostrophes and hyphens: "Baghdad", "Al-Qaim" (a title-case
dateline)."""

CAPITALS_WORD = r"[A-Z][A-Z'’.\-]+"
"""Two or more ASCII capitals, apostrophes, periods and hyphens: "BAGHDAD", "U.S." (a dateline in capitals)."""

ABBREVIATED_WORD = r"[A-Z][A-Za-z.]+"
"""A capital, then ASCII letters and periods: "Calif.", "D.C.", "Texas" (the state after a dateline's city)."""

# a lower-case word in the past tense ("seized", "marched"; not "US-led", "need", "United"): a headline's verb
PAST_TENSE_WORD = re.compile(r"(?<![\w\-])[a-z]{2,}[a-df-z]ed\b")
CLITIC_WORD = re.compile(r"\w+(?:[’']\w+)?")
"""A run of word characters with at most one apostrophe part ("don't", "Iraq's"; "Iran-backed" is two words):
the words around a target that the stance model reads."""

WORD_OR_MARK = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")
"""A :data:`CLITIC_WORD` or one mark of punctuation: the tokens the stance and role cues read
(:func:`analysis.measures.cues.words_of`)."""


CAPITALISED_NAME = re.compile(r"(?<![\w’'])" + CAPITALISED_HYPHENATED_WORD)
"""A word (word characters and hyphens) that opens with an ASCII capital not preceded by a word character or an
apostrophe: "Ukraine", "Kurdish", the "Sudani" of "al-Sudani", not the "S" of "Iraq'S"."""

WORD_BEFORE = re.compile(rf"({APOSTROPHE_HYPHENATED_WORD})\W*$")
"""The last word of a text (hyphens and apostrophes kept), with any punctuation after it: the word before a
frame match."""

CAPITALISED_COMPOUND = re.compile(r"(?<![\w'’-])([A-Z][\w'’]*(?:-[\w'’]+)*)")
"""A word opening with an ASCII capital, with apostrophes and hyphenated parts ("Iran-backed", "Nujaba's"), not
inside another word or compound: the names of fact terms."""

NAME_WORD = r"(?:[A-Z][\w'.-]*|al-[\w'-]+)"
"""One word of a person's name as quotes read it: a capitalised word (initials, hyphens, apostrophes) or an
"al-" prefix ("al-Sudani")."""

ASCII_WORD = re.compile(r"[A-Za-z]+")
"""A run of ASCII letters: the words of a clause that a speech verb is looked up in."""


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of each :data:`WORD_RUN` of ``text``, case as written."""
    return [(m.group(0), m.start(), m.end()) for m in WORD_RUN.finditer(text)]


@lru_cache(maxsize=1)
def _snowball():
    from nltk.stem.snowball import SnowballStemmer  # needs no data files

    return SnowballStemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball (English) stem of one lower-cased word, memoised for the whole run (news reuses its
    words): frame dictionaries and fact terms share the cache."""
    return _snowball().stem(word)
