"""Topic models with scikit-learn conventions, coherence- and stability-based choice of k, prevalence.

:class:`TopicModel` wraps ``NMF`` on TF-IDF (the default: deterministic NNDSVD
initialisation, and the better topic recovery on news in our benchmark) or
``LatentDirichletAllocation`` on counts.  Terms come from the package
tokenizer (:mod:`analysis.corpus.tokens`: "U.S." one token, acronyms kept,
possessives removed, n-grams within sentences only) with the English stop
words of scikit-learn plus ``lexicons/stopwords_news.txt``; terms seen in at
least 2 units and at most half of them.  ``transform`` returns a DataFrame
(one column per topic, rows summing to 1).

Units (:func:`make_units`) are articles, paragraphs (the default, sensible
for small corpora) or windows of consecutive sentences.  Coherence is NPMI
over the corpus (:func:`npmi_coherence`: co-occurrence counted within
windows of ``window`` consecutive tokens of a unit, the whole unit when
``window`` is None); stability is the mean top-term overlap of topics matched
across random restarts (:func:`stability`).  :func:`choose_k` combines both.
For corpora that do not fit in memory, :meth:`TopicModel.fit_stream` makes
two passes over batches: a fixed vocabulary with document frequencies, then
``MiniBatchNMF.partial_fit`` (or online LDA).
"""
from __future__ import annotations

import hashlib
import re
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from ..corpus.tokens import LETTER_LED_WORD, Tokenizer, stop_words
from ..progress import tqdm
from ..schema import TERMS_COLUMNS, UNITS_COLUMNS
from .estimators import TextInputMixin, one_blas_thread

log = logging.getLogger(__name__)


