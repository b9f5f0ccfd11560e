"""Sentence splitting against a suite of hand-written cases, and its speed on a megabyte line.

    python benchmarks/sentences.py                   # writes sentence_suite_accuracy, ... (the current code)
    python benchmarks/sentences.py --label before    # the same figures, stored as ..._before beside them

The suite (``benchmarks/data/sentence_cases.jsonl``: ``text``, ``expected``,
``category``) was written by hand, expected sentences included, before the
splitter was changed for it; none of it comes from another segmenter's test
suite or from the corpus.  A case counts as correct only if every sentence
matches exactly.  Each text goes through the path ingestion takes: lines, then
:func:`analysis.corpus.sentences.structure` (headlines, headings, hard-wrapped
lines), then :func:`analysis.corpus.sentences.sentence_rows`.

Results are merged into ``benchmarks/results/sentences.json`` (flat): with
``--label before`` every key gets the suffix ``_before``, so the figure of the
unchanged code is measured once and kept beside the current one.
``--show`` prints the cases that fail.

The suite is in-sample (``sentence_suite_part``): its expected sentences were
written before any change, but the splitter's repairs were then written while
looking at its failures.  A second set, ``sentence_cases_heldout.jsonl``, was
written after the changes and committed before it was first run; it is never
tuned on (``sentence_heldout_accuracy``, ``sentence_heldout_part``).
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from common import RESULTS, write_results
from analysis.corpus.sentences import sentence_rows, structure

CASES = Path(__file__).parent / "data" / "sentence_cases.jsonl"
HELDOUT = Path(__file__).parent / "data" / "sentence_cases_heldout.jsonl"
MEGABYTE_SENTENCE = ("At 5 a.m. Mr. Karen T. Whitfield of the U.S. embassy said: 1. talks go on 2. Iraq decides. "
                     "Oil rose 2.5% to $78.40 (a record) at 3 p.m. Officials in Baghdad, e.g. the PMF, disagreed… ")


def load_cases(path: Path = CASES) -> list[dict]:
    """The cases of the suite; a malformed line stops with the file, line number and problem."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"error: {path}, line {n}: not JSON ({exc})")
            missing = {"text", "expected", "category"} - set(case)
            if missing or not isinstance(case["expected"], list):
                raise SystemExit(f"error: {path}, line {n}: needs 'text', 'category' and a list 'expected' "
                                 f"(missing: {sorted(missing) or 'none'})")
            cases.append(case)
    return cases


def split_as_ingested(text: str) -> list[str]:
    """The sentences ingestion makes of ``text`` (one line per input line; no boilerplate removal)."""
    kept = [(n, line) for n, line in enumerate(text.split("\n"), 1)]
    return [row["text"] for row in sentence_rows("case", structure(kept))]


def evaluate(cases: list[dict], name: str = "sentence_suite", part: str = "in-sample",
             per_category: bool = True) -> tuple[dict, list[tuple[dict, list[str]]]]:
    """``(flat results, failures)``: share of cases split exactly right, overall (and per category), keys
    prefixed ``name``."""
    by_category: dict[str, list[bool]] = defaultdict(list)
    failures = []
    for case in cases:
        got = split_as_ingested(case["text"])
        ok = got == case["expected"]
        by_category[case["category"]].append(ok)
        if not ok:
            failures.append((case, got))
    everything = [ok for oks in by_category.values() for ok in oks]
    results = {f"{name}_accuracy": round(sum(everything) / len(everything), 4),
               f"{name}_n": len(everything), f"{name}_part": part}
    for category, oks in sorted(by_category.items()) if per_category else ():
        results[f"{name}_accuracy_{category}"] = round(sum(oks) / len(oks), 4)
        results[f"{name}_n_{category}"] = len(oks)
    return results, failures


def megabyte_seconds() -> float:
    """Seconds to split one line of about a megabyte (prose with every pattern the repairs look at)."""
    line = MEGABYTE_SENTENCE * (1_000_000 // len(MEGABYTE_SENTENCE))
    start = time.perf_counter()
    split_as_ingested(line)
    return round(time.perf_counter() - start, 2)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    parser.add_argument("--label", choices=["before"], help="store the figures with this suffix")
    parser.add_argument("--show", action="store_true", help="print the failing cases")
    args = parser.parse_args(argv)
    results, failures = evaluate(load_cases(args.cases))
    heldout, heldout_failures = evaluate(load_cases(args.heldout), "sentence_heldout", "held-out", per_category=False)
    results.update(heldout)
    results["sentence_split_1mb_line_seconds"] = megabyte_seconds()
    if args.show:
        for case, got in failures + heldout_failures:
            print(f"[{case['category']}] {case['text']!r}\n  expected {case['expected']}\n  got      {got}")
    suffix = f"_{args.label}" if args.label else ""
    path = RESULTS / "sentences.json"
    merged = json.loads(path.read_text()) if path.exists() else {}
    merged.update({f"{key}{suffix}": value for key, value in results.items()
                   if not (suffix and key.endswith("_part"))})
    out = write_results("sentences", merged)
    print(f"suite (in-sample): {results['sentence_suite_accuracy']:.3f} of {results['sentence_suite_n']} cases right; "
          f"held-out: {results['sentence_heldout_accuracy']:.3f} of {results['sentence_heldout_n']}; "
          f"1 MB line in {results['sentence_split_1mb_line_seconds']} s -> {out}")


if __name__ == "__main__":
    main()
