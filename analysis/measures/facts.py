"""Facts across outlets: the sentences of different articles about one event that state the same fact, grouped.

What goes in: the sentences table and the articles that count (one per group
of copies unless the study counts copies), with an event column or none.
What comes out: ``facts`` (DESIGN's contract): one row per sentence that
states a fact, ``fact_id``, ``event``, ``article_id``, ``sentence_id``,
``position``, plus ``label`` (the cluster's most central sentence),
``central`` (this sentence is the label), ``centrality`` (its mean
similarity to the other sentences of its cluster), ``support`` (its mean
similarity to the sentences of its cluster in *other* articles: how
strongly they state what it states; NaN when none does) and ``n_articles``.

The clusters depend on the event column and on copy counting, never on the
groups compared (outlets, leanings...), so they are a measure, cached with
its provenance like the others (``facts`` in the registry); which group
states which fact, and each group's blind spots, depend on the grouping and
are computed from it in :mod:`analysis.compare.facts`.

The method (:class:`FactClusterer`), per event, so the work grows linearly
with the number of events:

1. **Statements.**  Headline, subtitle, lead and body sentences with at least
   :data:`MIN_TERMS` content terms.  Section headings ("Historical Context")
   name a topic and state no fact, so they are left out.
2. **Content terms.**  The news tokenizer (:mod:`analysis.corpus.tokens`,
   with scikit-learn's English stop words and the study's own extra words,
   numbers kept; not the news list, whose time words "week" and "month" tell
   facts apart, nor the reporting verbs: both lowered F1 on the development
   sentences below), hyphenated compounds also split
   into their parts ("Iran-backed" gives ``iran``), every word stemmed
   (Snowball: "attacks" and "attacked" are one term).  A term is a
   **number** ("130", "2,500") or a **name** (an acronym, or a word written
   with a capital inside the sentence: "Nujaba", "Pentagon") or a word.
3. **Weights.**  Each term once per sentence, weighted by its inverse
   document frequency among the event's sentences (a name every sentence
   carries, such as the prime minister's, says little about which fact a
   sentence states), times :data:`NUMBER_WEIGHT` for numbers and
   :data:`NAME_WEIGHT` for names: the same count or the same commander is
   strong evidence of the same fact.  Vectors are L2-normalised; the
   similarity of two sentences is their cosine.
   **The study's topic.**  A term that the statements of at least
   :data:`TOPIC_SHARE` of the study's *other* events carry (and of at least
   :data:`TOPIC_EVENTS`) names what the whole study is about: a study of
   vaccine mandates says "vaccine" and "mandate" in every story.  Such a term
   counts in a vector's length but adds nothing to any similarity
   (:func:`study_topic`), so two sentences must be similar beyond the topic
   they share.  The few sentences of one event cannot tell a topic word from a
   rarer one (its inverse document frequency there is barely lower): in the
   study of vaccine mandates the headlines "Biden vaccine mandate leaves
   companies scrambling to figure out how to comply" and "Biden's vaccine
   mandate: Even Trump-friendly companies seem comfortable with COVID
   restrictions" were one fact on "vaccine" and "mandate" alone.  With one or
   two events there is no study topic to learn, and in a study of unrelated
   stories only words of nearly every news story would qualify; at half the
   other events, "said" and "US" did, and F1 on the development sentences fell
   (0.62 to 0.57), at three quarters none does there.
4. **Claims.**  Two statements sharing words can still assert different
   things; a pair whose claims disagree (:class:`Claims`) gets the similarity
   :data:`DISAGREE`, evidence against any cluster holding both, and never joins
   the graph below:

   * **negation**: one is negated ("not", "no", "never", "n't"...:
     :data:`~analysis.measures.cues.NEGATIONS`) and the other is not ("the
     union says the mandate caused the cancellations" / "did not cause");
   * **quantities**: both give a number of one unit ("130 attacks" / "150
     attacks": the word right after the number, stemmed) and no two of those
     numbers are within :data:`QUANTITY_TOLERANCE` of each other (rounding:
     "2,500 troops" and "2,450 troops" agree).

   A sentence repeated word for word never disagrees with itself.  On the
   development sentences these two checks and the study's topic raised
   pairwise F1 from 0.62 to 0.64 (precision 0.57 to 0.62); a check for
   contrast words ("but", "even", "however") was tried and lowered it (0.62
   to 0.56: they join clauses of one fact as often as they oppose two), so the
   method does not read them.  A claim turned around in other words ("scrambling" /
   "comfortable") with no such cue is still found only through the words the
   two sentences do not share.
5. **Clusters.**  Average-linkage clustering cut at :data:`THRESHOLD`: two
   groups of sentences join only while their *mean* pairwise similarity
   reaches the threshold, so one shared name never chains two facts
   together.  Only pairs above the threshold can join, so the linkage runs
   within each connected component of that graph (small) and never on the
   whole event at once (the graph itself is built over the distinct
   sentences: one repeated word for word in many articles, as agency copy
   is, is one row counted as often as it occurs).  A component whose pairs
   all reach the threshold is one cluster without running the linkage.
   A component of more than :data:`MAX_LINKAGE` statements (one event of
   thousands of articles chains into one) is cut in graph order (reverse
   Cuthill-McKee: neighbours near each other) into pieces of at most that
   many, each piece linked, and the pieces' clusters joined again by
   average linkage computed from their sums of vectors, then each statement
   moved to the cluster it is closest to on average (approximate: pieces
   bound the memory).
   **Blocking.**  Two sentences are compared only when they share a term
   that at most :data:`MAX_TERM_ROWS` distinct sentences of the event carry;
   a more common term (``said``, the name in every sentence of a very large
   event) still weighs in the similarity of the pairs compared, but proposes
   only pairs of sentences in one of its MinHash buckets (likely to share
   other terms too), each sentence with at most :data:`BUCKET_WINDOW` - 1
   others per bucket, so the work grows about linearly with the event (at
   most ``MAX_TERM_ROWS`` candidates per rare term occurrence, a few dozen
   per common one) instead of with its square.  On an event where no term is that common (every event of the
   coded corpora, any event of a few hundred sentences) every pair sharing a
   term is compared and the clusters are exactly those of the exhaustive
   product; on larger ones two sentences sharing only common terms are
   compared only when MinHash puts them near each other (approximate, like
   the pieces of too-large components above).  Each sentence keeps its
   :data:`MAX_NEIGHBOURS` most similar pairs at or above the threshold, so a
   fact stated in thousands of paraphrases does not store the square of its
   size (its sentences stay connected; the linkage below recomputes its own
   similarities).
6. **Labels.**  Each cluster is named by its most central sentence that
   reads whole (:func:`is_whole`: not cut with "…", not started
   mid-sentence, no quotation left open; a piece of one only when no member
   is whole, and then marked as the excerpt it is with "…",
   :func:`as_label`), highest mean similarity to the
   rest first; ties go to the more prominent position, then to the earlier
   sentence.

The threshold (0.15) is the best pairwise F1 of a grid (0.05 to 0.70) on
169 sentences of AllSides roundups grouped into facts by the package's author
(roundups 9-20 of the file, never the first eight, which are an external
test).  Paraphrases share few words, so the sentences of one fact are rarely
very similar; average linkage keeps the low threshold from chaining.  It was
fixed before either coder's sheet was opened; ``benchmarks/facts.py``
records the curve in ``benchmarks/results/facts.json``.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components, reverse_cuthill_mckee
from scipy.spatial.distance import squareform
from sklearn.base import BaseEstimator, ClusterMixin

from ..corpus.tokens import CAPITALISED_COMPOUND, DEFAULT_STOP_WORDS, Tokenizer, stem
from .cues import text_is_negated
from .estimators import TextInputMixin

THRESHOLD = 0.15          # mean cosine similarity at which two groups of sentences are one fact
NUMBER_WEIGHT = 2.0       # a shared number ("130 attacks") counts twice as much as a shared word
NAME_WEIGHT = 1.5         # a shared name ("Nujaba", "Pentagon") half as much again as a word
MAX_TERM_ROWS = 400       # a term in more distinct sentences of one event proposes only the pairs of its MinHash buckets
BUCKET_WINDOW = 20        # ... each sentence paired with the next 19 of its bucket at most
MINHASHES = 2             # ... with this many seeded MinHash permutations, each its own buckets
MAX_NEIGHBOURS = 50       # pairs at or above the threshold kept per sentence (its most similar later sentences)
BLOCK_CELLS = 500_000     # at most about this many pairs of the similarity graph are compared at once
MAX_LINKAGE = 2500        # statements clustered by one average linkage (its distances are held densely: n^2 / 2)
REASSIGN_ROUNDS = 10      # ... then its statements moved to the closest cluster at most this many times
JOIN_REACH = 1.5          # pieces' clusters that could join are looked for this many windows (MAX_LINKAGE) apart
NEAR = 1e-6               # ... their mean similarity this close below the threshold too (rounding: linked, never skipped)
DISAGREE = -1.0           # the similarity of two statements whose claims disagree: evidence against one fact
TOPIC_SHARE = 0.75        # a term the statements of at least this share of the study's other events carry is its topic
TOPIC_EVENTS = 2          # ... and of at least this many of them
QUANTITY_TOLERANCE = 0.1  # two numbers of one unit this close (relative) are one quantity, rounded differently
CHECKS = ("negation", "quantities")   # the ways two statements' claims can disagree (:class:`Claims`)
MAX_TOKENS_HELD = 200_000  # tokens whose parts a clusterer remembers (:meth:`FactClusterer.terms`) before it starts afresh
MIN_TERMS = 3             # fewer content terms than this: no checkable statement ("He said so.")
FACT_POSITIONS = ("headline", "subtitle", "lead", "body")    # headings name sections, they state no fact
POSITION_RANK = {"headline": 0, "subtitle": 1, "lead": 2, "heading": 3, "body": 4}
ALL_EVENTS = "(all)"      # the event of every article when the study names no event column
NO_EVENT = "(none)"       # the event of an article whose event cell is empty
FACT_COLUMNS = ["fact_id", "event", "article_id", "sentence_id", "position", "label", "central", "centrality",
                "support", "n_articles"]

_SENTENCE_START = re.compile(r"^\W*")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")      # a number as the tokenizer writes it ("1,800" is 1800); "9th" is none


def _names(text: str) -> set[str]:
    """Lower-cased words written with a capital anywhere but at the start of the sentence."""
    start = _SENTENCE_START.match(text).end()
    out = set()
    for m in CAPITALISED_COMPOUND.finditer(text):
        if m.start() == start:
            continue
        for part in m.group(1).split("-"):
            if part[:1].isupper():
                out.add(part.lower().replace("’", "'").removesuffix("'s"))
    return out


class Claims:
    """What each statement asserts beyond its words: whether it is negated, and the quantities it states;
    :meth:`disagree` says which pairs make different claims (the checks named in ``checks``, see :data:`CHECKS`).

    Built by :meth:`of` from the statements' texts and quantities (:meth:`FactClusterer.quantities`);
    :meth:`rows` picks statements, as a row index picks rows of a matrix.
    """

    def __init__(self, negated: np.ndarray, values: list[dict[str, list[float]]], units: sparse.csr_matrix,
                 checks=CHECKS):
        self.negated, self.values, self.units, self.checks = negated, values, units, tuple(checks)

    @classmethod
    def of(cls, texts, quantities, checks=CHECKS) -> "Claims":
        """The claims of ``texts``, with their ``quantities`` (one set of ``(unit, number)`` per text)."""
        negated = np.array([text_is_negated(str(t)) for t in texts], dtype=bool)
        vocab: dict[str, int] = {}
        values: list[dict[str, list[float]]] = []
        rows, cols = [], []
        for i, found in enumerate(quantities):
            mine: dict[str, list[float]] = {}
            for unit, number in found:
                mine.setdefault(unit, []).append(float(number))
            for unit in mine:
                rows.append(i)
                cols.append(vocab.setdefault(unit, len(vocab)))
            values.append(mine)
        units = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(values), len(vocab)))
        return cls(negated, values, units, checks)

    def rows(self, index) -> "Claims":
        index = np.asarray(index)
        return Claims(self.negated[index], [self.values[k] for k in index], self.units[index], self.checks)

    def _numbers_differ(self, a: int, b: int) -> bool:
        """Whether statements ``a`` and ``b`` give a unit they share only numbers more than
        :data:`QUANTITY_TOLERANCE` apart ("130 attacks" and "150 attacks"; "about 2,500 troops" and "2,450
        troops" agree)."""
        mine, theirs = self.values[a], self.values[b]
        for unit in mine.keys() & theirs.keys():
            if not any(abs(x - y) <= QUANTITY_TOLERANCE * max(abs(x), abs(y))
                       for x in mine[unit] for y in theirs[unit]):
                return True
        return False

    def disagree(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Whether statements ``i`` and ``j`` (pairwise, positions in these claims) make different claims."""
        out = np.zeros(len(i), dtype=bool)
        if "negation" in self.checks:
            out |= self.negated[i] != self.negated[j]
        if "quantities" in self.checks and self.units.nnz:
            shared = np.flatnonzero(np.asarray(self.units[i].multiply(self.units[j]).sum(axis=1)).ravel() > 0)
            out[shared] |= np.array([self._numbers_differ(i[k], j[k]) for k in shared], dtype=bool)
        return out

    def block(self) -> np.ndarray:
        """:meth:`disagree` of every pair of these statements, as a square matrix."""
        out = np.zeros((len(self.negated),) * 2, dtype=bool)
        if "negation" in self.checks:
            out |= self.negated[:, None] != self.negated[None, :]
        if "quantities" in self.checks and self.units.nnz:
            shared = (self.units @ self.units.T).tocoo()
            for a, b in zip(shared.row.tolist(), shared.col.tolist()):
                if a < b and self._numbers_differ(a, b):
                    out[a, b] = out[b, a] = True
        return out


class FactClusterer(TextInputMixin, ClusterMixin, BaseEstimator):
    """Group sentences that state the same fact (see the module docstring for the method).

    A scikit-learn clusterer over texts: :meth:`fit` takes a sequence of
    sentences (not a numeric matrix) and sets ``labels_``; like
    scikit-learn's agglomerative clustering it has no ``predict``.  Only the
    MinHash buckets of terms too common to propose all their pairs are
    random (seeded by ``random_state``); on every event with no such term
    the clusters do not depend on it.

    Parameters
    ----------
    threshold : float
        Mean cosine similarity at which two groups of sentences are one fact.
    number_weight, name_weight : float
        Weight of a shared number / name relative to a shared word.
    min_terms : int
        Sentences with fewer content terms state no checkable fact and are left out.
    stop_words : iterable of str or None
        Words that carry no content (None: :data:`~analysis.corpus.tokens.DEFAULT_STOP_WORDS`, scikit-learn's
        English list and contractions; the study adds its own ``terms.stop_words``).
    max_linkage : int or None
        Most statements clustered by one average linkage (None: :data:`MAX_LINKAGE`); a larger connected
        group is cut in pieces in graph order and their clusters joined again (:meth:`_components`).
    max_term_rows : int
        A term in more distinct sentences of one event than this proposes only the pairs of its MinHash
        buckets (:meth:`graph`).
    max_neighbours : int
        Pairs at or above the threshold kept per sentence (its most similar ones).
    minhashes : int
        MinHash permutations, each with its own buckets.
    bucket_window : int
        Each sentence is paired with at most ``bucket_window - 1`` others of its bucket.
    random_state : int
        Seed of the MinHash permutations.

    Attributes
    ----------
    labels_ : ndarray of int
        Cluster of each sentence passed to :meth:`fit` (-1 for one left out: too few terms).
    centrality_ : ndarray of float
        Each sentence's mean similarity to the other sentences of its cluster (1.0 alone, NaN left out).
    central_ : ndarray of bool
        Whether the sentence labels its cluster.
    """

    def __init__(self, threshold: float = THRESHOLD, number_weight: float = NUMBER_WEIGHT,
                 name_weight: float = NAME_WEIGHT, min_terms: int = MIN_TERMS, stop_words=None,
                 max_linkage: int | None = None, max_term_rows: int = MAX_TERM_ROWS,
                 max_neighbours: int = MAX_NEIGHBOURS, minhashes: int = MINHASHES, bucket_window: int = BUCKET_WINDOW,
                 random_state: int = 0, checks=CHECKS):
        self.threshold = threshold
        self.number_weight = number_weight
        self.name_weight = name_weight
        self.min_terms = min_terms
        self.stop_words = stop_words
        self.max_linkage = max_linkage
        self.max_term_rows = max_term_rows
        self.max_neighbours = max_neighbours
        self.minhashes = minhashes
        self.bucket_window = bucket_window
        self.random_state = random_state
        self.checks = checks

    # -- terms ----------------------------------------------------------------------
    def terms(self, text: str) -> dict[str, str]:
        """The content terms of one sentence: ``{term: kind}``, kind ``"number"``, ``"name"`` or ``"word"``."""
        words = DEFAULT_STOP_WORDS if self.stop_words is None else self.stop_words
        if getattr(self, "_tok_words", None) is not words:      # built once, again after set_params(stop_words=...)
            self._tok, self._tok_words, self._token_parts = Tokenizer(words, numbers="keep"), words, {}
        text = str(text or "")
        names = _names(text)
        out: dict[str, str] = {}
        memo = self._token_parts
        for token in self._tok.tokens(text):
            found = memo.get(token)
            if found is None:
                if len(memo) > MAX_TOKENS_HELD:
                    memo.clear()
                found = memo[token] = self._parts(token)
            acronym, parts = found
            if acronym is None:
                out[token] = "number"
                continue
            for part, term, stop in parts:
                kind = "name" if acronym or part in names else "word"
                if kind == "word" and stop:
                    continue
                if out.get(term) != "name":
                    out[term] = kind
        return out

    def _parts(self, token: str) -> tuple[bool | None, tuple[tuple[str, str, bool], ...]]:
        """What :meth:`terms` reads of one token whatever its sentence, read once per token: ``(None, ())`` for a
        number, else whether it is an acronym and its parts as ``(part, term, stop word)`` (a hyphenated word's
        parts of two letters or more, each stemmed; an acronym whole, as written)."""
        if token[:1].isdigit():
            return None, ()
        acronym = token.isupper()
        parts = [token] if acronym else [p for p in token.split("-") if len(p) > 1]
        return acronym, tuple((p, p if acronym else stem(p), p in self._tok.stop_words) for p in parts)

    def bags(self, texts) -> list[dict[str, str]]:
        """:meth:`terms` of each of ``texts`` (a sentence repeated, as wire copy is, read once)."""
        seen: dict[str, dict[str, str]] = {}
        return [seen[t] if t in seen else seen.setdefault(t, self.terms(t)) for t in map(str, texts)]

    def quantities(self, text: str) -> set[tuple[str, str]]:
        """The quantities one sentence states: ``(unit, number)`` for each number written right before a word
        that is not a stop word, the unit that word stemmed ("130 attacks" gives ``("attack", "130")``, "a
        19-month freeze" ``("month", "19")``; "293,000 last week" none: "last" is a stop word, no unit)."""
        if not _DIGIT.search(str(text or "")):
            return set()
        words = DEFAULT_STOP_WORDS if self.stop_words is None else self.stop_words
        if getattr(self, "_all_words", None) is not words:
            self._all_tok, self._all_words = Tokenizer(frozenset(), numbers="keep"), words
        tokens = self._all_tok.tokens(str(text or ""))
        return {(stem(unit.lower()), number) for number, unit in zip(tokens, tokens[1:])
                if _NUMBER.fullmatch(number) and not unit[:1].isdigit() and unit.lower() not in words}

    def vectors(self, texts, bags=None, topic=frozenset()) -> tuple[sparse.csr_matrix, np.ndarray]:
        """L2-normalised weighted term vectors of ``texts`` and which of them have enough terms (``bags``: their
        :meth:`bags`, when already read).  The terms of ``topic`` (:func:`study_topic`) count in a vector's
        length but are then set to zero: two sentences sharing only the study's topic are not similar."""
        bags = self.bags(texts) if bags is None else bags
        # a sentence repeated (wire copy, one bag: :meth:`bags`) is weighted once and its row repeated; it counts
        # in the terms' document frequencies as often as it occurs
        first: dict[int, int] = {}
        codes = np.array([first.setdefault(id(b), len(first)) for b in bags], dtype=np.int64)
        distinct = list({id(b): b for b in bags}.values())
        occurs = np.bincount(codes, minlength=len(distinct))
        keep_distinct = np.array([len(b) >= self.min_terms for b in distinct], dtype=bool)
        keep = keep_distinct[codes]
        vocab: dict[str, int] = {}
        rows, cols, kinds = [], [], []
        for i, bag in enumerate(distinct):
            if not keep_distinct[i]:
                continue
            for term, kind in bag.items():
                rows.append(i)
                cols.append(vocab.setdefault(term, len(vocab)))
                kinds.append(kind)
        n = len(bags)
        if not vocab:
            return sparse.csr_matrix((n, 0)), keep
        cols_a = np.asarray(cols)
        df = np.bincount(cols_a, weights=occurs[rows], minlength=len(vocab)).astype(np.int64)
        n_docs = int(keep.sum())
        idf = np.log((1 + n_docs) / (1 + df)) + 1.0
        boost = np.array([{"number": self.number_weight, "name": self.name_weight}.get(k, 1.0) for k in kinds])
        data = idf[cols_a] * boost
        x = sparse.csr_matrix((data, (rows, cols_a)), shape=(len(distinct), len(vocab)))
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x = sparse.diags(1.0 / norms) @ x
        if topic:
            off = np.array([t in topic for t in vocab], dtype=bool)
            x = (x @ sparse.diags((~off).astype(float))).tocsr()
            x.eliminate_zeros()
        return x.tocsr()[codes], keep

    def graph(self, x: sparse.csr_matrix, claims: Claims | None = None) -> sparse.csr_matrix:
        """The cosine similarity of each pair of rows of ``x`` that reaches the threshold (the others are not
        stored), with the diagonal; each pair is stored once (row before column), which is all the connected components
        and the diagonal need.

        Blocked so that the work grows about linearly with the rows: a pair is compared only when the two rows
        share a term that at most :data:`MAX_TERM_ROWS` rows carry (a rare term); a term carried more widely
        ("said", the prime minister's name in every sentence of a large event) proposes only the pairs of its
        MinHash buckets, each row with a bounded number of others (:meth:`_bucket_pairs`), and counts in the
        similarity of every pair compared.  When no term is that common (every event of the
        study corpora) every pair sharing a term is compared, as an exhaustive product would.  The proposed
        pairs are compared in blocks of at most :data:`BLOCK_CELLS` pairs, so those below the threshold (most of
        them) are never all held at once.
        """
        x = x.tocsr()
        n = x.shape[0]
        df = np.bincount(x.indices, minlength=x.shape[1])
        common = df[x.indices] > self.max_term_rows
        rare, wide = x.copy(), x.copy()            # x's weights split by term: rare terms, and the others
        rare.data[common] = 0.0
        wide.data[~common] = 0.0
        rare.eliminate_zeros()
        wide.eliminate_zeros()
        rare_t = rare.T.tocsr()
        rows_terms = sparse.csr_matrix((np.ones(rare.nnz), rare.indices, rare.indptr), shape=rare.shape)
        cum = np.cumsum(rows_terms @ df.astype(np.float64) + 1.0)      # pairs proposed by the rows so far
        ends = np.searchsorted(cum, np.arange(BLOCK_CELLS, cum[-1] if n else 0, BLOCK_CELLS)) + 1
        rows_out, cols_out, vals_out = [], [], []
        start = 0
        for end in np.unique(np.clip(np.append(ends, n), 1, max(n, 1))):
            if end <= start:
                continue
            block = (rare[start:end] @ rare_t).tocoo()     # the rare terms' part of the similarity of each pair
            upper = block.col >= block.row + start          # each pair once, the diagonal with it
            i, j, sim = block.row[upper].astype(np.int64) + start, block.col[upper].astype(np.int64), block.data[upper]
            if wide.nnz:                                   # the common terms' part; rows with only common terms
                alone = np.setdiff1d(np.arange(start, end), i[i == j], assume_unique=True)
                i, j = np.concatenate([i, alone]), np.concatenate([j, alone])
                sim = np.concatenate([sim, np.zeros(len(alone))])
                sim = sim + np.asarray(wide[i].multiply(wide[j]).sum(axis=1)).ravel()
            hit = self._agree(i, j, sim, claims)
            i, j, sim = _strongest(i[hit], j[hit], sim[hit], self.max_neighbours)   # every pair of these rows: here
            rows_out.append(i)
            cols_out.append(j)
            vals_out.append(sim)
            start = end
        def compact():
            """The pairs so far as one block: a pair proposed twice once (the first), the strongest per row."""
            i, j, sim = np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(vals_out)
            _, once = np.unique(i * n + j, return_index=True)
            i, j, sim = _strongest(i[once], j[once], sim[once], self.max_neighbours)
            rows_out[:], cols_out[:], vals_out[:] = [i], [j], [sim]
            return len(i)

        held = sum(map(len, rows_out))
        for i, j in self._bucket_pairs(x, common):         # pairs proposed by the common terms, bounded
            sim = np.asarray(x[i].multiply(x[j]).sum(axis=1)).ravel()
            hit = self._agree(i, j, sim, claims)
            rows_out.append(i[hit])
            cols_out.append(j[hit])
            vals_out.append(sim[hit])
            held += int(hit.sum())
            if held > 2 * BLOCK_CELLS + n * (self.max_neighbours + 1):   # memory: the pairs held stay bounded
                held = compact()
        if not rows_out:
            return sparse.csr_matrix((n, n))
        compact()
        return sparse.csr_matrix((vals_out[0], (rows_out[0], cols_out[0])), shape=(n, n))

    def _agree(self, i, j, sim, claims: Claims | None) -> np.ndarray:
        """Which pairs ``(i, j)`` of similarity ``sim`` join the graph: at the threshold, and (two statements)
        not making different claims (``claims``, :meth:`Claims.disagree`)."""
        hit = sim >= self.threshold - 1e-12
        if claims is not None and hit.any():
            at = np.flatnonzero(hit & (i != j))
            hit[at[claims.disagree(i[at], j[at])]] = False
        return hit

    def _bucket_pairs(self, x: sparse.csr_matrix, common: np.ndarray):
        """Pairs ``(i, j)``, ``i < j``, proposed by the terms too common to propose all theirs (``common`` marks
        their entries in ``x``), in blocks of at most about :data:`BLOCK_CELLS`: the rows of each such term are
        put in buckets by MinHash (the smallest of a seeded permutation of the terms over each row: two rows fall
        in one bucket with probability their Jaccard similarity; ``minhashes`` permutations, each its own
        buckets), and each row is paired with the next ``bucket_window`` - 1 of its bucket, so a bucket costs
        at most ``bucket_window`` pairs per row whatever its size."""
        if not common.any():
            return
        n = x.shape[0]
        rows = np.repeat(np.arange(n), np.diff(x.indptr))
        starts = x.indptr[:-1][np.diff(x.indptr) > 0]
        rng = np.random.default_rng(self.random_state)
        for _ in range(self.minhashes):
            rank = rng.permutation(x.shape[1])
            minhash = np.full(n, x.shape[1])
            minhash[np.diff(x.indptr) > 0] = np.minimum.reduceat(rank[x.indices], starts)
            term, row = x.indices[common], rows[common]
            order = np.lexsort((row, minhash[row], term))
            term, row, bucket = term[order], row[order], minhash[row[order]]
            for step in range(1, self.bucket_window):
                same = (term[step:] == term[:-step]) & (bucket[step:] == bucket[:-step])
                if not same.any():
                    break
                a, b = row[:-step][same], row[step:][same]
                for k in range(0, len(a), BLOCK_CELLS):
                    yield np.minimum(a[k:k + BLOCK_CELLS], b[k:k + BLOCK_CELLS]), \
                        np.maximum(a[k:k + BLOCK_CELLS], b[k:k + BLOCK_CELLS])

    # -- clusters --------------------------------------------------------------------
    def fit(self, texts, positions=None, topic=frozenset(), bags=None, articles=None) -> "FactClusterer":
        """Cluster ``texts`` (the statements of one event); ``positions`` break ties for the label; ``topic`` are
        the study's topic terms, no evidence of one fact (:func:`study_topic`); ``bags`` the texts' :meth:`bags`
        when already read; ``articles`` each text's article, for ``support_``."""
        texts = [str(t) for t in texts]
        n = len(texts)
        ranks = np.array([POSITION_RANK.get(p, 5) for p in (positions if positions is not None else [""] * n)])
        reads_whole = {t: is_whole(t) for t in set(texts)}          # a repeated sentence read once
        whole = np.array([reads_whole[t] for t in texts], dtype=bool)
        bags = self.bags(texts) if bags is None else bags
        x, keep = self.vectors(texts, bags, topic)
        labels = np.full(n, -1, dtype=int)
        centrality = np.full(n, np.nan)
        central = np.zeros(n, dtype=bool)
        idx = np.flatnonzero(keep)
        if len(idx):
            sub = x[idx]
            # one sentence repeated word for word (agency copy in many articles) is one vector: the graph and its
            # components are built over the distinct sentences, each counted as often as it occurs
            codes = pd.factorize(np.asarray(texts, dtype=object)[idx])[0]
            _, first, counts = np.unique(codes, return_index=True, return_counts=True)
            order = np.argsort(codes, kind="stable")
            occurrences = np.split(order, np.cumsum(counts)[:-1])       # each distinct sentence's rows, ascending
            # claims are read once per distinct sentence (by its code), not once per copy
            said = [texts[k] for k in idx[first]]
            claims = Claims.of(said, [self.quantities(t) for t in said], self.checks)
            distinct = self.graph(sub[first], claims)
            self_similarity = np.ones(len(first))       # a sentence repeated word for word: one claim
            next_label = 0
            limit = self.max_linkage or MAX_LINKAGE
            for pieces in self._components(distinct, counts, occurrences, limit):
                for m, cent in (self._link_one(sub, pieces[0], codes, self_similarity, claims) if len(pieces) == 1
                                else self._link_pieces(sub, pieces, codes, self_similarity, limit, claims)):
                    rows = idx[m]
                    labels[rows] = next_label
                    centrality[rows] = cent
                    best = np.lexsort((rows, ranks[rows], [-round(c, 9) for c in centrality[rows]],
                                       ~whole[rows]))[0]
                    central[rows[best]] = True
                    next_label += 1
        self.labels_, self.centrality_, self.central_ = labels, centrality, central
        self.support_ = np.full(n, np.nan)
        if articles is not None and len(idx):
            self.support_[idx] = _support(x[idx], labels[idx], pd.factorize(np.asarray(articles, dtype=object)[idx])[0])
        return self

    def _link(self, sub: sparse.csr_matrix, members: np.ndarray, codes: np.ndarray,
              self_similarity: np.ndarray, claims: Claims | None = None, similarities: bool = True
              ) -> tuple[np.ndarray, np.ndarray | None]:
        """Average linkage of the statements ``members`` (rows of ``sub``) cut at the threshold: each one's cluster
        (0, 1, ...) and their similarities (the diagonal 1.0; :data:`DISAGREE` for two different sentences whose
        ``claims`` disagree; ``claims`` are those of the distinct sentences, by their ``codes``), or None for them
        when ``similarities`` is false (freed before the linkage runs: the n x n matrix is the largest it holds)."""
        if len(members) == 1:
            return np.zeros(1, dtype=int), np.ones((1, 1))
        if (codes[members] == codes[members[0]]).all():      # one sentence repeated: one cluster
            block = np.full((len(members), len(members)), self_similarity[codes[members[0]]])
            np.fill_diagonal(block, 1.0)
            return np.zeros(len(members), dtype=int), block
        part = sub[members]
        block = (part @ part.T).toarray()
        np.fill_diagonal(block, 1.0)
        own = codes[members]
        same = own[:, None] == own[None, :]
        block[same] = 1.0                                   # one sentence repeated states one claim
        if claims is not None:
            # each pair of distinct sentences checked once, however many copies each has; a sentence and its
            # copies fall on the distinct block's diagonal, never a disagreement
            distinct, inverse = np.unique(own, return_inverse=True)
            block[claims.rows(distinct).block()[np.ix_(inverse, inverse)]] = DISAGREE
        if block.min() >= self.threshold + 1e-6:
            return np.zeros(len(members), dtype=int), block     # every pair joins: the linkage's one cluster
        dist = squareform(block, checks=False)        # the condensed distances, built in place: no second n x n
        np.clip(np.subtract(1.0, dist, out=dist), 0.0, None, out=dist)
        if not similarities:
            block = None
        tree = linkage(dist, method="average")
        return fcluster(tree, t=1.0 - self.threshold + 1e-9, criterion="distance") - 1, block

    @staticmethod
    def _split(local: np.ndarray):
        """Positions of each value of ``local``, by value (each ascending)."""
        by_cluster = np.argsort(local, kind="stable")
        bounds = [0, *(np.flatnonzero(np.diff(local[by_cluster])) + 1).tolist(), len(local)]
        return [by_cluster[a:b] for a, b in zip(bounds, bounds[1:])]

    def _link_one(self, sub, members, codes, self_similarity, claims=None):
        """``(statements, centrality)`` of each cluster of one component's average linkage (:meth:`_link`)."""
        local, block = self._link(sub, members, codes, self_similarity, claims)
        for m in self._split(local):
            if len(m) == 1:
                yield members[m], np.ones(1)
            else:
                yield members[m], (block[np.ix_(m, m)].sum(axis=1) - 1.0) / (len(m) - 1)

    def _link_pieces(self, sub, pieces, codes, self_similarity, limit: int, claims=None):
        """``(statements, centrality)`` of each cluster of a component too large for one linkage, cut in
        ``pieces`` (:meth:`_components`): each piece's average linkage, then its clusters joined across pieces by
        average linkage again (:func:`_average_join`: the mean similarity of two clusters is the dot product of
        their sums of vectors over the product of their sizes, so no matrix of statements is held), at most
        ``limit`` clusters at once.  A centrality is the statement's mean similarity to the rest of its
        cluster, from the same sums."""
        clusters = []
        for members in pieces:
            if (codes[members] == codes[members[0]]).all():          # one sentence, however often repeated
                clusters.append(members)
            else:
                clusters += [members[m] for m in self._split(self._link(sub, members, codes, self_similarity,
                                                                        claims, similarities=False)[0])]
        joined = _join_clusters(sub, clusters, self.threshold, limit)
        moved = _reassign(sub, joined, self.threshold, limit)
        clusters = joined if moved is joined else _join_clusters(sub, moved, self.threshold, limit)
        sizes = np.array([len(c) for c in clusters])
        owner = np.repeat(np.arange(len(clusters)), sizes)
        part = sub[np.concatenate(clusters)].tocsr()
        sums = sparse.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))),
                                 shape=(len(clusters), len(owner))) @ part
        # each statement's dot product with its own cluster's sum, entry by entry (sums[owner] row by row would
        # hold a large cluster's sum once per statement)
        rows = np.repeat(np.arange(part.shape[0]), np.diff(part.indptr))
        theirs = np.asarray(sums[owner[rows], part.indices]).ravel()
        dots = np.bincount(rows, weights=part.data * theirs, minlength=part.shape[0])
        own = np.bincount(rows, weights=part.data * part.data, minlength=part.shape[0])
        centrality = np.where(sizes[owner] > 1, (dots - own) / np.maximum(sizes[owner] - 1, 1), 1.0)
        for members, cent in zip(clusters, np.split(centrality, np.cumsum(sizes)[:-1])):
            yield members, cent

    def _components(self, sim: sparse.csr_matrix, counts: np.ndarray, occurrences: list[np.ndarray],
                    limit: int) -> list[list[np.ndarray]]:
        """The statements in groups linked by pairs at the threshold or more: the connected components of the
        similarity graph ``sim`` (:meth:`graph`) of the distinct sentences (each occurring ``counts`` times, at
        the statements ``occurrences``), each a list of pieces of statements (ascending).  A component of at most
        ``limit`` statements is one piece, clustered by one average linkage.  A larger one (one event of
        thousands of articles chains into one) is cut in graph order: its sentences in reverse Cuthill-McKee
        order (neighbours in the graph near each other), cut in consecutive pieces of at most ``limit``
        statements (a sentence repeated more often alone), so memory stays bounded; the pieces' clusters are
        joined again by :meth:`_link_pieces`."""
        _, comp = connected_components(sim, directed=False)
        order = np.argsort(comp, kind="stable")
        out = []
        for local in np.split(order, np.flatnonzero(np.diff(comp[order])) + 1):
            if counts[local].sum() <= limit:
                out.append([self._statements(local, occurrences)])
                continue
            g = sim[local][:, local]
            ordered = local[reverse_cuthill_mckee((g + g.T).tocsr(), symmetric_mode=True)]
            pieces, piece, held = [], [], 0
            for d, c in zip(ordered.tolist(), counts[ordered].tolist()):
                if piece and held + c > limit:
                    pieces.append(piece)
                    piece, held = [], 0
                piece.append(d)
                held += c
            pieces.append(piece)
            out.append([self._statements(np.asarray(p), occurrences) for p in pieces])
        return out

    @staticmethod
    def _statements(distinct: np.ndarray, occurrences: list[np.ndarray]) -> np.ndarray:
        """The statements (ascending) at which the distinct sentences ``distinct`` occur."""
        if len(distinct) == 1:
            return occurrences[distinct[0]]
        return np.sort(np.concatenate([occurrences[d] for d in distinct]))

    def fit_predict(self, texts, positions=None, topic=frozenset()) -> np.ndarray:
        return self.fit(texts, positions, topic).labels_


