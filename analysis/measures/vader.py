"""NLTK's VADER, offline.

NLTK would download its ``vader_lexicon`` resource; here the lexicon comes
from the ``vaderSentiment`` package on PyPI (its ``vader_lexicon.txt``),
zipped once into ``<cache>/nltk_data/sentiment/vader_lexicon.zip`` and that
folder added to ``nltk.data.path``.  NLTK 3.10 reads only files private to
their owner, so the folder and zip are written with no group/world write
bits.  Nothing touches the network.

The cache folder is ``$NEWSFRAMES_CACHE`` or ``$XDG_CACHE_HOME/newsframes``
(``~/.cache/newsframes``).

:func:`cached_polarity` scores each distinct text once per process: the
sentiment measure's sentences are not scored again as the context of their
actor mentions (:mod:`analysis.measures.stance`), nor a window of words two
mentions share.  The measures' VADER (:func:`analyzer`, and the news
register's) splits a text into words without the table NLTK builds for each
text (``fresh_analyzer(fast=True)``): the same scores in about a third of the
time.  NLTK's own analyzer (``fresh_analyzer()``) stays the speed benchmarks'
reference.
"""
from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

RESOURCE = "sentiment/vader_lexicon.zip/vader_lexicon/vader_lexicon.txt"


class LexiconMissing(RuntimeError):
    """The VADER lexicon could not be found in any installed package."""


def cache_dir() -> Path:
    base = os.environ.get("NEWSFRAMES_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "newsframes")
    return Path(base)


def _lexicon_bytes() -> bytes:
    try:
        return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise LexiconMissing(
            "VADER's lexicon ships in the PyPI package vaderSentiment; install it "
            "(pip install vaderSentiment) — the analysis never downloads it") from exc


def ensure_lexicon(root: Path | None = None) -> Path:
    """Write ``sentiment/vader_lexicon.zip`` under ``root`` (once) and put ``root`` on ``nltk.data.path``."""
    import nltk

    root = Path(root) if root else cache_dir() / "nltk_data"
    data = _lexicon_bytes()
    target = root / "sentiment" / "vader_lexicon.zip"
    digest = hashlib.sha256(data).hexdigest()
    stamp = target.with_suffix(".sha256")
    if not (target.exists() and stamp.exists() and stamp.read_text() == digest and _zip_holds(target, digest)):
        target.parent.mkdir(parents=True, exist_ok=True)
        for folder in (root, target.parent):
            os.chmod(folder, 0o755)
        tmp = target.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            info = zipfile.ZipInfo("vader_lexicon/vader_lexicon.txt", date_time=(1980, 1, 1, 0, 0, 0))
            zf.writestr(info, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        stamp.write_text(digest)
        log.info("VADER lexicon placed in %s", target)
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    return target


def _zip_holds(path: Path, digest: str) -> bool:
    """Whether the cached zip really holds the package's lexicon (not a file edited or replaced since)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return hashlib.sha256(zf.read("vader_lexicon/vader_lexicon.txt")).hexdigest() == digest
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


@lru_cache(maxsize=1)
def analyzer():
    """The one plain VADER of this process (:func:`fresh_analyzer` with ``fast``), built on first use."""
    return fresh_analyzer(fast=True)


def fresh_analyzer(fast: bool = False):
    """A new ``SentimentIntensityAnalyzer`` (its lexicon a private dict, safe to edit): NLTK's own (the speed
    benchmarks' reference), or with ``fast`` one that gives the same scores in about a third of the time
    (:func:`_fast_class`)."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    ensure_lexicon()
    return (_fast_class() if fast else SentimentIntensityAnalyzer)(lexicon_file=RESOURCE)


@lru_cache(maxsize=1)
def _fast_class():
    """NLTK's ``SentimentIntensityAnalyzer`` with its text split into words without the table NLTK builds per text.

    NLTK's ``SentiText`` strips a listed punctuation (``PUNC_LIST``: ".", "!?!", "'"...) from either end of a
    word by looking the word up in a dict of every punctuation-free word of the text joined to every listed
    punctuation on either side, built anew for each text: two thirds of VADER's time.  The punctuation-free
    words hold no punctuation and the listed punctuation is nothing else, so a word is in that dict exactly when
    its whole leading (or trailing) run of punctuation is listed and the rest is one of those words: the same
    words, found by stripping the run and looking at both parts.  The scoring itself is NLTK's.
    """
    import string

    from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText

    punctuation = string.punctuation                  # what NLTK's REGEX_REMOVE_PUNCTUATION removes
    remove = str.maketrans("", "", punctuation)

    class FastSentiText(SentiText):
        def _words_and_emoticons(self):
            bare = {w for w in self.text.translate(remove).split() if len(w) > 1}
            listed = frozenset(self.PUNC_LIST)
            out = []
            for we in self.text.split():
                if len(we) <= 1:
                    continue
                core = we.lstrip(punctuation)
                if len(core) < len(we):
                    if we[:len(we) - len(core)] in listed and core in bare:
                        we = core
                else:
                    core = we.rstrip(punctuation)
                    if len(core) < len(we) and we[len(core):] in listed and core in bare:
                        we = core
                out.append(we)
            return out

    class FastVader(SentimentIntensityAnalyzer):
        sentitext_class = FastSentiText

        def polarity_scores(self, text):
            # NLTK 3.10's polarity_scores with FastSentiText in place of SentiText
            sentitext = self.sentitext_class(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)
            sentiments = []
            words = sentitext.words_and_emoticons
            first_index = {}
            for idx, token in enumerate(words):
                first_index.setdefault(token, idx)
            for item in words:
                i = first_index[item]
                if (i < len(words) - 1 and item.lower() == "kind" and words[i + 1].lower() == "of") \
                        or item.lower() in self.constants.BOOSTER_DICT:
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            sentiments = self._but_check(words, sentiments)
            return self.score_valence(sentiments, text)

    return FastVader


SCORES = ("neg", "neu", "pos", "compound")
CACHE_SIZE = 1 << 18      # distinct texts kept (about 60 MB when full): the sentences of ~12k articles


@lru_cache(maxsize=CACHE_SIZE)
def _scores(text: str) -> tuple[float, float, float, float]:
    found = analyzer().polarity_scores(text)
    return tuple(found[k] for k in SCORES)


def cached_polarity(text: str) -> dict[str, float]:
    """Plain VADER's ``neg``, ``neu``, ``pos`` and ``compound`` for ``text``, each distinct text scored once.

    The same as ``analyzer().polarity_scores(text)``; the least recently
    used of more than :data:`CACHE_SIZE` texts are forgotten (and scored again
    if they come back).
    """
    return dict(zip(SCORES, _scores(text)))


cached_polarity.cache_clear = _scores.cache_clear     # forget every score (a speed benchmark starts empty)


def polarity(text: str) -> dict[str, float]:
    """VADER's ``neg``, ``neu``, ``pos`` and ``compound`` for one text."""
    return analyzer().polarity_scores(text)
