"""Shared helpers of the benchmark scripts: dataset paths with clear messages, loaders, results files."""
from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
SHARED_EXT = Path(__file__).resolve().parents[1].parent / "shared" / "ext"

WHERE = {
    "nyt": "VADER's ground truth: nytEditorialSnippets_GroundTruth.txt from hutto_ICWSM_2014.tar.gz in "
           "the cjhutto/vaderSentiment repository (additional_resources/)",
    "newsmtsc": "the NewsMTSC dataset folder (train.jsonl and splits_30dev_70test/) from the fhamborg/NewsMTSC "
                "repository (NewsSentiment/controller_data/datasets/NewsMTSC-dataset and "
                "NewsSentiment/experiments/default/datasets)",
    "bbc": "the BBC News dataset (bbc/ with one folder per category) from mlg.ucd.ie/datasets/bbc.html",
    "allsides": "the AllSides roundups (headline_*.jsonl) of the NeuS corpus (Lee et al. 2022)",
    "gvfc": "the Gun Violence Frame Corpus folder holding GVFC_extension_multimodal.csv (Liu et al. 2019; "
            "derrywijaya.github.io/GVFC)",
}


def require(path: str | Path | None, kind: str) -> Path:
    """The dataset path, or exit with a message saying what it is and where to get it."""
    if path and Path(path).exists():
        return Path(path)
    shown = path or "(no path given)"
    sys.exit(f"error: {kind} data not found at {shown}.\nExpected {WHERE[kind]}.\n"
             f"The datasets are not part of this project; download them and pass the path.")


def load_newsmtsc(path: Path) -> list[tuple[str, int, int, int]]:
    """``(sentence, start, end, label)`` per target; labels -1 / 0 / 1 for NewsMTSC's 2.0 / 4.0 / 6.0."""
    polarity = {2.0: -1, 4.0: 0, 6.0: 1}
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            for t in doc["targets"]:
                rows.append((doc["sentence_normalized"], t["from"], t["to"], polarity[t["polarity"]]))
    return rows


def write_results(name: str, results: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    from analysis.reporting.validity import ship
    ship(RESULTS)          # the same figures as package data: the installed library never reads benchmarks/
    return path