def _support(x: sparse.csr_matrix, labels: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """Each row's mean similarity to the rows of its cluster (``labels``) from other articles (``articles``, codes
    0, 1...): how strongly the other articles' sentences state what it states (NaN when no other article does).
    From sums of vectors, so a cluster's pairs are never held (a disagreeing pair counts its cosine here), nor a
    cluster's sum once per row."""
    x = x.tocsr()
    groups = pd.factorize(pd.MultiIndex.from_arrays([labels, articles]))[0]
    def sums(codes):
        k = codes.max() + 1
        onehot = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(k, len(codes)))
        return onehot @ x, np.bincount(codes, minlength=k)
    by_cluster, n_cluster = sums(labels)
    by_article, n_article = sums(groups)
    by_cluster.sum_duplicates()                # canonical: the entries below are found by binary search
    by_article.sum_duplicates()
    # each row's dot product with its cluster's sum less its article's, entry by entry: ``by_cluster[labels]``
    # would hold a large cluster's sum once per row (1 GB for one event of 20,000 articles)
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    theirs = (np.asarray(by_cluster[labels[rows], x.indices]).ravel()
              - np.asarray(by_article[groups[rows], x.indices]).ravel())
    dots = np.bincount(rows, weights=x.data * theirs, minlength=x.shape[0])
    others = (n_cluster[labels] - n_article[groups]).astype(float)
    return np.where(others > 0, dots / np.maximum(others, 1.0), np.nan)




