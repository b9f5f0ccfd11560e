"""Lexicon assistant: words of your own corpus that keep company with a frame's terms, offered for you to judge.

A frame lexicon written from a few articles misses the words other writers
use for the same frame.  The assistant looks for them in the researcher's
corpus, as Latent Semantic Scaling does (Watanabe 2021): every sentence
becomes a row of a sentence × term matrix (TF-IDF weighted, the package's
news tokenizer, stop words removed), a truncated SVD gives each term a
vector in a word space fitted on this corpus alone, and a candidate's
``score`` is the cosine similarity between its vector and the mean vector of
the frame's *seeds*: the words the frame's dictionary already matches in the
corpus (so stems, phrases and patterns all count as written).

Nothing is added to a lexicon.  :func:`suggest_terms` returns a table to
read: per candidate its score, how many sentences hold it, how many of those
the frame already evokes, and keyword-in-context lines; the researcher adds
the ones that fit the frame's definition (in ``terms``, ``exact`` or a
``pattern``) and checks the result against coded sentences.  Terms the frame
already matches (their stem, or their exact form) are not offered; a term
another frame of the lexicon already matches is offered but marked
(``other_frames``): adding it would make one word evoke both.

A word space fitted on a small corpus is noise more than company: with
fewer than :data:`MIN_SENTENCES` sentences, or fewer than
:data:`MIN_SEED_SENTENCES` sentences evoking a frame, similarities rest on a
handful of shared sentences.  :func:`size_caveat` says so in words and each
row's ``caveat`` carries it.

In:  sentences (a table with ``text``, or a list of strings) and a frame
lexicon (:class:`~analysis.measures.frames.FrameLexicon`, a bundled name or a path).
Out: ``frame``, ``term``, ``score``, ``n_sentences``, ``n_with_frame``, ``other_frames``, ``caveat``,
``examples``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from ..corpus.tokens import Tokenizer, stop_words
from ..errors import LexiconError, with_choices
from .estimators import TextInputMixin
from .frames import FrameLexicon, load_lexicon, match_text, stem

SUGGESTION_COLUMNS = ["frame", "term", "score", "n_sentences", "n_with_frame", "other_frames", "caveat", "examples"]
MIN_SENTENCES = 1000        # a corpus smaller than this gives a word space too thin for reliable suggestions
MIN_SEED_SENTENCES = 10     # sentences a frame must evoke for its seeds' centre to mean much


def size_caveat(n_sentences: int, n_seed_sentences: int | None = None) -> str:
    """Why suggestions from a corpus of ``n_sentences`` (and a frame evoked by ``n_seed_sentences`` of them)
    are not reliable, in words; "" when the corpus is large enough."""
    parts = []
    if n_sentences < MIN_SENTENCES:
        parts.append(f"small corpus: {n_sentences} sentences, fewer than the {MIN_SENTENCES:,} a word space "
                     "needs for reliable suggestions")
    if n_seed_sentences is not None and n_seed_sentences < MIN_SEED_SENTENCES:
        parts.append(f"the frame is evoked by only {n_seed_sentences} sentence{'s' if n_seed_sentences != 1 else ''}"
                     f" (fewer than {MIN_SEED_SENTENCES})")
    return "; ".join(parts)


class WordSpace(TextInputMixin, BaseEstimator):
    """Term vectors from a truncated SVD of a corpus's sentence × term matrix (the space of Latent Semantic Scaling).

    Parameters
    ----------
    n_components : int, default 100
        Dimensions of the space (fewer when the corpus has fewer terms or sentences).
    min_df : int, default 2
        A term must occur in at least this many sentences to get a vector.
    tokenizer : callable, optional
        Text -> terms; default the package's news tokenizer with its English and news stop words.
    random_state : int, default 0

    Attributes
    ----------
    terms_ : ndarray of str
        The vocabulary, in the order of the rows of ``vectors_``.
    vectors_ : ndarray of shape (n_terms, n_components)
        Unit-length term vectors (right singular vectors scaled by the singular values).
    doc_freq_ : ndarray of int
        Sentences holding each term.
    occurrences_ : sparse matrix of shape (n_sentences, n_terms)
        Which sentence holds which term (CSC, for looking up a term's sentences).
    """

    def __init__(self, n_components: int = 100, min_df: int = 2, tokenizer=None, random_state: int = 0):
        self.n_components = n_components
        self.min_df = min_df
        self.tokenizer = tokenizer
        self.random_state = random_state

    def fit(self, texts: Iterable[str], y=None) -> "WordSpace":
        """Fit the space on ``texts`` (one string per sentence)."""
        texts = [str(t) for t in texts]
        analyzer = self.tokenizer or Tokenizer(stop_words(("news",)))
        vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=self.min_df, sublinear_tf=True)
        try:
            x = vectorizer.fit_transform(texts)
        except ValueError:
            raise ValueError(f"no term occurs in {self.min_df} or more of the {len(texts)} sentences: "
                             f"give more sentences or a lower min_df") from None
        k = max(1, min(self.n_components, x.shape[0] - 1, x.shape[1] - 1))
        svd = TruncatedSVD(n_components=k, random_state=self.random_state).fit(x)
        self.terms_ = vectorizer.get_feature_names_out()
        self.vectors_ = normalize(svd.components_.T * svd.singular_values_)
        self.occurrences_ = (x > 0).tocsc()
        self.doc_freq_ = np.asarray(self.occurrences_.sum(axis=0)).ravel()
        self._index = {t: i for i, t in enumerate(self.terms_)}
        return self

    def sentences_with(self, term: str) -> np.ndarray:
        """Row numbers of the sentences holding ``term`` (empty when it has no vector)."""
        check_is_fitted(self, "vectors_")
        j = self._index.get(term)
        if j is None:
            return np.array([], dtype=int)
        return self.occurrences_.indices[self.occurrences_.indptr[j]:self.occurrences_.indptr[j + 1]]

    def similar(self, seeds: Iterable[str]) -> pd.Series:
        """Cosine similarity of every term to the mean vector of the ``seeds`` found in the vocabulary
        (highest first); empty when no seed is in it."""
        check_is_fitted(self, "vectors_")
        rows = [self._index[s] for s in dict.fromkeys(seeds) if s in self._index]
        if not rows:
            return pd.Series(dtype=float)
        centre = self.vectors_[rows].mean(axis=0)
        norm = np.linalg.norm(centre)
        sims = self.vectors_ @ (centre / norm) if norm > 0 else np.zeros(len(self.terms_))
        return pd.Series(sims, index=self.terms_).sort_values(ascending=False)


def _texts(sentences) -> list[str]:
    if isinstance(sentences, pd.DataFrame):
        if "text" not in sentences.columns:
            raise ValueError(f"sentences need a 'text' column; they have {', '.join(map(str, sentences.columns))}")
        return sentences["text"].fillna("").astype(str).tolist()
    return ["" if t is None else str(t) for t in sentences]


def kwic(text: str, term: str, width: int = 50) -> str | None:
    """``"… left [term] right …"`` for the first whole-word occurrence of ``term`` in ``text`` (any case), or None.

    Up to ``width`` characters each side, cut at a word boundary (a word is never cut in two; an ellipsis marks
    a cut), with the text's white space (line breaks, tabs, runs of spaces) read as one space.

    >>> kwic("The  city council   voted to raise bus fares to close a budget deficit.", "council", width=20)
    'The city [council] voted to raise bus …'
    """
    text = " ".join(text.split())
    words = [re.escape(w) for w in term.split()]
    m = re.search(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?:['’]s)?(?![\w-])", text, re.IGNORECASE)
    if not m:
        return None
    left, right = text[:m.start()], text[m.end():]
    if len(left) > width:                       # keep the whole words of the last ``width`` characters
        kept = left[-width:]
        if not left[-width - 1].isspace():
            kept = kept.split(" ", 1)[1] if " " in kept else ""
        left = "… " + kept.lstrip()
    if len(right) > width:                      # the whole words of the first ``width`` characters
        kept = right[:width]
        if not right[width].isspace():
            kept = kept.rsplit(" ", 1)[0] if " " in kept else ""
        right = kept.rstrip(" ,;:") + " …"
    return left + "[" + m.group(0) + "]" + right


def suggest_terms(sentences, lexicon, frame: str | list[str] | None = None, n: int = 20, *,
                  n_components: int = 100, min_df: int = 2, examples: int = 3, width: int = 50,
                  tokenizer=None, random_state: int = 0) -> pd.DataFrame:
    """Candidate terms for the frames of ``lexicon``, from the company their seeds keep in ``sentences``.

    Parameters
    ----------
    sentences : DataFrame with ``text``, or a list of strings
        The researcher's corpus, one sentence per row.
    lexicon : FrameLexicon, or a bundled name or path of a frame lexicon
    frame : str or list of str, optional
        The frame(s) to extend (default: every frame of the lexicon).
    n : int
        Candidates per frame, best first.
    n_components, min_df, tokenizer, random_state
        The word space (:class:`WordSpace`).
    examples, width
        Keyword-in-context lines per candidate and characters each side.

    Returns
    -------
    DataFrame
        ``frame``, ``term``, ``score`` (cosine to the seeds' centre, -1..1), ``n_sentences`` (sentences holding
        the term), ``n_with_frame`` (of those, how many the frame's dictionary already evokes),
        ``other_frames`` (the lexicon's other frames whose dictionary already matches the term, joined by
        ", "; "" for none), ``caveat`` (:func:`size_caveat`: why the suggestion may not be reliable) and
        ``examples`` (a list of KWIC lines).  A frame with no candidate has no rows; ``table.attrs["no_candidates"]``
        maps each such frame to why, in words (its terms match no sentence, or too few).  Words already in the
        frame's terms or phrases, stop words and reporting or vague words (``lexicons/stopwords_labels.txt``) are
        not offered.  Nothing is added to the lexicon: add the terms you accept yourself.
    """
    lex = lexicon if isinstance(lexicon, FrameLexicon) else load_lexicon(lexicon)
    frames = list(lex.frames) if frame is None else [frame] if isinstance(frame, str) else list(frame)
    unknown = [f for f in frames if f not in lex.frames]
    if unknown:
        raise LexiconError(f"{lex.source or lex.name}: no frame {unknown[0]!r} in this lexicon"
                           + with_choices(unknown[0], lex.frames))
    texts = _texts(sentences)
    space = WordSpace(n_components=n_components, min_df=min_df, tokenizer=tokenizer, random_state=random_state)
    space.fit(texts)
    analyzer = space.tokenizer or Tokenizer(stop_words(("news",)))
    evoked = {f: np.zeros(len(texts), dtype=bool) for f in frames}
    seeds: dict[str, list[str]] = {f: [] for f in frames}
    for i, text in enumerate(texts):
        for fid, _, _, start, end in match_text(text, lex):
            if fid in evoked:
                evoked[fid][i] = True
                seeds[fid] += analyzer(text[start:end])

    rows, why_none = [], {}
    not_content = stop_words(refs=("labels",))        # reporting verbs and vague words: no frame's vocabulary
    for fid in frames:
        known = _known_forms(lex, fid) | {s.lower() for s in seeds[fid]}
        sims = space.similar(seeds[fid])
        picked = 0
        for term, score in sims.items():
            if picked >= n:
                break
            words = term.lower().split()
            if term.lower() in known or all(stem(w) in known or w in known for w in words) \
                    or all(w in not_content for w in words):
                continue
            holding = np.sort(space.sentences_with(term))
            lines = [line for i in holding if (line := kwic(texts[i], term, width))][:examples]
            others = ", ".join(sorted({f for f, *_ in match_text(term, lex)} - {fid}))
            # + 0.0 turns a -0.0 into 0.0: a score that rounds to zero has no sign, in the CSV too
            rows.append((fid, term, round(float(score), 4) + 0.0, len(holding), int(evoked[fid][holding].sum()), others,
                         size_caveat(len(texts), int(evoked[fid].sum())), lines))
            picked += 1
        if not picked:
            in_space = sum(1 for s in set(seeds[fid]) if len(space.sentences_with(s)))
            why_none[fid] = _why_none(int(evoked[fid].sum()), in_space, min_df)
    table = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    table.attrs["no_candidates"] = why_none
    return table


def _known_forms(lex: FrameLexicon, fid: str) -> set[str]:
    """Stems and exact forms of every word a frame already lists, the words of its phrases included
    ("safe" and "effective" of "safe and effective"), lower case."""
    known = set()
    for table in (lex.entries, lex.exact):
        for entries in table.values():
            for seq, f, _, _ in entries:
                if f == fid:
                    known |= {w.lower() for w in seq} | {stem(w.lower()) for w in seq}
    return known


def _why_none(n_evoked: int, n_seeds_in_space: int, min_df: int) -> str:
    """Why a frame has no candidate, and what would help, in words."""
    if n_evoked == 0:
        return ("its terms match no sentence of this corpus, so it has no words to start from: add terms this "
                "corpus uses for the frame, or give a larger corpus")
    if n_seeds_in_space == 0:
        return (f"its terms match {n_evoked} sentence{'s' if n_evoked != 1 else ''}, but none of the words they "
                f"match occurs in {min_df} or more sentences (the word space keeps only those): a larger corpus, or "
                "terms the corpus uses more often, would help")
    return "every word close to its terms is already one of them, a stop word or a reporting word"
