"""The bundled defaults' held-out agreement figures, shipped with the package for studies without coded sheets.

    python benchmarks/gate.py

A study that codes no sample of its own cannot measure its measures; its
validity gate (:mod:`analysis.reporting.gate`) then uses the figures of the
bundled measures on the package's own held-out sets, saying they come from
another corpus:

* ``stance``: the actor mentions' stance (whatever the current stance model
  and role rules produce) against the test part of
  ``data/coding/stance_iraq_coder1.csv``;
* ``frames/iraq/<frame>``: the story dictionary against the test part of
  ``data/coding/frames_iraq_coder1.csv`` and against the sentences written and
  coded blind for the test (``data/coding/blind/frames_written_*.csv``);
* context for sentence sentiment (no alpha: VADER's correlation with human
  ratings of NYT editorial sentences, from ``benchmarks/results/sentiment.json``).

Writes ``analysis/reporting/validity_defaults.json`` (package data) and the
same figures, flat, to ``benchmarks/results/gate.json``.  Rerun it whenever the
stance model, the role rules or the story lexicon change.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from common import RESULTS, write_results
from frames import BLIND, written_agreement

ROOT = Path(__file__).resolve().parents[1]


def records() -> tuple[list[dict], dict]:
    import analysis
    from analysis.compare.agreement import Agreement
    from analysis.measures.frames import load_lexicon

    study = analysis.open_study()
    out = []
    stance = study.stance_validity("test")
    out.append(stance)
    out += [r for rs in study._frame_records("dictionary").values() for r in rs]
    lex = load_lexicon("iraq")
    shown = ", ".join(b.relative_to(ROOT).as_posix() for b in BLIND)
    for f, r in (written_agreement(lex, BLIND).items() if BLIND else ()):
        out.append(Agreement(measure=f"frames/iraq/{f}", method="dictionary", part="held-out", n=r["n"],
                             alpha=r["alpha"], accuracy=r["accuracy"], baseline=r["baseline"],
                             baseline_class=r["baseline_class"],
                             source=f"{shown} (sentences written and coded blind for the test)", unit="sentences"))
    context = {}
    sentiment = RESULTS / "sentiment.json"
    if sentiment.exists():
        s = json.loads(sentiment.read_text())
        if "nyt_pearson_r" in s:
            context["sentiment"] = (f"on {s['nyt_n']:,} NYT editorial sentences (another corpus) VADER correlates "
                                    f"with the mean human rating at r = {s['nyt_pearson_r']:.2f}, which is no "
                                    "agreement figure a difference could rest on")
    return [r.as_dict() for r in out], context


def main() -> None:
    from analysis.reporting.gate import DEFAULTS

    import analysis

    recs, context = records()
    doc = {"produced_by": "python benchmarks/gate.py", "records": recs, "context": context}
    DEFAULTS.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    flat = {}
    for r in recs:
        key = r["measure"].replace("/", "_")
        tag = "written" if "written" in r["source"] else "test_part"
        key = f"{key}_{tag}" if r["measure"].startswith("frames") else key
        for field in ("alpha", "accuracy", "baseline", "n"):
            flat[f"{key}_{field}"] = round(r[field], 4) if isinstance(r[field], float) else r[field]
        flat[f"{key}_part"] = r["part"]
        flat[f"{key}_source"] = r["source"]
    dev = analysis.open_study().stance_validity("development")     # in-sample: the role rules saw it
    flat |= {f"stance_in_sample_{k}": (round(v, 4) if isinstance(v, float) else v)
             for k, v in dev.as_dict().items() if k in ("alpha", "accuracy", "baseline", "n", "part", "source")}
    path = write_results("gate", flat)
    for key, value in flat.items():
        print(f"{key:56} {value}")
    print(f"\nwrote {path} and {DEFAULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