def starts_mid_sentence(text: str) -> bool:
    """Whether ``text`` starts inside a sentence, as a piece split off one does: its first word is all lower
    case letters ("and the council approved it.", "which officials denied."); a name written in lower case
    ("al-Sudani", "iPhone"), a number or a quotation ("“and then it was over,” she said.") is a sentence's
    start."""
    words = str(text).lstrip(" \t\n([—–-").split(maxsplit=1)     # a quotation mark is kept: "“and then" starts one
    word = words[0].rstrip(",;:.") if words else ""
    return word.isalpha() and word.islower()


def is_whole(text: str) -> bool:
    """Whether a sentence reads whole, as a fact's label must: not cut ("…" or "..." at its end, as roundups
    shorten a paragraph), not started mid-sentence (:func:`starts_mid_sentence`) and no quotation left open
    ("“Every federal government employee" starts a quotation the sentence never ends)."""
    t = str(text).strip()
    return not (t.endswith(("...", "…")) or t.count("“") > t.count("”") or t.count('"') % 2
                or starts_mid_sentence(t))


def as_label(text: str) -> str:
    """A fact's central sentence as its label: as written when it reads whole (:func:`is_whole`), else marked
    as the excerpt it is: "…" before a piece that starts mid-sentence, "…" after one cut or left with a
    quotation open ("…and the council approved it.", "“Every federal employee…")."""
    t = str(text).strip()
    if is_whole(t):
        return t
    left_open = not t.endswith(("...", "…")) and (t.count("“") > t.count("”") or t.count('"') % 2)
    return ("…" if starts_mid_sentence(t) else "") + t + ("…" if left_open else "")


