"""A word space learnt from unlabelled news text, so a classifier can tell that two wordings mean alike.

:class:`WordSpace` counts which words occur near which others (a window of
``window`` words either side, within a sentence) in a large unlabelled
text, weighs the counts by positive pointwise mutual information (PPMI,
context counts smoothed by the power 0.75) and keeps ``n_components``
dimensions of its truncated SVD (rows of U·S^½, unit length: Levy, Goldberg
and Dagan 2015).  Words that occur in the same company ("strike",
"bombardment", "shelling") get nearby vectors even when a coded sentence
never used one of them.  :meth:`WordSpace.transform` gives each text the
sum of its words' vectors weighted by log-count × IDF (the IDF of the
unlabelled text), scaled to unit length: a dense row of ``n_components``
numbers, zeros for a text with no word of the space.

Words are the package tokenizer's (:class:`~analysis.corpus.tokens.Tokenizer`:
stop words and numbers removed, acronyms such as US and IS kept in capitals,
every other word lower-cased).  The fit is deterministic (``random_state``).
A fitted space is three arrays (``words_``, ``idf_``, ``vectors_``): the
frame classifier stores them in its model file, never the text it was
fitted on.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..corpus.tokens import Tokenizer

CONTEXT_SMOOTHING = 0.75      # context counts raised to this power before PMI (Levy et al. 2015)
DECIMALS = 3                  # vectors are kept to this many decimals: the stored space is the fitted one, and small


class WordSpace(TransformerMixin, BaseEstimator):
    """PPMI-SVD word vectors fitted on unlabelled text; texts become unit-length weighted sums of them.

    Parameters
    ----------
    n_components : int
        Dimensions kept.
    max_words : int
        The most frequent words kept in the space.
    min_count : int
        Words seen fewer times are left out.
    window : int
        Words either side of a word that count as its context (within a sentence).
    random_state : int
        Seed of the randomised SVD (the fit is deterministic).

    Attributes
    ----------
    words_ : list of str
        The words of the space, sorted.
    idf_ : ndarray of shape (n_words,)
        Their inverse document frequency in the unlabelled text (smoothed, as scikit-learn's).
    vectors_ : ndarray of shape (n_words, n_components)
        Their unit-length vectors (rounded to :data:`DECIMALS` decimals).
    """

    def __init__(self, n_components: int = 100, max_words: int = 20000, min_count: int = 5, window: int = 4,
                 random_state: int = 0):
        self.n_components = n_components
        self.max_words = max_words
        self.min_count = min_count
        self.window = window
        self.random_state = random_state

    @staticmethod
    def sentences(text: str) -> list[list[str]]:
        """The words of ``text`` per sentence, as the space knows them (acronyms in capitals, others lower)."""
        return [[t if t.isupper() else t.lower() for t in seg if t is not None] for seg in _TOKENIZER.segments(text)]

    def fit(self, texts, y=None):
        """Fit on an iterable of unlabelled texts (documents or paragraphs).  Returns self."""
        from sklearn.decomposition import TruncatedSVD

        docs = [self.sentences(str(t)) for t in texts]
        counts = Counter(w for d in docs for s in d for w in s)
        kept = [w for w, c in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:self.max_words]
                if c >= self.min_count]
        if len(kept) <= self.n_components:
            raise ValueError(f"the unlabelled text has {len(kept)} words seen at least {self.min_count} times; a "
                             f"space of {self.n_components} dimensions needs more text")
        self.words_ = sorted(kept)
        index = {w: i for i, w in enumerate(self.words_)}
        pairs = Counter()
        for d in docs:
            for s in d:
                ids = [index.get(w, -1) for w in s]
                for i, a in enumerate(ids):
                    if a < 0:
                        continue
                    for j in range(max(0, i - self.window), min(len(ids), i + self.window + 1)):
                        if j != i and ids[j] >= 0:
                            pairs[a, ids[j]] += 1
        keys = sorted(pairs)
        rows, cols = (np.array(x) for x in zip(*keys))
        n = np.array([pairs[k] for k in keys], dtype=float)
        total = n.sum()
        p_word = np.bincount(rows, weights=n, minlength=len(self.words_)) / total
        context = np.bincount(cols, weights=n, minlength=len(self.words_)) ** CONTEXT_SMOOTHING
        pmi = np.log(n / total / (p_word[rows] * context[cols] / context.sum()))
        keep = pmi > 0
        ppmi = sparse.csr_matrix((pmi[keep], (rows[keep], cols[keep])), shape=(len(self.words_),) * 2)
        svd = TruncatedSVD(self.n_components, algorithm="randomized", n_iter=7, random_state=self.random_state)
        vectors = svd.fit_transform(ppmi) / np.sqrt(svd.singular_values_)
        self.vectors_ = np.round(_unit_rows(vectors), DECIMALS)
        df = Counter(w for d in docs for w in {w for s in d for w in s} if w in index)
        self.idf_ = np.log((1 + len(docs)) / (1 + np.array([df[w] for w in self.words_], dtype=float))) + 1
        return self

    def transform(self, texts) -> np.ndarray:
        """One unit-length row of ``n_components`` numbers per text (zeros for a text with no word of the space)."""
        check_is_fitted(self, "vectors_")
        index = self._index()
        out = np.zeros((len(texts), self.vectors_.shape[1]))
        for r, text in enumerate(texts):
            c = Counter(index[w] for s in self.sentences(str(text)) for w in s if w in index)
            if c:
                ids = np.fromiter(c, dtype=int)
                weights = (1 + np.log(np.fromiter(c.values(), dtype=float))) * self.idf_[ids]
                out[r] = weights @ self.vectors_[ids]
        return _unit_rows(out)

    def __sklearn_clone__(self):
        """A fitted space is data the frame classifier is given (fitted once on unlabelled text), not refitted
        per cross-validation fold: cloning it returns the same fitted space."""
        return self if hasattr(self, "vectors_") else super().__sklearn_clone__()

    def _index(self) -> dict:
        if getattr(self, "_index_words", None) is not self.words_:
            self._index_words, self._index_map = self.words_, {w: i for i, w in enumerate(self.words_)}
        return self._index_map

    def restore(self, words, idf, vectors) -> "WordSpace":
        """A fitted space from its stored arrays (a model file's), checked for shape: returns self."""
        words, idf, vectors = list(words), np.asarray(idf, dtype=float), np.asarray(vectors, dtype=float)
        if vectors.ndim != 2 or vectors.shape[0] != len(words) or idf.shape != (len(words),):
            raise ValueError(f"a word space of {len(words)} words needs {len(words)} IDF weights and "
                             f"{len(words)} vectors; got shapes {idf.shape} and {vectors.shape}")
        if len(set(words)) != len(words):
            raise ValueError("a word space lists a word twice")
        self.words_, self.idf_, self.vectors_ = words, idf, vectors
        return self


_TOKENIZER = Tokenizer()


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norm, out=np.zeros_like(m), where=norm > 0)