class TopicModel(TextInputMixin, TransformerMixin, BaseEstimator):
    """A topic model over texts (``fit`` and ``transform`` take a sequence of strings).

    Parameters
    ----------
    n_topics : int
        Number of topics.
    method : {"nmf", "lda"}
        NMF on sublinear TF-IDF, or LDA on counts.
    min_df : int, float or "auto"
        Terms in fewer texts are dropped ("auto": 2 for NMF; for LDA 0.2% of the texts, at least 2).
    max_df : float
        Terms in a larger share of the texts are dropped.
    ngram_range : tuple of int
        (1, 2) adds two-word phrases.
    max_features : int or None
        Keep only this many terms, the most frequent.
    random_state : int
        Seed of the solver.
    max_iter : int
        Iterations of the solver (up to four times this many when it has not converged).
    init : str
        NMF's initialisation: deterministic ``"nndsvd"`` by default, ``"random"`` to study restarts.
    stop_words : iterable of str or None
        Words removed by the tokenizer (None: its English and news lists).
    numbers : {"drop", "keep", "mask"}
        How the tokenizer treats numbers.
    alpha : float
        LDA's document-topic prior.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer or CountVectorizer
        The fitted vectorizer.
    model_ : NMF or LatentDirichletAllocation
        The fitted model.
    components_ : ndarray of shape (n_topics, n_terms)
        Term weights of each topic.
    labels_ : dict of int to str
        A label per topic (see :meth:`auto_labels`).
    converged_ : bool
        Whether the solver converged, given up to four times ``max_iter``.
    fit_seconds_ : float
        Seconds the solver took in :meth:`fit` (after vectorising).
    """

    def __init__(self, n_topics: int = 10, method: str = "nmf", min_df="auto", max_df=0.5, ngram_range=(1, 1),
                 max_features: int | None = None, random_state: int = 0, max_iter: int = 400, init: str = "nndsvd",
                 stop_words=None, numbers: str = "drop", alpha: float = 0.1):
        self.n_topics = n_topics
        self.alpha = alpha
        self.stop_words = stop_words
        self.numbers = numbers
        self.init = init
        self.method = method
        self.min_df = min_df
        self.max_df = max_df
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.random_state = random_state
        self.max_iter = max_iter

    # -- building blocks -------------------------------------------------
    def analyzer(self) -> Tokenizer:
        """The tokenizer this model's vectorizer uses."""
        words = stop_words() if self.stop_words is None else self.stop_words
        return Tokenizer(words, numbers=self.numbers, ngram_range=tuple(self.ngram_range))

    def _min_df(self, n_texts: int):
        """``min_df="auto"``: 2 for NMF; for LDA, which rare terms make noisy, 0.2% of the units (at least 2)."""
        if self.min_df != "auto":
            return self.min_df
        return 2 if self.method == "nmf" else max(2, int(np.ceil(0.002 * n_texts)))

    def _vectorizer(self, vocabulary=None, n_texts: int = 0, analyzer=None):
        kw = dict(analyzer=analyzer or self.analyzer(), lowercase=False)
        if vocabulary is None:
            kw.update(min_df=self._min_df(n_texts), max_df=self.max_df, max_features=self.max_features)
        else:
            kw.update(vocabulary=vocabulary)
        if self.method == "nmf":
            return TfidfVectorizer(sublinear_tf=True, **kw)
        if self.method == "lda":
            return CountVectorizer(**kw)
        raise ValueError(f"method must be 'nmf' or 'lda', not {self.method!r}")

    def _model(self, streaming: bool = False):
        # (streaming NMF is built in fit_stream, which starts it from a sample)
        return build_model(self.method, self.n_topics, self.random_state, self.init, self.max_iter, self.alpha,
                           streaming)

    def _finish(self):
        self.components_ = self.model_.components_
        self.labels_ = self.auto_labels()
        return self

    # -- scikit-learn API --------------------------------------------------
    def fit(self, texts, y=None, analyzer=None, start=None):
        """Fit to ``texts``; ``analyzer``: a callable giving the same tokens as :meth:`analyzer` (e.g.
        memoised by :func:`tokens_once`), kept by the fitted vectorizer.

        ``start``: ``(terms, components)``, topics of this many over another vocabulary (a sample's fit, from
        :func:`choose_k`'s ``fits``); NMF then starts from them (:func:`carried_start`) instead of NNDSVD, and
        iterates to the same tolerance.  Used by NMF with ``init="nndsvd"`` (the default) only.
        """
        texts = list(texts)
        self.vectorizer_ = self._vectorizer(n_texts=len(texts), analyzer=analyzer)
        try:
            X = self.vectorizer_.fit_transform(texts)
        except ValueError as exc:   # scikit-learn: "empty vocabulary" or "max_df corresponds to < documents than min_df"
            raise ValueError(f"no terms survive the vocabulary filters (min_df={self.min_df}, max_df={self.max_df}) "
                             f"in {len(texts)} texts: {exc}") from exc
        if X.shape[1] < self.n_topics:
            raise ValueError(f"only {X.shape[1]} terms survive the vocabulary filters; "
                             f"fewer than the {self.n_topics} topics asked for (lower min_df or n_topics)")
        t0 = time.perf_counter()
        begin = None
        if start is not None and self.method == "nmf" and self.init == "nndsvd":
            begin = carried_start(X, self.vectorizer_.get_feature_names_out(), *start, self.max_iter)
        make = (lambda m: self._model().set_params(max_iter=m)) if begin is None else \
            (lambda m: self._model().set_params(max_iter=m, init="custom"))
        self.model_, _, self.converged_ = fit_model(make, X, self.max_iter, start=begin)
        self.fit_seconds_ = time.perf_counter() - t0
        if not self.converged_:
            log.info("the %d-topic model did not converge in %d iterations; its topics are a good start, not an "
                     "optimum", self.n_topics, 4 * self.max_iter)
        rng = np.random.default_rng(self.random_state)
        self.word_use_ = word_use(seeded_sample(texts, WORD_USE_SAMPLE, rng), self.vectorizer_.get_feature_names_out())
        return self._finish()

    def transform(self, texts) -> pd.DataFrame:
        """Topic weights per text, each row normalised to sum to 1 (0 for texts with no known term)."""
        check_is_fitted(self, "model_")
        W = self.model_.transform(self.vectorizer_.transform(list(texts)))
        totals = W.sum(axis=1, keepdims=True)
        W = np.divide(W, totals, out=np.zeros_like(W), where=totals > 0)
        return pd.DataFrame(W, columns=self.get_feature_names_out())

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array([f"topic_{k}" for k in range(self.n_topics)], dtype=object)

    # -- streaming ----------------------------------------------------------
    def fit_stream(self, batches, n_passes: int = 2, sample_size: int = 2000):
        """Fit from batches of texts without holding the corpus: ``batches`` is a callable returning an iterator.

        Pass one counts document frequencies to fix the vocabulary (and its
        IDF) and keeps a uniform reservoir sample of ``sample_size`` texts; NMF
        starts from a model of that sample, so a stream ordered by date or
        section does not tie the topics to its first batch.  Each later pass
        feeds the batches to ``partial_fit`` (MiniBatchNMF without forgetting,
        as suits a finite corpus; online LDA).
        """
        analyzer = self._vectorizer().build_analyzer()
        rng = np.random.default_rng(self.random_state)
        df, n_docs, sample = Counter(), 0, []
        for batch in batches():
            for text in batch:
                df.update(set(analyzer(text)))
                n_docs += 1
                if len(sample) < sample_size:
                    sample.append(text)
                elif (j := rng.integers(n_docs)) < sample_size:
                    sample[j] = text
        min_df = self._min_df(n_docs)
        min_df = min_df if isinstance(min_df, int) else int(np.ceil(min_df * n_docs))
        max_df = self.max_df * n_docs if isinstance(self.max_df, float) else self.max_df
        vocab = sorted(t for t, c in df.items() if min_df <= c <= max_df)
        if self.max_features:
            vocab = sorted(sorted(vocab, key=lambda t: -df[t])[: self.max_features])
        if len(vocab) < self.n_topics:
            raise ValueError(f"only {len(vocab)} terms survive the vocabulary filters; fewer than {self.n_topics} topics")
        self.vectorizer_ = self._vectorizer(vocabulary=vocab)
        if self.method == "nmf":
            # the IDF of the whole stream, from pass one's counts (smooth_idf, as scikit-learn computes it)
            self.vectorizer_.fit([" ".join(vocab)])
            self.vectorizer_.idf_ = np.log((1 + n_docs) / (1 + np.array([df[t] for t in vocab]))) + 1
            # the sample's model, fitted as the batch model is (up to four times max_iter, the solver's warning a
            # recorded fact): it only starts the stream, so a sample that does not converge is said, not warned
            start, _, converged = fit_model(lambda m: build_model("nmf", self.n_topics, self.random_state, self.init, m),
                                            self.vectorizer_.transform(sample), self.max_iter)
            if not converged:
                log.info("the %d-topic model of the stream's sample did not converge in %d iterations; it starts the "
                         "stream's model", self.n_topics, 4 * self.max_iter)
            self.model_ = MiniBatchNMF(self.n_topics, init="custom", forget_factor=1.0,
                                       random_state=self.random_state, max_iter=self.max_iter)
            H = start.components_
        else:
            self.vectorizer_.fit([])
            self.model_ = self._model(streaming=True)
            H = None
        for _ in range(n_passes):
            for batch in batches():
                X = self.vectorizer_.transform(list(batch))
                if not X.nnz:
                    continue
                if H is not None and not hasattr(self.model_, "components_"):
                    W0 = np.full((X.shape[0], self.n_topics), max(float(X.mean()), 1e-6))
                    self.model_.partial_fit(X, W=W0, H=H.copy())
                else:
                    self.model_.partial_fit(X)
        self.word_use_ = word_use(sample, self.vectorizer_.get_feature_names_out())
        return self._finish()

    # -- outputs ------------------------------------------------------------
    def top_terms(self, n: int = 10) -> pd.DataFrame:
        """The ``topics_terms`` table: ``topic``, ``term``, ``weight`` (normalised per topic), ``n`` per topic."""
        check_is_fitted(self, "components_")
        terms = self.vectorizer_.get_feature_names_out()
        rows = []
        for k, comp in enumerate(self.components_):
            weights = comp / comp.sum() if comp.sum() else comp
            for idx in np.argsort(-comp)[:n]:
                rows.append((k, terms[idx], float(weights[idx])))
        return pd.DataFrame(rows, columns=TERMS_COLUMNS)

    def top_term_lists(self, n: int = 10) -> list[list[str]]:
        check_is_fitted(self, "components_")
        terms = self.vectorizer_.get_feature_names_out()
        return [[terms[i] for i in np.argsort(-comp)[:n]] for comp in self.components_]

    def auto_labels(self, n: int = 3) -> dict[int, str]:
        """``{topic: "a / b / c"}``: each topic's ``n`` terms by FREX (Bischof & Airoldi 2012; as in STM), read as
        a reader would name the topic.

        The rule, step by step:

        1. **Candidates**: the topic's 30 heaviest terms, leaving out terms with a word of
           ``lexicons/stopwords_labels.txt`` (reporting verbs such as "mentioned", "stated", and vague words such
           as "recent"; "said" and "told" are stop words already).  They stay in the model and in ``top_terms``.
        2. **Order**: by FREX, the harmonic mean of a term's rank in the topic's weight and its rank in
           exclusivity to the topic (its share of the term's weight over all topics), so a heavy word every
           topic uses ("officials") gives way to one that tells the topics apart.
        3. **Names only when they dominate**: a word written with a capital in at least
           :data:`NAME_SHARE` of its uses inside a sentence (a person's or place's name: "Kenteris", "Cuomo")
           is used only when its weight in the topic is at least that of the heaviest common word among the
           candidates; else the label names what the topic is about, not who is in it.  An acronym the
           tokenizer keeps in capitals ("FDA", "NATO") is no name here: it names an institution.
        4. **No fragments**: a word found next to one same word in at least :data:`FRAGMENT_SHARE` of its uses
           ("prime" in "prime minister", "box" in "box office", "andrew" in "Andrew Cuomo") is shown as that
           two-word phrase; a label never repeats a word.

        5. **As written**: each word, or the phrase it stands in, is shown as it is most often written inside a
           sentence ("Iranian-backed", "World Economic", "al-Sudani"; the tokenizer's terms are lower case but
           for acronyms, which stay as they are).

        Steps 3 to 5 read the texts the model was fitted on (:func:`word_use`; a seeded sample of at most
        :data:`WORD_USE_SAMPLE` of them, so labelling costs the same at any corpus size); a model without them
        labels by steps 1 and 2 alone, in lower case.
        """
        terms = self.vectorizer_.get_feature_names_out()
        H = np.asarray(self.components_, dtype=float)
        excl = H / np.maximum(H.sum(axis=0, keepdims=True), 1e-12)
        not_for_labels = stop_words(refs=("labels",))
        # an acronym kept in capitals ("US") is checked as written, never as the stop word it spells ("us")
        content = np.array([not any(w.lower() in not_for_labels for w in str(t).split() if not w.isupper())
                            for t in terms], dtype=bool)
        use = getattr(self, "word_use_", None) or WordUse(frozenset(), {})
        forms = getattr(use, "forms", {})        # (a model pickled before forms were read has none)
        named = np.array([str(t).lower() in use.names and not str(t).isupper() for t in terms], dtype=bool)
        out = {}
        for k, row in enumerate(H):
            order = np.argsort(-row, kind="stable")
            pool = (order[content[order]] if content.any() else order)[:30]
            weight_rank = pd.Series(row[pool]).rank(pct=True).to_numpy()
            excl_rank = pd.Series(excl[k, pool]).rank(pct=True).to_numpy()
            frex = 2 / (1 / weight_rank + 1 / excl_rank)
            common = row[pool][~named[pool]]
            heaviest_common = common.max() if len(common) else 0.0
            chosen, words = [], set()
            for i in np.argsort(-frex, kind="stable"):
                t = pool[i]
                if named[t] and row[t] < heaviest_common:
                    continue
                shown = use.phrases.get(str(terms[t]).lower(), str(terms[t]))
                if words & set(shown.lower().split()):
                    continue
                chosen.append(forms.get(shown, shown) if shown == shown.lower() else shown)   # an acronym as kept
                words |= set(shown.lower().split())
                if len(chosen) == n:
                    break
            out[k] = " / ".join(chosen)
        return out

    def set_labels(self, labels: dict[int, str]):
        """Override automatic labels (``{topic: label}``); unknown topics raise."""
        unknown = set(labels) - set(range(self.n_topics))
        if unknown:
            raise KeyError(f"no topics {sorted(unknown)}; topics are 0..{self.n_topics - 1}")
        self.labels_ = {**self.labels_, **labels}
        return self