def _strongest(i: np.ndarray, j: np.ndarray, sim: np.ndarray, per_row: int = MAX_NEIGHBOURS
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs ``(i, j, sim)`` with, for each row ``i``, its diagonal and its ``per_row`` most similar
    ``j`` (ties: the smaller ``j``): a fact stated in thousands of paraphrases would otherwise store its pairs,
    the square of its size.  The strongest pairs are the ones that order a too-large component, and a group
    whose pairs all reach the threshold stays connected (each row keeps a pair with a later one)."""
    if not len(i) or np.bincount(i).max() <= per_row + 1:
        return i, j, sim
    order = np.lexsort((j, -sim, i != j, i))               # each row: its diagonal, then the most similar
    i, j, sim = i[order], j[order], sim[order]
    starts = np.r_[0, np.flatnonzero(np.diff(i)) + 1]
    rank = np.arange(len(i)) - np.repeat(starts, np.diff(np.r_[starts, len(i)]))
    keep = (rank <= per_row) | (i == j)
    return i[keep], j[keep], sim[keep]


def _join_clusters(x: sparse.csr_matrix, clusters: list[np.ndarray], threshold: float, limit: int
                   ) -> list[np.ndarray]:
    """``clusters`` (statements: rows of ``x``, L2-normalised) joined by average linkage cut at ``threshold``,
    at most ``limit`` clusters at once: windows of ``limit`` consecutive clusters (the order they come in: graph
    order), the windows shifted by half a window on every other pass, until a pass joins nothing twice in a row
    or all fit in one window.  Exact when they fit in one window (the usual case: a few clusters per fact).

    The later passes join a few clusters each: once a pass has joined fewer than half a window's, the pairs of
    clusters that could join (:func:`_close_pairs`, within :data:`JOIN_REACH` windows of each other) are found
    once and then kept up to date, only the clusters just joined compared again, and a window that holds none of
    them is not linked: its linkage would join nothing.  The clusters are those of linking every window."""
    sizes = np.array([len(c) for c in clusters], dtype=float)
    owner = np.repeat(np.arange(len(clusters)), sizes.astype(int))
    sums = sparse.csr_matrix((np.ones(len(owner)), (owner, np.concatenate(clusters))),
                             shape=(len(clusters), x.shape[0])) @ x
    reach = int(JOIN_REACH * limit)
    close = np.zeros((2, 0), dtype=np.int64)    # pairs of clusters (positions, first < second) that could join...
    known = -1                                  # ... every one of them at most this many positions apart
    idle, shift = 0, 0
    while len(clusters) > 1 and idle < 2:
        whole = len(clusters) <= limit
        step = len(clusters) if whole else limit
        bounds = [0, *range(shift, len(clusters), step)] if shift and not whole else list(range(0, len(clusters), step))
        at = np.searchsorted(bounds, close, side="right") - 1        # the window of each end of each close pair
        inside = close[:, at[0] == at[1]]
        window = at[0, at[0] == at[1]]
        group = np.arange(len(clusters))
        for w, (a, b) in enumerate(zip(bounds, [*bounds[1:], len(clusters)])):
            if b - a < 2:
                continue
            if known < b - a - 1:
                group[a:b] = a + _average_join(sums[a:b], sizes[a:b], threshold)
            elif (window == w).any():
                # only the clusters of a close pair can join (a mean of similarities below the threshold stays
                # below it): their linkage alone joins what the window's would
                some = np.unique(inside[:, window == w])
                group[some] = some[_average_join(sums[some], sizes[some], threshold)]
        kept = np.flatnonzero(group == np.arange(len(clusters)))
        if len(kept) == len(clusters):
            if whole:
                break
            idle += 1
        else:
            idle = 0
            inverse = np.searchsorted(kept, group)
            merge = sparse.csr_matrix((np.ones(len(group)), (inverse, np.arange(len(group)))),
                                      shape=(len(kept), len(group)))
            joined = [[] for _ in kept]
            for i, g in enumerate(inverse):
                joined[g].append(clusters[i])
            clusters = [np.sort(np.concatenate(parts)) for parts in joined]
            sums, sizes = merge @ sums, merge @ sizes
            # a pair of positions at most ``known`` apart is now closer by the clusters joined away between them
            gone = np.r_[0, np.cumsum(group != np.arange(len(group)))]
            def most_gone(span):
                """The most clusters joined away between two positions ``span`` apart."""
                p = np.arange(len(group))
                return int((gone[np.minimum(p + span, len(group))] - gone[np.minimum(p + 1, len(group))]).max())
            changed = np.bincount(inverse) > 1
            close = inverse[close]
            close = close[:, ~changed[close].any(axis=0)]      # two clusters unchanged: the same mean similarity
            known = min(known - most_gone(known + 1), reach) if known >= 0 else -1
            if known < limit - 1 and len(kept) > limit and most_gone(reach + 1) <= reach - (limit - 1):
                close, known = _close_pairs(sums, sizes, np.arange(len(kept)), reach, threshold, False), reach
            elif known >= 0:
                close = np.unique(np.hstack([close, _close_pairs(sums, sizes, np.flatnonzero(changed), reach,
                                                                  threshold)]), axis=1)
        shift = 0 if shift or whole else limit // 2
    return clusters


def _close_pairs(sums: sparse.csr_matrix, sizes: np.ndarray, rows: np.ndarray, reach: int, threshold: float,
                 before: bool = True) -> np.ndarray:
    """The pairs of clusters (given by their sums of vectors ``sums`` and ``sizes``) that could join: their mean
    similarity reaches ``threshold`` less :data:`NEAR` (rounding: the linkage decides those), one of them in
    ``rows``, the other at most ``reach`` positions after it (and before it, when ``before``), as an array of
    positions ``[firsts, seconds]``, first < second."""
    found = [np.zeros((2, 0), dtype=np.int64)]
    chunk = max(1, BLOCK_CELLS // (2 * reach + 1))
    for start in range(0, len(rows), chunk):
        r = rows[start:start + chunk]
        lo, hi = (max(0, r[0] - reach) if before else r[0]), min(len(sizes), r[-1] + reach + 1)
        dots = (sums[r] @ sums[lo:hi].T).tocoo()
        i, j = r[dots.row].astype(np.int64), dots.col.astype(np.int64) + lo
        hit = (dots.data / (sizes[i] * sizes[j]) >= threshold - 1e-9 - NEAR) & (i != j) & (np.abs(i - j) <= reach)
        found.append(np.sort(np.vstack([i[hit], j[hit]]), axis=0))
    return np.unique(np.hstack(found), axis=1)


def _reassign(x: sparse.csr_matrix, clusters: list[np.ndarray], threshold: float, limit: int,
              rounds: int = REASSIGN_ROUNDS) -> list[np.ndarray]:
    """``clusters`` (statements: rows of ``x``) after moving each statement to the cluster whose other statements
    it is most similar to on average, when that mean reaches ``threshold`` and beats its mean similarity to the
    rest of its own cluster; repeated until nothing moves (at most ``rounds`` times).  A piece holding a few
    sentences of one fact can put them with another fact's cluster: this takes them back.  Only when there are
    at most ``limit`` clusters (the similarities are held a block of statements at a time); ``clusters`` itself
    when nothing moves."""
    if len(clusters) < 2 or len(clusters) > limit:
        return clusters
    rows = np.concatenate(clusters)
    owner = np.repeat(np.arange(len(clusters)), [len(c) for c in clusters])
    part = x[rows]
    own = np.asarray(part.multiply(part).sum(axis=1)).ravel()
    step = max(1, BLOCK_CELLS // len(clusters))
    for done in range(rounds):
        k = owner.max() + 1
        sums = sparse.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))), shape=(k, len(owner))) @ part
        sizes = np.bincount(owner, minlength=k).astype(float)
        sums_t = sums.T.tocsr()         # once per round: ``@ sums.T`` would convert it for every block
        moved = owner.copy()
        for a in range(0, len(owner), step):
            b = min(a + step, len(owner))
            at = np.arange(b - a)
            dots = (part[a:b] @ sums_t).toarray()
            mine = owner[a:b]
            # the mean similarity to each other cluster's statements (every cluster holds one or more), and to the
            # rest of its own (none when it is alone: -inf), in place
            own_dots = dots[at, mine] - own[a:b]
            rest = sizes[mine] - 1.0
            mean = np.divide(dots, sizes, out=dots)
            mean[at, mine] = np.where(rest > 0, own_dots / np.maximum(rest, 1.0), -np.inf)
            best = mean.argmax(axis=1)
            better = (mean[at, best] >= threshold - 1e-9) & (mean[at, best] > mean[at, mine])
            moved[a:b][better] = best[better]
        if (moved == owner).all():
            if not done:
                return clusters                # nothing moves: the same clusters (nothing to join again)
            break
        owner = np.unique(moved, return_inverse=True)[1]
    by_cluster = np.argsort(owner, kind="stable")
    return [np.sort(rows[m]) for m in np.split(by_cluster, np.flatnonzero(np.diff(owner[by_cluster])) + 1)]


def _average_join(sums: sparse.csr_matrix, sizes: np.ndarray, threshold: float) -> np.ndarray:
    """Average linkage of clusters given by their sums of vectors ``sums`` and ``sizes``, cut at ``threshold``
    (the clusters' mean pairwise similarity, as :func:`~scipy.cluster.hierarchy.fcluster` cuts it): for each
    cluster, the first cluster (position) of the group it ends in.

    Only the clusters of a pair that could join (mean similarity at the threshold less :data:`NEAR`) are linked:
    the mean of similarities below the threshold stays below it, so a cluster of no such pair never joins, and
    the others join as they would among all of them."""
    dots = sums @ sums.T
    pairs = dots.tocoo()
    could = (pairs.row != pairs.col) & (pairs.data / (sizes[pairs.row] * sizes[pairs.col]) >= threshold - 1e-9 - NEAR)
    some = np.unique(np.r_[pairs.row[could], pairs.col[could]])
    group = np.arange(len(sizes))
    if len(some) > 1:
        group[some] = some[_average_link(dots[some][:, some].toarray(), sizes[some], threshold)]
    return group


def _average_link(sim: np.ndarray, sizes: np.ndarray, threshold: float) -> np.ndarray:
    """:func:`_average_join` of clusters given by the dot products of their sums ``sim`` (a k x k array, turned
    into their mean similarities in place) and ``sizes``."""
    k = len(sizes)
    sim /= np.outer(sizes, sizes)           # in place: a third k x k array costs more than the division itself
    np.fill_diagonal(sim, -np.inf)
    sizes = sizes.astype(float).copy()
    best = sim.argmax(axis=1)
    best_sim = sim[np.arange(k), best]
    group = np.arange(k)
    while True:
        i = int(best_sim.argmax())
        if best_sim[i] < threshold - 1e-9:
            break
        j = int(best[i])
        i, j = min(i, j), max(i, j)                # the earlier cluster names the group
        row = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])     # Lance-Williams, average
        sizes[i] += sizes[j]
        sim[i], sim[:, i] = row, row
        sim[j], sim[:, j] = -np.inf, -np.inf
        sim[i, i] = -np.inf
        group[group == j] = i
        best_sim[j] = -np.inf
        stale = np.flatnonzero((best == i) | (best == j))
        stale = stale[best_sim[stale] > -np.inf]
        stale = np.union1d(stale, [i])
        best[stale] = sim[stale].argmax(axis=1)
        best_sim[stale] = sim[stale, best[stale]]
        closer = np.flatnonzero(row > best_sim)
        best[closer], best_sim[closer] = i, row[closer]
    return group


def study_topic(bags, events, share: float = TOPIC_SHARE, least: int = TOPIC_EVENTS) -> dict[object, set[str]]:
    """Per event, the terms of the study's topic: those of its statements that the statements of at least
    ``share`` of the study's *other* events carry too, and of at least ``least`` of them (one or two events
    alone: none).  ``bags`` are the statements' terms (:meth:`FactClusterer.bags`), ``events`` each one's event.

    A study of vaccine mandates says "vaccine" and "mandate" in every story: such words name what the study is
    about, not which fact a sentence states, and the few sentences of one event cannot tell them from rarer words.
    """
    own: dict[object, set[str]] = {}
    for bag, event in zip(bags, events):
        own.setdefault(event, set()).update(bag)
    spread: dict[str, int] = {}
    for terms in own.values():
        for t in terms:
            spread[t] = spread.get(t, 0) + 1
    others = len(own) - 1
    need = max(least, share * others)
    return {event: {t for t in terms if spread[t] - 1 >= need} for event, terms in own.items()}


def event_of(articles: pd.DataFrame, event: str | None) -> pd.Series:
    """Each article's event (indexed like ``articles``): the column ``event``, or one event when there is none."""
    if not event or event not in articles.columns:
        return pd.Series(ALL_EVENTS, index=articles.index)
    col = articles[event]
    return col.astype(object).where(col.notna() & (col.astype(str).str.strip() != ""), NO_EVENT).astype(str)


def fact_clusters(sentences: pd.DataFrame, articles: pd.DataFrame, event: str | None = None,
                  clusterer: FactClusterer | None = None) -> pd.DataFrame:
    """The ``facts`` table: the statements of ``articles`` (those that count) clustered into facts per event.

    ``event`` names the articles' event column (None or "" or a missing
    column: all articles are one event).  Returns :data:`FACT_COLUMNS`, one
    row per statement, ordered by event, then facts carried by more articles
    first; ``fact_id`` is ``F1``, ``F2``... over the whole table.
    """
    clusterer = clusterer or FactClusterer()
    events = pd.DataFrame({"article_id": articles["article_id"].to_numpy(),
                           "event": event_of(articles, event).to_numpy()})
    s = sentences[sentences["position"].isin(FACT_POSITIONS)][["article_id", "sentence_id", "position", "text"]]
    s = s.merge(events, on="article_id", how="inner").sort_values(["event", "article_id", "sentence_id"])
    s = s.reset_index(drop=True)
    bags = clusterer.bags(s["text"].tolist())
    topic = study_topic(bags, s["event"])
    parts = []
    for ev, part in s.groupby("event", sort=True):
        clusterer.fit(part["text"].tolist(), part["position"].tolist(), topic.get(ev, frozenset()),
                      [bags[i] for i in part.index], part["article_id"].tolist())
        part = part.reset_index(drop=True)
        part = part.assign(cluster=clusterer.labels_, centrality=clusterer.centrality_, central=clusterer.central_,
                           support=clusterer.support_)
        part = part[part["cluster"] >= 0]
        if part.empty:
            continue
        part["n_articles"] = part.groupby("cluster")["article_id"].transform("nunique")
        part["rank"] = part["position"].map(POSITION_RANK).fillna(5)
        order = (part.groupby("cluster").agg(n=("n_articles", "first"), rank=("rank", "min"),
                                             first=("sentence_id", "min"))
                 .sort_values(["n", "rank", "first"], ascending=[False, True, True]).index)
        part["order"] = part["cluster"].map({c: i for i, c in enumerate(order)})
        labels = part[part["central"]].set_index("cluster")["text"].map(as_label)
        part["label"] = part["cluster"].map(labels)
        parts.append(part)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FACT_COLUMNS}).astype(
            {"sentence_id": int, "central": bool, "centrality": float, "support": float, "n_articles": int})
    out = pd.concat(parts, ignore_index=True).sort_values(["event", "order", "article_id", "sentence_id"])
    keys = out[["event", "order"]].drop_duplicates().reset_index(drop=True)
    keys["fact_id"] = [f"F{i + 1}" for i in range(len(keys))]
    out = out.merge(keys, on=["event", "order"])
    return out[FACT_COLUMNS].reset_index(drop=True).astype({"sentence_id": int, "n_articles": int,
                                                             "central": bool, "centrality": float,
                                                             "support": float})

