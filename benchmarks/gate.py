"""The bundled defaults' held-out agreement figures, shipped with the package for studies without coded sheets.

    python benchmarks/gate.py

A study that codes no sample of its own cannot measure its measures; its
validity gate (:mod:`analysis.reporting.gate`) then uses the figures of the
bundled measures on the package's own held-out sets, saying they come from
another corpus:

* ``stance``: the actor mentions' stance (whatever the current stance model
  and role rules produce) against the test part of
  ``data/coding/stance_iraq_coder1.csv``;
* ``frames/iraq/<frame>``, one record per method (the story dictionary and
  the bundled classifier): held-out, against the blind sheets
  ``data/coding/blind/frames_written_coder17.csv`` (fresh) and
  ``frames_written_coder4.csv`` (scored before) once they exist (the only
  frame figures the gate counts for the bundled lexicon; a frame clears only
  where it clears on each); shown but never
  counted (in-sample), the test part of ``data/coding/frames_iraq_coder1.csv``
  (the lexicon's first revision saw it) and, for the dictionary, the blind
  sheets of coder2 and coder3 (training data since 2026-12-01) and of
  coder7 and coder10 (since 2026-12-02);
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
from frames import BLIND, FRAMES, HELDOUT_SHEETS, heldout_blind, written_agreement

ROOT = Path(__file__).resolve().parents[1]


def records() -> tuple[list[dict], dict]:
    import analysis
    from analysis.compare.agreement import Agreement
    from analysis.measures.frames import load_lexicon

    study = analysis.open_study()
    out = []
    stance = study.stance_validity("test")
    out.append(stance)
    for method in ("dictionary", "classifier"):
        out += [r for rs in study._frame_records(method).values() for r in rs]
    lex = load_lexicon("iraq")
    shown = ", ".join(b.relative_to(ROOT).as_posix() for b in BLIND)
    for f, r in (written_agreement(lex, BLIND).items() if BLIND else ()):
        out.append(Agreement(measure=f"frames/iraq/{f}", method="dictionary", part="in-sample", n=r["n"],
                             alpha=r["alpha"], accuracy=r["accuracy"], baseline=r["baseline"],
                             baseline_class=r["baseline_class"], unit="sentences",
                             source=f"{shown} (sentences written and coded blind; training data since they were scored)"))
    for path, prefix, _ in HELDOUT_SHEETS:
        out += heldout_records(heldout_blind(path, prefix=prefix), prefix)
    context = {}
    sentiment = RESULTS / "sentiment.json"
    if sentiment.exists():
        s = json.loads(sentiment.read_text())
        out += blind_stance_records(s)
        if "nyt_pearson_r" in s:
            context["sentiment"] = (f"on {s['nyt_n']:,} NYT editorial sentences (another corpus) VADER correlates "
                                    f"with the mean human rating at r = {s['nyt_pearson_r']:.2f}, which is no "
                                    "agreement figure a difference could rest on")
    return [r.as_dict() for r in out], context


def heldout_records(held: dict, prefix: str = "frames_heldout") -> list:
    """Agreement records (one per method and frame, held-out) of :func:`frames.heldout_blind`'s figures on a
    blind sheet (keys starting with ``prefix``); none when it was not scored.  Every held-out sheet counts in
    the gate: a frame clears it only where it clears it on each."""
    from analysis.compare.agreement import Agreement
    if held.get(f"{prefix}_status") != "scored":
        return []
    sheet, out = held[f"{prefix}_sheet"], []
    for method in [m for m in ("dictionary", "classifier") if f"{prefix}_{m}_macro_f1" in held]:
        k = f"{prefix}_{method}"
        for f in FRAMES:
            out.append(Agreement(measure=f"frames/iraq/{f}", method=method, part="held-out",
                                 n=held[f"{prefix}_n"], alpha=held[f"{k}_alpha_{f}"],
                                 accuracy=held[f"{k}_accuracy_{f}"], baseline=held[f"{prefix}_baseline_{f}"],
                                 baseline_class=held[f"{prefix}_baseline_class_{f}"], unit="sentences",
                                 source=f"{sheet} (sentences written and coded blind for the test)"))
    return out


def blind_stance_records(s: dict) -> list:
    """The stance model's agreement (held-out) with each blind-coded stance sheet scored by
    ``benchmarks/sentiment.py`` (the fresh one, ``blind_stance_*``, and the one scored before,
    ``blind_stance_before_*``); none for a sheet that was not scored or is development data (its ``_part``
    is not "held-out": the package was tuned on it).  Every one counts in the gate."""
    from analysis.compare.agreement import Agreement
    return [Agreement(measure="stance", method="actor_mentions", part=s.get(f"{b}_part", "held-out"), n=s[f"{b}_n"],
                      alpha=s[f"{b}_alpha"], accuracy=s[f"{b}_accuracy"],
                      baseline=s[f"{b}_majority_accuracy"], baseline_class=s[f"{b}_majority_class"],
                      unit="mentions", source=f"{s[b + '_source']} (sentences written and coded blind)",
                      note="a coded mention the package does not find counts as a disagreement")
            for b in ("blind_stance", "blind_stance_before")
            if f"{b}_alpha" in s and s.get(f"{b}_part", "held-out") == "held-out"]     # a development sheet: no


def main() -> None:
    from analysis.reporting.gate import DEFAULTS

    import analysis

    recs, context = records()
    from analysis.settings import load_settings
    doc = {"produced_by": "python benchmarks/gate.py", "records": recs, "context": context,
           "stance_model": load_settings().sentiment.stance_model}     # the bundled study's, which measured them
    DEFAULTS.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    flat = {}
    for r in recs:
        key = r["measure"].replace("/", "_")
        tag = next((prefix.removeprefix("frames_") for path, prefix, _ in HELDOUT_SHEETS if path.name in r["source"]),
                   "written" if "written" in r["source"] else "test_part")
        tag += "_classifier" if r["method"] == "classifier" else ""
        key = f"{key}_{tag}" if r["measure"].startswith("frames") else key
        if r["measure"] == "stance" and "blind" in r["source"]:
            key = f"{key}_blind_before" if f"{key}_blind_alpha" in flat else f"{key}_blind"     # freshest first
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