NAME_SHARE = 0.9        # a word written with a capital this often inside a sentence is a name
FRAGMENT_SHARE = 0.7    # a word beside one same word this often is part of a phrase
MIN_USES = 3            # fewer uses than this say nothing about how a word is written
WORD_USE_SAMPLE = 5000  # texts read for how words are written: the same cost at any corpus size
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")


@dataclass(frozen=True)
class WordUse:
    """How a topic model's words are written in its texts: ``names`` (lower case: words nearly always written
    with a capital inside a sentence), ``phrases`` (a word -> the two-word phrase it nearly always stands in,
    lower case) and ``forms`` (a word or phrase, lower case -> how it is most often written inside a sentence,
    where that is not in lower case: "iranian-backed" -> "Iranian-backed")."""

    names: frozenset
    phrases: dict
    forms: dict = field(default_factory=dict)


def seeded_sample(texts: list, size: int, rng: np.random.Generator) -> list:
    """``texts`` when there are at most ``size``, else ``size`` of them drawn by ``rng`` without replacement, in
    their order."""
    if len(texts) <= size:
        return texts
    return [texts[i] for i in sorted(rng.choice(len(texts), size, replace=False))]


def word_use(texts, vocabulary) -> WordUse:
    """:class:`WordUse` of the single words of ``vocabulary`` in ``texts``: a word is a name when at least
    :data:`NAME_SHARE` of its uses not opening a sentence start with a capital, and stands in a phrase when at
    least :data:`FRAGMENT_SHARE` of its uses are beside one same word (before or after it; stop words and the
    word itself never count as that word); each needs :data:`MIN_USES` uses.  A word's or phrase's form is its
    most frequent spelling where it does not open the sentence (whose capital says nothing of the word)."""
    vocab = {str(t).lower() for t in vocabulary if " " not in str(t)}
    stops = stop_words()
    total, capital, inner = Counter(), Counter(), Counter()
    beside: dict[str, Counter] = {}
    written: dict[str, Counter] = {}
    for text in texts:
        for sentence in _SENTENCE.split(str(text)):
            words = [w.rstrip("’'").removesuffix("’s").removesuffix("'s") for w in LETTER_LED_WORD.findall(sentence)]
            lower = [w.lower() for w in words]
            for i, (w, lw) in enumerate(zip(words, lower)):
                if lw not in vocab:
                    continue
                total[lw] += 1
                if i:
                    inner[lw] += 1
                    capital[lw] += w[:1].isupper()
                    written.setdefault(lw, Counter())[w] += 1
                for j, before in ((i - 1, True), (i + 1, False)):
                    if 0 <= j < len(words) and lower[j] != lw and lower[j] not in stops:
                        pair = f"{lower[j]} {lw}" if before else f"{lw} {lower[j]}"
                        beside.setdefault(lw, Counter())[pair] += 1
                        if min(i, j):
                            written.setdefault(pair, Counter())[f"{words[j]} {w}" if before else f"{w} {words[j]}"] += 1
    names = frozenset(w for w in total if inner[w] >= MIN_USES and capital[w] >= NAME_SHARE * inner[w])
    phrases = {}
    for w, pairs in beside.items():
        pair, count = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if total[w] >= MIN_USES and count >= FRAGMENT_SHARE * total[w]:
            phrases[w] = pair
    forms = {}
    for key in [*total, *phrases.values()]:
        if key in written:
            form, _ = max(written[key].items(), key=lambda kv: (kv[1], kv[0] == key, kv[0]))   # a tie: lower case
            if form != key:
                forms[key] = form
    return WordUse(names, phrases, forms)


