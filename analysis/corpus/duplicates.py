"""Group exact and near-duplicate articles (syndicated wire copy, republished pages).

Two articles are near-duplicates when most of the word 5-grams of the shorter
one occur in the longer one (containment >= ``threshold``), which is how a
wire story looks when it is republished with other boilerplate, an extra
paragraph or a new headline.  Groups are the connected components of that
relation.  In each group the *primary* copy (the one that counts by default)
is the original where the others name it (a copy whose outlet another member
gives as its ``relayed_source``), then the earliest published, then the
longest, ties broken by ``article_id`` so the choice is stable.

Two ways to find the near pairs, with the same answer: a prefix filter
(``method="exact"``, the default: with the 5-grams ordered from the rarest, a
pair is a candidate only when it shares one of the few rarest 5-grams of the
shorter text that any pair at the threshold must share; every candidate's
containment is then counted exactly), or MinHash LSH (``method="minhash"``:
datasketch's LSH Ensemble, which indexes sets for *containment*, proposes
candidate pairs from 64-value signatures at a threshold below the real one;
each candidate's containment is then counted exactly on the same 5-grams).  A
pair the LSH fails to propose would be missed, so the candidate threshold sits
well below the real one (:data:`LSH_MARGIN`) and the tests check that both
methods give the same groups as a count over all pairs.  Templates and
boilerplate that every article carries propose no pair under the prefix
filter, so its work grows with the copies, not with the square of the
articles; near pairs are sought among one copy of each distinct text (exact
copies are linked by their fingerprint).  On the benchmark's corpora
(benchmarks/throughput.py times both) the prefix filter is faster, so it is
the default (``engine.duplicates`` in the study).
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import connected_components
from scipy import sparse

from ..engine import concat_parts
from .tokens import word_characters

SHINGLE = 5
MIN_SHINGLES = 10      # shorter texts are matched only exactly
CHUNK = 2000           # rows per block of the candidate product
BATCH = 2000           # texts hashed at a time
LOOKUPS = 1_000_000    # 5-grams looked up at a time when pairs' shared 5-grams are counted (~40 bytes each)
PREFIX_FACTOR = 2      # how much longer than the shortest sound prefix the candidates' prefix is (see _exact_pairs)
NUM_PERM = 64          # MinHash signature length
NUM_PART = 16          # size partitions of the LSH Ensemble
LSH_MARGIN = 0.35      # the LSH proposes pairs from this much below the threshold; each is then counted exactly
#                        (0.25 missed one pair of the 300 generated test articles once the word hashes changed)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def text_fingerprint(text: str) -> str:
    """Equal for copies differing only in case, spacing and punctuation (a hash of the lower-cased words)."""
    return _hashed([text])[1][0]


def _fmix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit moves every output bit."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(33))
        h = h * np.uint64(0xFF51AFD7ED558CCD)
        h = h ^ (h >> np.uint64(33))
        h = h * np.uint64(0xC4CEB9FE1A85EC53)
        return h ^ (h >> np.uint64(33))


def _hashed(texts: list[str], batch: int = BATCH) -> tuple[list[np.ndarray], list[str]]:
    """Each text's distinct word 5-grams as sorted 64-bit hashes, and its fingerprint (SHA-256 of its word
    hashes) (the same text gives the same hashes on every run and machine; two different 5-grams share a hash
    with probability about 2**-64).  Texts are hashed ``batch`` at a time, so the words held at once stay few."""
    sets: list[np.ndarray] = []
    fingerprints: list[str] = []
    for start in range(0, len(texts), batch):
        s, f = _hashed_batch(texts[start:start + batch])
        sets += s
        fingerprints += f
    return sets, fingerprints


def _word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The 64-bit hashes of the words of :func:`~analysis.corpus.tokens.plain_words` in every text, one after
    the other, and each text's number of words.  The texts are lower-cased and split with numpy over their code
    points; a word's hash mixes each character with its position in the word, and the word's length."""
    lowered = [t.lower() for t in texts]
    sizes = np.fromiter((len(t) + 1 for t in lowered), dtype=np.int64, count=len(lowered))
    points = np.frombuffer(" ".join(lowered).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    del lowered
    inside = word_characters()[points]
    edges = np.diff(inside.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if not len(starts):
        return np.empty(0, np.uint64), np.zeros(len(texts), dtype=np.int64)
    lengths = (ends - starts).astype(np.uint64)
    chars = points[inside].astype(np.uint64)
    first = np.concatenate([[0], np.cumsum(ends - starts)[:-1]])       # each word's first character in ``chars``
    offset = np.arange(len(chars), dtype=np.uint64) - np.repeat(first, ends - starts).astype(np.uint64)
    with np.errstate(over="ignore"):
        terms = _fmix(chars | (offset << np.uint64(21)))                 # code points are below 2**21
        words = _fmix(np.add.reduceat(terms, first) + lengths * _MIX)
    text_of = np.searchsorted(np.cumsum(sizes), starts, side="right")    # a separator ends each text
    return words, np.bincount(text_of, minlength=len(texts)).astype(np.int64)


def _hashed_batch(texts: list[str]) -> tuple[list[np.ndarray], list[str]]:
    h, lengths = _word_hashes(texts)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    fingerprints = [hashlib.sha256(h[a:b].tobytes()).hexdigest() for a, b in zip(starts, ends)]
    n = len(h) - SHINGLE + 1
    if n <= 0:
        return [np.empty(0, np.uint64) for _ in texts], fingerprints
    acc = np.zeros(n, np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):                                  # order matters: a rolling polynomial, mixed
            acc = _fmix(acc * _MIX + h[k:k + n])
    # a 5-gram belongs to the text it starts in if it ends there too; each text's distinct hashes, sorted
    row = np.repeat(np.arange(len(texts)), lengths)[:n]
    grams = acc[np.arange(n) + SHINGLE <= ends[row]]
    counts = np.maximum(lengths - SHINGLE + 1, 0)
    bounds = np.concatenate([[0], np.cumsum(counts)])
    for a, b in zip(bounds[:-1], bounds[1:]):
        grams[a:b].sort()                                         # in place: one text's 5-grams
    first = np.ones(len(grams), dtype=bool)
    first[1:] = grams[1:] != grams[:-1]
    first[bounds[:-1][counts > 0]] = True                         # a text's first 5-gram repeats no other text's
    row = np.repeat(np.arange(len(texts)), counts)[first]
    grams = grams[first]
    bounds = np.searchsorted(row, np.arange(len(texts) + 1))
    return [grams[a:b] for a, b in zip(bounds[:-1], bounds[1:])], fingerprints


def shingle_sets(texts: list[str]) -> list[np.ndarray]:
    """The distinct word 5-grams of each text as sorted 64-bit hashes."""
    return _hashed(texts)[0]


def article_shingles(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article (a partition of ``articles``: ``article_id``, ``text``): ``shingles`` (the sorted 5-gram
    hashes) and ``fingerprint``; the per-article part of :func:`find_duplicates`, for an engine to map."""
    sets, fingerprints = _hashed(articles["text"].fillna("").tolist())
    return pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "shingles": sets,
                         "fingerprint": fingerprints})


def _exact_pairs(sets: list[np.ndarray], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair whose containment reaches ``threshold``, each counted exactly, among the candidates of a prefix
    filter.  With the 5-grams ordered from the rarest, let A be the smaller text of a pair (ties by position),
    ``need = ceil(threshold |A|)`` and ``L`` the length of A's prefix (its ``L`` rarest 5-grams): a pair at the
    threshold shares at least ``need - (|A| - L)`` of that prefix with B.  With ``L = |A| - need + 1`` that is
    one 5-gram (a template or boilerplate that every article carries then proposes no pair, so the work grows
    with the copies, not with the square of the articles); the prefix here is :data:`PREFIX_FACTOR` times as
    long, so the prefix's shared count (from one sparse product) already rules out the texts that merely share
    a sentence or two, and only the rest are counted exactly."""
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    empty = (np.array([], int), np.array([], int), np.array([]))
    if len(sets) < 2 or not sizes.sum():
        return empty
    codes, uniques = pd.factorize(np.concatenate(sets))
    n_rows, n_codes = len(sets), max(len(uniques), 1)
    del uniques                   # each intermediate is freed once read: at 20k articles most are ~60 MB
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    row = np.repeat(np.arange(n_rows), sizes)
    rank = np.empty(n_codes, dtype=np.int64)
    df = np.bincount(codes, minlength=n_codes)
    rank[np.lexsort((np.arange(n_codes), df))] = np.arange(n_codes)      # rarest first, ties by code
    del df
    need = np.ceil(threshold * sizes - 1e-9).astype(np.int64)
    prefix = np.minimum(np.clip(sizes - need + 1, 0, sizes) * PREFIX_FACTOR, sizes) * (sizes >= MIN_SHINGLES)
    # each row's 5-grams by rank, rarest first (row * n_codes + rank: also the table _shared looks pairs up in)
    by_rank = np.sort(row * n_codes + rank[codes])
    del rank, codes
    # the matrices' columns are the ranks, built straight in CSR: P holds each row's prefix, X all its 5-grams
    ranks = (by_rank - row * n_codes).astype(np.int32 if n_codes < 2**31 else np.int64)
    del row
    pick = np.flatnonzero(np.arange(len(ranks)) - np.repeat(indptr[:-1], sizes) < np.repeat(prefix, sizes))
    P = sparse.csr_matrix((np.ones(len(pick), np.float32), ranks[pick], np.concatenate([[0], np.cumsum(prefix)])),
                          shape=(n_rows, n_codes))
    del pick
    XT = sparse.csr_matrix((np.ones(len(ranks), np.float32), ranks, indptr), shape=(n_rows, n_codes)).T.tocsr()
    del ranks
    keys = []
    for start in range(0, n_rows, CHUNK):                                 # A's prefix against every B
        cand = (P[start:start + CHUNK] @ XT).tocoo()
        i, j = cand.row.astype(np.int64) + start, cand.col.astype(np.int64)      # int32 would overflow below
        bigger = (sizes[j] > sizes[i]) | ((sizes[j] == sizes[i]) & (j > i))     # i is the pair's A
        ok = bigger & (cand.data + (sizes[i] - prefix[i]) >= need[i])
        keys.append(np.minimum(i[ok], j[ok]) * n_rows + np.maximum(i[ok], j[ok]))
    del P, XT, cand
    pairs = np.unique(np.concatenate(keys))
    if not len(pairs):
        return empty
    i, j = pairs // n_rows, pairs % n_rows
    sim = _shared(by_rank, indptr, n_codes, i, j) / np.minimum(sizes[i], sizes[j])
    ok = sim >= threshold
    return i[ok], j[ok], sim[ok]


def _shared(table: np.ndarray, indptr: np.ndarray, n_codes: int, i: np.ndarray, j: np.ndarray,
            lookups: int = LOOKUPS) -> np.ndarray:
    """How many 5-grams rows ``i`` and ``j`` share, pair by pair: each 5-gram of the smaller row looked up
    among the other's.  ``table``: every row's 5-gram codes (below ``n_codes``) as ``row * n_codes + code``,
    sorted, row ``r`` at ``indptr[r]:indptr[r + 1]``; pairs are looked up ``lookups`` 5-grams at a time."""
    sizes = np.diff(indptr)
    small, other = np.where(sizes[i] <= sizes[j], i, j), np.where(sizes[i] <= sizes[j], j, i)
    shared = np.zeros(len(i), dtype=np.int64)
    lengths = sizes[small]
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    end = len(i)
    a = 0
    while a < end:
        b = min(max(int(np.searchsorted(bounds, bounds[a] + lookups, side="right")) - 1, a + 1), end)
        count = lengths[a:b]
        pair = np.repeat(np.arange(a, b), count)
        where = indptr[small[pair]] + np.arange(len(pair)) - np.repeat(bounds[a:b] - bounds[a], count)
        wanted = table[where] + (other[pair] - small[pair]) * n_codes       # the same code in the other row
        pos = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
        shared[a:b] = np.bincount(pair[table[pos] == wanted] - a, minlength=b - a)
        a = b
    return shared


def signatures(sets: list[np.ndarray], num_perm: int = NUM_PERM, seed: int = 1) -> np.ndarray:
    """MinHash signatures (``len(sets)`` x ``num_perm``, uint64) of 5-gram hash sets: for each of ``num_perm``
    seeded odd-multiplier affine maps of the 64-bit hashes (bijections), the smallest image in the set."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    out = np.full((len(sets), num_perm), np.iinfo(np.uint64).max, dtype=np.uint64)
    filled = [i for i, s in enumerate(sets) if len(s)]
    batch, total = [], 0
    for pos, i in enumerate(filled):                      # batches of ~200k 5-grams keep the product small
        batch.append(i)
        total += len(sets[i])
        if total >= 200_000 or pos == len(filled) - 1:
            flat = np.concatenate([sets[k] for k in batch])
            offsets = np.concatenate([[0], np.cumsum([len(sets[k]) for k in batch])[:-1]])
            with np.errstate(over="ignore"):
                images = flat[:, None] * a[None, :] + b[None, :]
            out[batch] = np.minimum.reduceat(images, offsets, axis=0)
            batch, total = [], 0
    return out


def _minhash_pairs(sets: list[np.ndarray], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of :func:`_exact_pairs`, from candidates proposed by MinHash LSH Ensemble (containment)."""
    from datasketch import MinHash, MinHashLSHEnsemble

    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    usable = np.flatnonzero(sizes >= MIN_SHINGLES)
    empty = (np.array([], int), np.array([], int), np.array([]))
    if len(usable) < 2:
        return empty
    sigs = signatures([sets[i] for i in usable])
    unused = (np.ones(NUM_PERM, np.uint64), np.zeros(NUM_PERM, np.uint64))     # the signatures are made above
    hashes = [MinHash(num_perm=NUM_PERM, hashvalues=row, permutations=unused, scheme="affine64") for row in sigs]
    lsh = MinHashLSHEnsemble(threshold=max(threshold - LSH_MARGIN, 0.05), num_perm=NUM_PERM, num_part=NUM_PART)
    lsh.index((int(k), m, int(sizes[i])) for k, (i, m) in enumerate(zip(usable, hashes)))
    pairs = set()
    for k, (i, m) in enumerate(zip(usable, hashes)):
        for other in lsh.query(m, int(sizes[i])):
            if other != k:
                pairs.add((min(k, other), max(k, other)))
    rows, cols, sims = [], [], []
    for k, other in sorted(pairs):
        i, j = usable[k], usable[other]
        shared = len(np.intersect1d(sets[i], sets[j], assume_unique=True))
        sim = shared / min(sizes[i], sizes[j])
        if sim >= threshold:
            rows.append(i); cols.append(j); sims.append(sim)
    return np.asarray(rows, dtype=int), np.asarray(cols, dtype=int), np.asarray(sims, dtype=float)


def find_duplicates(articles: pd.DataFrame, threshold: float = 0.8, method: str = "exact", engine=None,
                    hashed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Duplicate groups for ``articles`` (needs ``article_id``, ``text``, ``n_words``).

    ``method``: ``"exact"`` (every pair's shared 5-grams counted) or
    ``"minhash"`` (MinHash LSH candidates, each counted exactly); both give the
    same groups.  ``engine``
    (an :mod:`analysis.engine` engine) hashes the articles' 5-grams partition
    by partition; the pairs and groups are found here, from those hashes.
    ``hashed``: those hashes already made (:func:`article_shingles` of
    ``articles``, a row per article in any order), as ingestion makes them
    beside each partition's articles; ``engine`` is then not used.

    Returns one row per article: ``article_id``, ``dup_group`` (the
    ``article_id`` of the group's primary copy), ``is_primary``,
    ``dup_similarity`` (best containment with another member, 1.0 for exact
    copies, NaN for articles without copies) and ``dup_kind``
    (``unique``, ``exact`` or ``near``).
    """
    if method not in ("exact", "minhash"):
        raise ValueError(f"method is {method!r}; use 'exact' or 'minhash'")
    n = len(articles)
    if n == 0:
        return pd.DataFrame(columns=["article_id", "dup_group", "is_primary", "dup_similarity", "dup_kind"])
    texts = articles["text"].fillna("").tolist()
    ids = articles["article_id"].to_numpy()
    if hashed is not None:
        if len(hashed) != n or not np.array_equal(hashed["article_id"].to_numpy(), ids):
            hashed = hashed.set_index("article_id").loc[ids].reset_index()
    elif engine is None:
        hashed = article_shingles(articles[["article_id", "text"]])
    else:
        hashed = concat_parts(engine.map(article_shingles, engine.split(articles[["article_id", "text"]])))
    sets, fingerprints = hashed["shingles"].tolist(), hashed["fingerprint"].tolist()

    # exact copies: same fingerprint (and non-empty)
    first_of: dict[str, int] = {}
    ei, ej = [], []
    for k, fp in enumerate(fingerprints):
        if not texts[k].strip():
            continue
        if fp in first_of:
            ei.append(first_of[fp]); ej.append(k)
        else:
            first_of[fp] = k
    near = _minhash_pairs if method == "minhash" else _exact_pairs
    # near copies among one copy of each text: an exact copy is already linked to it, with similarity 1
    reps = np.array(sorted(first_of.values()), dtype=int)
    ni, nj, ns = near([sets[k] for k in reps], threshold) if len(reps) > 1 else (np.array([], int),) * 2 + (np.array([]),)
    ni, nj = reps[ni.astype(int)], reps[nj.astype(int)]

    i = np.concatenate([np.asarray(ei, dtype=int), ni.astype(int)])
    j = np.concatenate([np.asarray(ej, dtype=int), nj.astype(int)])
    sim = np.concatenate([np.ones(len(ei)), ns.astype(float)])
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)

    best = np.full(n, np.nan)
    np.fmax.at(best, i, sim)                      # fmax: NaN (no pair yet) gives way to any similarity
    np.fmax.at(best, j, sim)

    frame = pd.DataFrame({
        "article_id": ids,
        "component": labels,
        "n_words": articles["n_words"].to_numpy(),
        "dup_similarity": best,
    })
    frame["is_source"] = False
    if {"outlet", "relayed_source"} <= set(articles.columns):
        relayed = pd.DataFrame({"component": labels, "relayed": articles["relayed_source"].to_numpy()})
        named = {(c, r) for c, r in zip(relayed["component"], relayed["relayed"]) if r and r != "unknown"}
        frame["is_source"] = [(c, o) in named for c, o in zip(labels, articles["outlet"].to_numpy())]
    published = articles["published"] if "published" in articles.columns else pd.Series(pd.NA, index=articles.index)
    frame["published"] = pd.to_datetime(published.to_numpy(), errors="coerce", format="mixed")
    order = frame.sort_values(["component", "is_source", "published", "n_words", "article_id"],
                              ascending=[True, False, True, False, True], na_position="last")
    primary = order.groupby("component")["article_id"].first()
    frame["dup_group"] = frame["component"].map(primary)
    frame["is_primary"] = frame["article_id"] == frame["dup_group"]
    shared_fp = pd.Series(fingerprints).duplicated(keep=False).to_numpy()
    frame["dup_kind"] = np.where(np.isnan(best), "unique", np.where(shared_fp, "exact", "near"))
    return frame[["article_id", "dup_group", "is_primary", "dup_similarity", "dup_kind"]]


def primary_only(frame: pd.DataFrame, articles: pd.DataFrame, count_copies: bool = False) -> pd.DataFrame:
    """Rows of ``frame`` (any table keyed by ``article_id``) for the articles that count.

    By default each duplicate group counts once (its primary copy); with
    ``count_copies=True`` every copy counts.
    """
    if count_copies:
        return frame
    keep = articles.loc[articles["is_primary"], "article_id"]
    return frame[frame["article_id"].isin(keep)]
