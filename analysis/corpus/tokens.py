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
"""
from __future__ import annotations

import re
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .. import lexicons

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_ABBR = r"(?:[A-Za-z]\.){2,}(?:-[^\W_]+(?:'[^\W_]+)*)*"
_WORD = r"[^\W_]+(?:'[^\W_]+)*(?:-[^\W_]+(?:'[^\W_]+)*)*'?"
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


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > SHOUTING


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
        text = str(text or "").translate(_APOSTROPHES)
        out: list[list[str | None]] = [[]]
        lower = _shouting(text)
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            raw = m.group(0)
            if kind == "brk":
                if out[-1]:
                    out.append([])
                continue
            out[-1].append(self._token(kind, raw, lower))
        return [seg for seg in out if seg]

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
        return [t for seg in self.segments(text) for t in seg if t is not None]

    # -- terms ----------------------------------------------------------------
    def __call__(self, text: str) -> list[str]:
        """Unigrams and n-grams (``ngram_range``) of ``text``: n-grams only of adjacent surviving tokens
        within one sentence."""
        lo, hi = self.ngram_range
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


_TERM_PARTS = re.compile(r"[ -]")


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