# -- units --------------------------------------------------------------------
def make_units(sentences: pd.DataFrame, unit: str = "paragraph", window: int = 5,
               positions=("lead", "body")) -> pd.DataFrame:
    """Texts to model: one row per ``unit_id`` with its ``article_id`` and ``text``.

    ``unit`` is ``"article"``, ``"paragraph"`` or ``"window"`` (``window``
    consecutive sentences of an article).
    """
    s = sentences[sentences["position"].isin(positions)].sort_values(["article_id", "sentence_id"])
    if unit == "article":
        keys = s["article_id"]
    elif unit == "paragraph":
        keys = s["article_id"] + ":p" + s["paragraph_id"].astype(str)
    elif unit == "window":
        rank = s.groupby("article_id").cumcount() // window
        keys = s["article_id"] + ":w" + rank.astype(str)
    else:
        raise ValueError(f"unit must be 'article', 'paragraph' or 'window', not {unit!r}")
    # the rows of each unit (in order of first appearance, each unit's sentences in order) joined in one pass over
    # plain arrays: what ``groupby("unit_id", sort=False).agg(...)`` gives, without its per-group calls
    codes, ids = pd.factorize(keys.to_numpy())
    held = codes >= 0                                      # (a unit without an id: none, as groupby drops it)
    codes = codes[held]
    order = np.argsort(codes, kind="stable")
    counts = np.bincount(codes, minlength=len(ids))
    starts = np.cumsum(counts) - counts
    texts = s["text"].to_numpy(dtype=object)[held][order]
    joined = [" ".join(texts[a:a + n]) for a, n in zip(starts.tolist(), counts.tolist())]
    # the columns typed as groupby types them: ids as pandas infers them, article ids as the sentences hold them,
    # joined texts in the sentences' string type (inferred from plain objects)
    kind = s["text"].dtype
    return pd.DataFrame({"unit_id": ids,
                         "article_id": pd.Series(s["article_id"].to_numpy(dtype=object)[held][order][starts],
                                                 dtype=s["article_id"].dtype),
                         "text": joined if kind == object else pd.array(joined, dtype=kind),
                         "n_sentences": counts.astype(np.int64)})


def canonical_order(units: pd.DataFrame) -> pd.DataFrame:
    """``units`` sorted by a hash of their text (then the text itself), index reset.

    Subsamples, SVD starts and fits then see the same rows in the same order
    whatever the corpus format or file order (article ids, made from paths,
    differ between a JSON Lines file and a folder of the same articles), so
    the same articles give the same topics.
    """
    key = units["text"].map(lambda t: hashlib.blake2b(t.encode(), digest_size=8).hexdigest())
    order = np.lexsort((units["text"].to_numpy(), key.to_numpy()))
    return units.iloc[order].reset_index(drop=True)


# -- coherence and stability ---------------------------------------------------
def _token_lists(texts, analyzer) -> list[list[str]]:
    return [analyzer(t) for t in texts]


def npmi_coherence(topics: list[list[str]], texts, window: int | None = 10, analyzer=None, eps: float = 1e-12) -> np.ndarray:
    """Mean NPMI of the pairs of top terms of each topic, over the corpus ``texts``.

    Co-occurrence is counted in segments of ``window`` consecutive tokens
    (each unit is cut into non-overlapping segments; the whole unit when
    ``window`` is None).  P(w) and P(w, v) are the shares of segments holding
    w, and both w and v.  NPMI(w, v) = log[P(w, v) / (P(w) P(v))] / −log P(w, v),
    and −1 when the pair never co-occurs.
    """
    analyzer = analyzer or (lambda t: t.lower().split())
    vocab = sorted({w for topic in topics for w in topic})
    index = {w: i for i, w in enumerate(vocab)}
    rows, cols, n_segments = [], [], 0
    for tokens in _token_lists(texts, analyzer):
        segments = [tokens] if not window else [tokens[i:i + window] for i in range(0, max(len(tokens), 1), window)]
        for seg in segments:
            present = sorted({index[w] for w in seg if w in index})
            rows += [n_segments] * len(present)
            cols += present
            n_segments += 1
    B = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_segments, len(vocab)))
    return _npmi_from_binary(B, [np.array([index[w] for w in topic], dtype=int) for topic in topics], eps)


def match_topics(a: list[list[str]], b: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Pair the topics of two runs by maximal top-term overlap (Hungarian algorithm).

    Returns the column index in ``b`` matched to each topic of ``a``, and the
    Jaccard overlap of each matched pair."""
    overlap = np.array([[len(set(x) & set(y)) / len(set(x) | set(y)) for y in b] for x in a])
    rows, cols = linear_sum_assignment(-overlap)
    order = np.argsort(rows)
    return cols[order], overlap[rows, cols][order]


def _npmi_from_binary(B: sparse.csr_matrix, topics: list[np.ndarray], eps: float = 1e-12) -> np.ndarray:
    """Mean NPMI of the pairs of each topic's terms (column indices of ``B``, units × terms, 1 where present)."""
    n = max(B.shape[0], 1)
    scores = []
    for idx in topics:
        sub = B[:, idx].astype(np.float64)
        joint = np.asarray((sub.T @ sub).todense()) / n
        p = np.diag(joint)
        vals = []
        for a, b in combinations(range(len(idx)), 2):
            pab = joint[a, b]
            vals.append(-1.0 if pab <= 0 else np.log(pab / (p[a] * p[b] + eps)) / (-np.log(pab) + eps))
        scores.append(float(np.mean(vals)) if vals else np.nan)
    return np.array(scores)


def build_model(method: str, k: int, seed: int, init: str = "nndsvd", max_iter: int = 400, alpha: float = 0.1,
                streaming: bool = False):
    """The one NMF / LDA builder: NMF with ``init``; batch (or online, for streams) LDA with a sparse document
    prior ``alpha`` and at most 50 passes."""
    if method == "nmf":
        return NMF(k, init=init, random_state=seed, max_iter=max_iter)
    if method == "lda":
        return LatentDirichletAllocation(k, random_state=seed, max_iter=min(max_iter, 50), doc_topic_prior=alpha,
                                         learning_method="online" if streaming else "batch")
    raise ValueError(f"method must be 'nmf' or 'lda', not {method!r}")


def fit_model(make, X, max_iter: int, start: tuple[np.ndarray, np.ndarray] | None = None):
    """``(model, W, converged)``: ``make(max_iter)`` fitted to ``X``; when the solver stops before converging it
    is fitted once more with four times the iterations, and ``converged`` says whether that was enough (the
    warning becomes a recorded fact, not console noise).  ``start``: ``(W, H)`` of an NMF built with
    ``init="custom"`` (copied, never changed).

    NMF's coordinate descent does the same iterations whatever its limit, so it is fitted once, with four times
    the iterations: a fit that stopped before ``max_iter`` is the fit ``make(max_iter)`` gives (its
    ``max_iter`` is set back to that, which :meth:`NMF.transform` uses), and one that did not is the second fit,
    without the first's iterations done twice.
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    def fit(model):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            W = model.fit_transform(X) if start is None else model.fit_transform(X, W=start[0].copy(),
                                                                                 H=start[1].copy())
        return W, not any(issubclass(w.category, ConvergenceWarning) for w in caught)

    model = make(4 * max_iter)
    if isinstance(model, NMF) and model.solver == "cd" and model.tol > 0:
        W, converged = fit(model)
        if model.n_iter_ < max_iter:         # make(max_iter) would have stopped here, converged, without a warning
            model.set_params(max_iter=max_iter)
        return model, W, converged
    for iterations in (max_iter, 4 * max_iter):
        model = make(iterations)
        W, converged = fit(model)
        if converged:
            return model, W, True
    return model, W, False


def carried_start(X, vocabulary, terms, components: np.ndarray, max_iter: int = 400):
    """``(W, H)`` to start NMF on ``X`` (units × ``vocabulary``) from ``components``, topics over ``terms``.

    ``H`` is ``components`` carried over to ``vocabulary`` (0 for a term
    ``terms`` lacks: coordinate descent gives it a weight on its first pass);
    ``W`` is the best non-negative fit of ``X``'s units to those topics
    (``H`` held fixed, as :meth:`NMF.transform` does).  None when the two
    vocabularies share no term or no unit holds a shared term (NNDSVD then
    starts the fit).  :func:`fit_topics` starts the model of every unit from
    the fit :func:`choose_k` made of a sample for the same k, which spares the
    truncated SVD of the whole matrix behind NNDSVD, and the iterations that
    would find again the topics the sample already found.
    """
    import warnings

    from sklearn.decomposition import non_negative_factorization
    from sklearn.exceptions import ConvergenceWarning

    where = {t: i for i, t in enumerate(terms)}
    shared = np.array([j for j, t in enumerate(vocabulary) if t in where], dtype=np.intp)
    if not len(shared):
        return None
    H = np.zeros((components.shape[0], len(vocabulary)), dtype=X.dtype)
    H[:, shared] = components[:, [where[vocabulary[j]] for j in shared]]
    if not H.any():
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)     # a start, not a result
        W, _, _ = non_negative_factorization(X, H=H, n_components=H.shape[0], update_H=False, solver="cd",
                                             max_iter=max_iter)
    return (W, H) if W.any() else None


def _factorise(X, k: int, method: str, seed: int, init: str, max_iter: int, alpha: float = 0.1, svd=None):
    """``(W, H, converged)``: unit weights and topic components of one fit.

    ``svd``: ``(U, S, V)``, a truncated SVD of ``X`` with at least ``k``
    components, to start NMF from NNDSVD without computing it again."""
    if svd is None or method != "nmf" or init != "nndsvd":
        model, W, converged = fit_model(lambda m: build_model(method, k, seed, init, m, alpha), X, max_iter)
    else:
        model, W, converged = fit_model(lambda m: build_model(method, k, seed, "custom", m, alpha), X, max_iter,
                                        start=_nndsvd(*svd, k))
    return W, model.components_, converged


def _nndsvd(U: np.ndarray, S: np.ndarray, V: np.ndarray, k: int, eps: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD's ``(W, H)`` (Boutsidis & Gallopoulos 2008) from the leading ``k`` triplets of a truncated SVD.

    The same steps as scikit-learn's ``init="nndsvd"``, which computes a new
    SVD for every fit; :func:`choose_k` computes one per matrix for all k.
    """
    W = np.zeros((U.shape[0], k))
    H = np.zeros((k, V.shape[1]))
    W[:, 0] = np.sqrt(S[0]) * np.abs(U[:, 0])
    H[0, :] = np.sqrt(S[0]) * np.abs(V[0, :])
    for j in range(1, k):
        x, y = U[:, j], V[j, :]
        x_p, y_p = np.maximum(x, 0), np.maximum(y, 0)
        x_n, y_n = np.abs(np.minimum(x, 0)), np.abs(np.minimum(y, 0))
        x_p_nrm, y_p_nrm = np.linalg.norm(x_p), np.linalg.norm(y_p)
        x_n_nrm, y_n_nrm = np.linalg.norm(x_n), np.linalg.norm(y_n)
        m_p, m_n = x_p_nrm * y_p_nrm, x_n_nrm * y_n_nrm
        if m_p > m_n:
            u, v, sigma = x_p / x_p_nrm, y_p / y_p_nrm, m_p
        else:
            u, v, sigma = x_n / x_n_nrm, y_n / y_n_nrm, m_n
        lbd = np.sqrt(S[j] * sigma)
        W[:, j] = lbd * u
        H[j, :] = lbd * v
    W[W < eps] = 0
    H[H < eps] = 0
    return W, H


def _top(components: np.ndarray, n_terms: int) -> list[np.ndarray]:
    return [np.argsort(-row)[:n_terms] for row in components]


def stability(texts, n_topics: int, method: str = "nmf", seeds=(0, 1, 2), **params) -> float:
    """How much the units' dominant topics agree between the whole corpus and random 80% subsamples (NMI)."""
    table = choose_k(texts, [n_topics], method, seeds, **params)
    return float(table["stability"].iloc[0]) if len(table) else np.nan


def choose_k(texts, ks=range(2, 11), method: str = "nmf", seeds=(0, 1, 2), n_terms: int = 10,
             sample: int = 5000, subsample: float = 0.8, random_state: int = 0, progress: bool = False,
             analyzer=None, fits: dict | None = None, **params) -> pd.DataFrame:
    """Coherence and stability for each k, and the recommended k.

    The units are vectorised once (a seeded sample of at most ``sample`` of
    them, so the choice costs the same at any corpus size); for each k the
    topics are fitted on the sample and on one random ``subsample`` of it per
    seed.  NMF starts from NNDSVD, whose truncated SVD is computed once per
    matrix (the sample and each subsample) with the largest k's components
    and shared by every k.

    **Cost bound.**  The work depends on ``sample``, the number of k and of
    seeds, never on the corpus size: ``len(ks) × (1 + len(seeds))`` NMF fits
    on at most ``sample`` units (and the terms they hold), each stopped at
    ``max_iter`` iterations (four times that once if it did not converge),
    plus ``1 + len(seeds)`` truncated SVDs.  With the defaults (5,000
    units, k = 2..12, three seeds: 44 fits) the target is under a minute on
    2 cores at any corpus size (``benchmarks/profile_stages.py`` measures it as
    ``cpu_topics_choose_k_seconds``); a larger ``sample``, k range or
    number of seeds costs proportionally more.

    * ``coherence``: mean NPMI of the pairs of each topic's ``n_terms`` top
      terms; co-occurrence is counted within units (each unit, a paragraph by
      default, is one reference window), on the package tokenizer's tokens.
    * ``stability``: how much the units' dominant topics agree between the
      fit on the whole sample and the fit on each subsample (normalised mutual
      information over the units both contain, averaged over subsamples):
      clustering stability in the sense of Lange et al. (2004).  Too few
      topics merge themes differently in each subsample, too many split them
      differently; both disagree.

    ``score`` = (coherence + 1) / 2 × stability; the recommended k is the
    smallest within one standard error of the best score (:func:`_recommend`).
    ``progress`` shows a bar over the k tried (the longest step of a run);
    ``analyzer`` replaces the model's tokenizer by one giving the same tokens
    (:func:`tokens_once`).  ``fits``: a dict that receives, for each k tried,
    the sample's fit as ``(terms, components)`` (the sample's vocabulary and
    the topics over it), from which :func:`fit_topics` starts the final
    model.  On BBC News (5 classes) it picks 5, and on a corpus of many
    distinct events it does not collapse to a couple of topics
    (``benchmarks/topics.py``).
    """
    from sklearn.metrics import normalized_mutual_info_score

    rng = np.random.default_rng(random_state)
    texts = seeded_sample(list(texts), sample, rng)
    base = TopicModel(2, method, random_state=random_state, **params)
    vec = base._vectorizer(n_texts=len(texts), analyzer=analyzer)
    try:
        X = vec.fit_transform(texts)
    except ValueError as exc:
        raise ValueError(f"no terms survive the vocabulary filters in {len(texts)} texts: {exc}") from exc
    B = (X > 0).astype(np.int8).tocsr()
    n = X.shape[0]
    subsets = [np.sort(np.random.default_rng(s).choice(n, max(2, int(round(subsample * n))), replace=False))
               for s in seeds]
    ks = list(ks)
    usable = [k for k in ks if k < min(X.shape)]
    svds = [None] * (1 + len(subsets))
    if usable and method == "nmf" and base.init == "nndsvd":
        # one truncated SVD per matrix (the sample, each subsample) starts NMF for every k
        from sklearn.utils.extmath import randomized_svd
        svds = [randomized_svd(m, max(usable), random_state=random_state) for m in (X, *(X[sub] for sub in subsets))]
    rows = []
    for k in tqdm(ks, desc=f"choosing k ({n} units)", unit="k", disable=not progress, leave=False):
        if k >= min(X.shape):
            log.warning("k=%d skipped: only %d units and %d terms", k, X.shape[0], X.shape[1])
            continue
        W, H, converged = _factorise(X, k, method, random_state, base.init, base.max_iter, base.alpha, svds[0])
        if fits is not None:
            fits[k] = (vec.get_feature_names_out(), H)
        coherence = float(np.nanmean(_npmi_from_binary(B, _top(H, n_terms))))
        agreement = []
        for sub, svd in zip(subsets, svds[1:]):
            Ws, _, sub_converged = _factorise(X[sub], k, method, random_state, base.init, base.max_iter, base.alpha,
                                              svd)
            converged = converged and sub_converged
            agreement.append(normalized_mutual_info_score(W[sub].argmax(axis=1), Ws.argmax(axis=1)))
        # no subsample, no stability: NaN, never a perfect 1.0 that would then drive the choice
        stab = float(np.mean(agreement)) if agreement else np.nan
        se = float(np.std(agreement, ddof=1) / np.sqrt(len(agreement))) if len(agreement) > 1 else 0.0
        rows.append({"k": k, "coherence": coherence, "stability": stab, "stability_se": se, "converged": converged})
    return _recommend(pd.DataFrame(rows, columns=["k", "coherence", "stability", "stability_se", "converged"]))


def _recommend(table: pd.DataFrame) -> pd.DataFrame:
    """Score each k and mark the recommended one (the one-standard-error rule).

    ``score`` = (coherence + 1) / 2 × stability (coherence alone, rescaled,
    where stability could not be measured).  ``score_se`` carries the
    standard error of stability over the subsamples into the score.  The
    recommended k is the smallest whose score is within one standard error
    of the best (Breiman's rule, as in cross-validated model choice): a k
    that is better only by noise does not win, and a near tie goes to the
    simpler model.  ``near_best`` marks every k within that band, so a report
    can say when the choice is close; ``at_edge`` is true on the row of the
    largest k tried (when more than one was), so the recommended k is at the
    edge of the range (the data may support more topics) when its row has it.
    """
    half = (table["coherence"] + 1) / 2
    table["score"] = half * table["stability"].fillna(1.0)
    table["score_se"] = half * table["stability_se"].fillna(0.0)
    table["near_best"] = False
    table["recommended"] = False
    table["at_edge"] = (table["k"] == table["k"].max()) & (len(table) > 1)
    if len(table) and table["score"].notna().any():
        best = table["score"].idxmax()
        band = table["score"] >= table.loc[best, "score"] - table.loc[best, "score_se"]
        table["near_best"] = band
        pick = table.loc[band, "k"].idxmin()
        table.loc[pick, "recommended"] = True
    return table


def default_k(n_units: int, ks=range(2, 11)) -> range:
    """The k to try for a corpus of ``n_units``: at most one topic per five units."""
    top = max(2, min(max(ks), n_units // 5))
    return range(min(ks), top + 1)


def fit_topics(sentences: pd.DataFrame, *, unit: str = "paragraph", k: int = 0, method: str = "nmf",
               ks=range(2, 11), seeds=(0, 1, 2), stop_words=None, sample: int = 5000, random_state: int = 0,
               progress: bool = False, units: pd.DataFrame | None = None, **params):
    """Fit a topic model to the lead and body of ``sentences``: ``(model, units, choice)``.

    ``k=0`` takes the k recommended by :func:`choose_k` over ``ks`` (capped by
    :func:`default_k`); ``choice`` is that table (empty when ``k`` is given).
    The model of every unit then starts from choose_k's fit of the sample for
    that k (:func:`carried_start`; NNDSVD when ``k`` is given).
    Raises ``ValueError`` when there are too few units to model.  Each unit
    is tokenised once (:func:`tokens_once`) for choosing k, fitting and,
    through the model's vectorizer, scoring units with :func:`unit_topics`.  ``units``: the
    :func:`make_units` of ``sentences`` when the caller has them already (``sentences`` is then not read).
    """
    units = canonical_order(make_units(sentences, unit) if units is None else units)
    if len(units) < 4:
        raise ValueError(f"only {len(units)} {unit} units: too few to model topics (4 or more are needed)")
    choice = pd.DataFrame(columns=["k", "coherence", "stability", "score", "recommended"])
    params = {**params, "stop_words": stop_words}
    tokens = tokens_once(TopicModel(2, method, random_state=random_state, **params).analyzer())
    fits = {}
    if not k:
        with one_blas_thread():      # 44 fits' small products: a second BLAS thread mostly waits
            choice = choose_k(units["text"], default_k(len(units), ks), method, seeds, sample=sample,
                              random_state=random_state, progress=progress, analyzer=tokens, fits=fits, **params)
        k = int(choice.loc[choice["recommended"], "k"].iloc[0]) if choice["recommended"].any() else 2
    with one_blas_thread():          # the same k-column products, over every unit
        model = TopicModel(k, method, random_state=random_state, **params).fit(units["text"], analyzer=tokens,
                                                                               start=fits.get(k))
    return model, units, choice


def tokens_once(tokenizer):
    """``tokenizer`` with each distinct text tokenised once, for as long as the returned callable lives.

    :func:`fit_topics` shares one between choosing k, fitting and (through
    the fitted vectorizer) scoring every unit, where the same paragraphs
    would otherwise be tokenised three times.  Tokens are kept as tuples of
    interned strings.
    """
    import sys

    seen: dict[str, tuple[str, ...]] = {}

    def tokens(text: str) -> tuple[str, ...]:
        found = seen.get(text)
        if found is None:
            found = seen[text] = tuple(map(sys.intern, tokenizer(text)))
        return found

    return tokens


def unit_topics(model: TopicModel, units: pd.DataFrame) -> pd.DataFrame:
    """The ``topics_units`` table (long): ``unit_id``, ``article_id``, ``topic``, ``weight``."""
    with one_blas_thread():
        W = model.transform(units["text"])
    W.columns = range(model.n_topics)
    long = W.assign(unit_id=units["unit_id"].to_numpy(), article_id=units["article_id"].to_numpy()).melt(
        id_vars=["unit_id", "article_id"], var_name="topic", value_name="weight")
    long["topic"] = long["topic"].astype(int)
    return long[UNITS_COLUMNS]


def article_topics(unit_weights: pd.DataFrame) -> pd.DataFrame:
    """Mean topic weight of each article's units: ``article_id``, ``topic``, ``weight``."""
    return unit_weights.groupby(["article_id", "topic"], as_index=False)["weight"].mean()
