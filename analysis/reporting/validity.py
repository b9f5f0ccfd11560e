"""Validation figures, read from the benchmark results — never typed in.

``benchmarks/*.py`` write ``benchmarks/results/NAME.json`` and, through
:func:`ship` (called by ``benchmarks/common.py``), the same figures into
``validity_results.json`` beside this module: package data, so an installed
library shows them without a ``benchmarks/`` folder.  Notebooks show them
with the ``*_note`` functions, and README's "Validity" section is generated
by :func:`readme_section` (``python -m analysis validity --update-readme``,
run from a checkout, ships ``benchmarks/results`` first; tests check README
and the shipped copy match the results files).
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..paths import ROOT
from .gate import ALPHA_WORDS, DEFAULT_MIN_ALPHA, lead
from .intervals import estimate
from .safe import bullets, folded

# the held-out blind frame sheets of benchmarks/frames.py, freshest first (keys start with these)
HELDOUT_FRAME_PREFIXES = ("frames_heldout", "frames_heldout_before")
# when the blind frame sheets scored before became training data (data/coding/blind/README.md)
BLIND_TRAINING_SINCE = "coder2's and coder3's since 2026-12-01, coder7's and coder10's since 2026-12-02"

SHIPPED = Path(__file__).with_name("validity_results.json")
RESULTS = ROOT / "benchmarks" / "results"        # only in a checkout: read by :func:`ship`, never at run time
README = ROOT / "README.md"
START, END = "<!-- validity:start -->", "<!-- validity:end -->"


# where the in-sample and seed figures were measured, in words a reader of any study can place
BUNDLED_CORPUS = "the articles bundled with the package (`data/raw`, a story on the US-led coalition in Iraq)"


def _shipped() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8")) if SHIPPED.exists() else {}


def results(name: str) -> dict | None:
    """The figures benchmark ``name`` wrote (``"sentiment"``, ``"gate"``...), or None."""
    return _shipped().get(name)


def fingerprint() -> str:
    """Hash of the shipped figures (reports quoting them are rendered again when they change)."""
    return hashlib.sha256(SHIPPED.read_bytes()).hexdigest() if SHIPPED.exists() else ""


def ship(folder: Path = RESULTS) -> Path:
    """Copy every ``NAME.json`` of a benchmark results folder into the package's ``validity_results.json``."""
    data = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.json"))}
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if not SHIPPED.exists() or SHIPPED.read_text(encoding="utf-8") != text:
        SHIPPED.write_text(text, encoding="utf-8")
    return SHIPPED




CLOSE_R = 0.7        # a correlation with people's ratings from which a single score can be read as they would
ROUGH_R = 0.4        # ... from which scores order sentences roughly as people do
QUOTES_READABLE = 0.8  # recall and precision from which quote counts can be read as they are


def _meaning_r(r: float) -> str:
    """What a correlation with human ratings lets a report claim (plain words; whether differences are stated
    is the validity gate's, said under each finding)."""
    if r >= CLOSE_R:
        return "a close match: a score can be read as people would rate the sentence"
    if r >= ROUGH_R:
        return ("a moderate match: it orders sentences roughly as people do, so read a group's mean as a tendency, "
                "not one sentence's score as a verdict")
    return "a weak match: read the scores as a hint"


def _meaning_alpha(alpha: float) -> str:
    """What an agreement (alpha) says against the usual threshold (plain words)."""
    if alpha >= DEFAULT_MIN_ALPHA:
        return f"at least the {DEFAULT_MIN_ALPHA:.3g} usually required"
    return f"below the {DEFAULT_MIN_ALPHA:.3g} usually required, so read tone towards actors as exploratory"


def sentiment_note() -> str:
    """Markdown: how far the sentence sentiment figures can be trusted in one line (:func:`~.gate.lead`), with
    every figure of ``benchmarks/sentiment.py`` (stance included) and the gate's folded under it, each labelled
    held-out, external or in-sample."""
    r = results("sentiment")
    if not r:
        return "_Validation figures: run `python benchmarks/sentiment.py` to produce them._"
    short = lead(r["nyt_pearson_r"] >= CLOSE_R,
                 f"sentence sentiment follows people's ratings of {r['nyt_n']:,} newspaper editorial sentences at "
                 f"r = {r['nyt_pearson_r']:.2f} (0 is no relation, 1 perfect)", _meaning_r(r["nyt_pearson_r"]))
    details = [f"External: on {r['nyt_n']:,} NYT editorial sentences rated by people, VADER's correlation with "
               f"their mean rating is r = {r['nyt_pearson_r']:.3f} in the news register used here "
               f"({r['nyt_pearson_r_plain']:.3f} plain VADER).",
               f"External: on NewsMTSC news sentences ({r['newsmtsc_rw_test_n_targets']} targets, test split) the "
               f"actor-directed model reaches macro-F1 {r['newsmtsc_rw_test_macro_f1_actor']:.2f}, against "
               f"{r['newsmtsc_rw_test_macro_f1_sentence']:.2f} for scoring the whole sentence."]
    if "blind_stance_alpha" in r:
        details.insert(0, f"Tone towards an actor matches a coder on {r['blind_stance_accuracy']:.0%} of held-out "
                       f"mentions (always answering the most common tone: {r['blind_stance_majority_accuracy']:.0%}; "
                       f"alpha {r['blind_stance_alpha']:.2f}): {_meaning_alpha(r['blind_stance_alpha'])}.")
        details.append(f"Held-out: {r['blind_stance_n']} actor mentions in {r['blind_stance_sentences']} sentences "
                       f"written and coded blind ({r['blind_stance_source']}): alpha {r['blind_stance_alpha']:.2f}, "
                       f"accuracy {r['blind_stance_accuracy']:.2f}, against {r['blind_stance_majority_accuracy']:.2f} "
                       f"for always answering the most frequent stance and "
                       f"{r['blind_stance_sentence_vader_accuracy']:.2f} for whole-sentence VADER.")
    g = results("gate")
    if g and "stance_alpha" in g:
        details.append(f"{g.get('stance_part', 'held-out').capitalize()}: the frozen test part of the hand coding of "
                       f"{BUNDLED_CORPUS} ({g['stance_n']} mentions): alpha {g['stance_alpha']:.2f}, "
                       f"accuracy {g['stance_accuracy']:.2f} (most frequent stance: {g['stance_baseline']:.2f}).")
    if "seed_actor_stance_alpha" in r:
        details.append(f"In-sample (all {r['seed_actor_stance_n']} mentions of the bundled articles; the role rules "
                       f"were written with them in view): alpha {r['seed_actor_stance_alpha']:.2f}, accuracy "
                       f"{r['seed_actor_stance_accuracy']:.2f}; whole-sentence VADER alpha "
                       f"{r['seed_actor_stance_sentence_vader_alpha']:.2f}.")
    details.append(ALPHA_WORDS + " Figures from `benchmarks/sentiment.py` and `benchmarks/gate.py`.")
    return folded(short, bullets(details))


def _quotes_heldout(r: dict) -> tuple[str, str]:
    """The key prefix of the freshest held-out quotes figure in the sentiment results, and how its sentences
    were written: the blind-coded sheet when it was scored, else the sentences written after the rules."""
    if "written_quotes_blind_recall" in r:
        return "written_quotes_blind", "written and coded blind by an independent coder"
    return "written_quotes_heldout", "from other stories written after the rules"


def voices_note() -> str:
    """Markdown: how well quotes and their speakers are found, in one sentence, the figures folded under it."""
    r = results("sentiment")
    if not r or "seed_quote_recall" not in r:
        return "_Validation figures for quotes: run `python benchmarks/sentiment.py` to produce them._"
    q, written = _quotes_heldout(r)
    recall, precision = r[f"{q}_recall"], r[f"{q}_precision"]
    readable = min(recall, precision) >= QUOTES_READABLE
    short = lead(readable,
                 f"on {r[f'{q}_sentences']} held-out sentences, quotes are found with the right "
                 f"speaker for {recall:.0%} of the statements (finding none would score 0%), and {precision:.0%} of "
                 "those found are right", "the counts below can be read as they are" if readable
                 else "read the counts below as rough; check a quote in its sentence before citing it")
    details = [f"Held-out: {r[f'{q}_statements']} statements in {r[f'{q}_sentences']} sentences {written}: recall "
               f"{recall:.0%}, precision {precision:.0%}.",
               f"In-sample: every quotation and reported statement of {BUNDLED_CORPUS} "
               f"({r['seed_quote_coded_statements']} statements, hand-coded; the rules were written with these "
               f"articles in view): recall {r['seed_quote_recall']:.0%}, precision {r['seed_quote_precision']:.0%}.",
               "Recall: the share of the coded statements found, with the right speaker; precision: the share of "
               "the statements found that a coder confirms. Figures from `benchmarks/sentiment.py`."]
    return folded(short, bullets(details))


STANCE_MODEL_WORDS = {"words": "word model", "context": "context model (sentence encoder)"}


def _stance_model_of(s: dict) -> str:
    """The general stance model the sentiment benchmark measured the bundled study with, in words."""
    return STANCE_MODEL_WORDS.get(s.get("newsmtsc_actor_model", "words"), "model")


def _actor_model_rows(s: dict) -> list[str]:
    """README table rows: each general stance model's macro-F1 on the NewsMTSC rw test split and its speed."""
    rows = []
    for model, name in STANCE_MODEL_WORDS.items():
        f1 = s.get(f"newsmtsc_rw_test_macro_f1_actor_{model}")
        if f1 is None:
            continue
        used = " (the bundled study's)" if s.get("newsmtsc_actor_model") == model else ""
        speed = s.get(f"newsmtsc_actor_targets_per_second_{model}")
        rows.append(f"| NewsMTSC rw test, macro-F1, actor-directed {name}{used} (trained on train, mt and rw dev; "
                    f"test never seen){f'; {speed:,.0f} targets/s' if speed else ''} | {f1:.3f} | 0.831 (best "
                    "neural model, Hamborg & Donnay 2021) |")
    if not rows and "newsmtsc_rw_test_macro_f1_actor" in s:
        rows.append(f"| NewsMTSC rw test, macro-F1, actor-directed model (trained on train, mt and rw dev; test never "
                    f"seen) | {s['newsmtsc_rw_test_macro_f1_actor']:.3f} | 0.831 (best neural model, Hamborg & "
                    "Donnay 2021) |")
    return rows


def figures() -> list[dict]:
    """Every agreement figure of the results files as a row: ``measure``, ``part`` (held-out / in-sample /
    external), ``n``, ``value`` (the figure in words), ``baseline`` (always the majority class, where the
    benchmark computes it) and ``data`` (the sheet or dataset); held-out rows first."""
    rows = []
    g, f, s, t = results("gate") or {}, results("frames") or {}, results("sentiment") or {}, results("topics") or {}
    stance_by = _stance_model_of(s)

    def add(measure, part, n, value, baseline, data):
        rows.append({"measure": measure, "part": part, "n": n, "value": value, "baseline": baseline, "data": data})

    for b, how in (("blind_stance", s.get("blind_stance_note", "scored once")),
                   ("blind_stance_before", s.get("blind_stance_before_note", "scored before"))):
        if f"{b}_alpha" in s:          # a development sheet (the package was tuned on it) is in-sample
            add(f"stance of actor mentions ({stance_by} + role rules), 3 classes",
                "held-out" if s[f"{b}_part"] == "held-out" else "in-sample",
                f"{s[b + '_n']} mentions of {s[b + '_sentences']} sentences",
                f"alpha {s[b + '_alpha']:.3f}, accuracy {s[b + '_accuracy']:.3f} "
                f"({s[b + '_coverage']:.0%} of the coded mentions found)",
                f"accuracy {s[b + '_majority_accuracy']:.3f}",
                f"{s[b + '_source']} (written and coded blind from the stance rules; {how})")
    if "stance_alpha" in g:
        add(f"stance of actor mentions ({stance_by} + role rules), 3 classes", g.get("stance_part", "held-out"),
            f"{g['stance_n']} mentions",
            f"alpha {g['stance_alpha']:.3f}, accuracy {g['stance_accuracy']:.3f}",
            f"accuracy {g['stance_baseline']:.3f}", g["stance_source"])
    if "story_dictionary_test_part_macro_f1" in f:
        seen = f.get("story_dictionary_test_part_part", "held-out")
        add("story dictionary, 8 frames", seen, f"{f['story_test_sentences']} sentences of "
            f"{len(f['story_test_articles'])} articles",
            f"macro-F1 {f['story_dictionary_test_part_macro_f1']:.3f}, mean alpha "
            f"{f['story_dictionary_test_part_alpha']:.3f}, accuracy {f['story_dictionary_test_part_accuracy']:.3f}",
            f"accuracy {f['story_dictionary_test_part_baseline_accuracy']:.3f} (F1 0)",
            "data/coding/frames_iraq_coder1.csv (test part; see the note below)")
        for method, name in (("classifier", "story frame classifier (words, characters, dictionary counts, word space)"),
                             ("dictionary", "story dictionary")):
            for h in HELDOUT_FRAME_PREFIXES:
                how = f.get(h + "_note", "never used to build or choose anything")
                k = f"{h}_{method}"
                if f"{k}_macro_f1" in f:
                    add(f"{name}, 8 frames", "held-out", f"{f[h + '_n']} sentences",
                        f"macro-F1 {f[k + '_macro_f1']:.3f} (lowest frame {f[k + '_min_f1']:.3f}), mean alpha "
                        f"{f[k + '_alpha']:.3f}, accuracy {f[k + '_accuracy']:.3f}",
                        f"accuracy {f[h + '_baseline_accuracy']:.3f} (F1 0)",
                        f"{f[h + '_sheet']} (written and coded blind from the codebook; {how})")
            k = f"frames_cv_{method}"
            if f"{k}_macro_f1" in f:
                add(f"{name}, 8 frames, cross-validated by sheet (method chosen with it)", "in-sample",
                    f"{f['frames_cv_n']} sentences", f"macro-F1 {f[k + '_macro_f1']:.3f} (lowest frame "
                    f"{f[k + '_min_f1']:.3f}); written sheets alone ({f['frames_cv_written_n']}): macro-F1 "
                    f"{f['frames_cv_written_' + method + '_macro_f1']:.3f} (lowest frame "
                    f"{f['frames_cv_written_' + method + '_min_f1']:.3f})", "F1 0",
                    "training sheets: " + ", ".join(f["frames_cv_sources"]))
        if "story_dictionary_blind_macro_f1" in f:
            add("story dictionary, 8 frames", f.get("story_blind_part", "held-out"), f"{f['story_blind_sentences']} sentences",
                f"macro-F1 {f['story_dictionary_blind_macro_f1']:.3f} (lowest frame "
                f"{f['story_dictionary_blind_min_f1']:.3f}), mean alpha {f['story_dictionary_blind_alpha']:.3f}, "
                f"accuracy {f['story_dictionary_blind_accuracy']:.3f}",
                f"accuracy {f['story_dictionary_blind_baseline_accuracy']:.3f} (F1 0)",
                f"{', '.join(f['story_blind_sheets'])} (written and coded blind from the codebook, not in the corpus"
                + (f"; training data since they were scored: {BLIND_TRAINING_SINCE})"
                   if f.get("story_blind_part") == "in-sample" else ")"))
        add("story frame classifier" if "frames_cv_n" in f else "frame classifier trained on the development part",
            f.get("story_classifier_test_part_part", "held-out"), f"{f['story_test_sentences']} sentences",
            f"macro-F1 {f['story_classifier_test_part_macro_f1']:.3f}, mean alpha "
            f"{f['story_classifier_test_part_alpha']:.3f}, accuracy {f['story_classifier_test_part_accuracy']:.3f}",
            f"accuracy {f['story_classifier_test_part_baseline_accuracy']:.3f} (F1 0)",
            "data/coding/frames_iraq_coder1.csv (test part)")
        add("story dictionary with misleading terms pruned on the development part", seen,
            f"{f['story_test_sentences']} sentences", f"macro-F1 {f['story_dictionary_pruned_test_part_macro_f1']:.3f}",
            "F1 0", "data/coding/frames_iraq_coder1.csv (test part)")
    if "gvfc_test_macro_f1" in f:
        add("frame classifier, Gun Violence Frame Corpus headlines, 9 frames", "held-out",
            f"{f['gvfc_n_test']} headlines", f"macro-F1 {f['gvfc_test_macro_f1']:.3f}, accuracy "
            f"{f['gvfc_test_accuracy']:.3f}", f"accuracy {f['gvfc_test_majority_accuracy']:.3f}"
            if "gvfc_test_majority_accuracy" in f else "—", "GVFC test split (another corpus)")
    for model in STANCE_MODEL_WORDS:
        key = f"newsmtsc_rw_test_macro_f1_actor_{model}"
        if key in s:
            add(f"actor-directed sentiment, {STANCE_MODEL_WORDS[model]}, 3 classes", "external",
                f"{s['newsmtsc_rw_test_n_targets']} targets", f"macro-F1 {s[key]:.3f}",
                f"majority accuracy {s['newsmtsc_rw_test_majority_accuracy']:.3f}"
                if "newsmtsc_rw_test_majority_accuracy" in s else "not computed by the benchmark",
                "NewsMTSC rw test split")
    if "nyt_pearson_r" in s:
        add("VADER sentence sentiment (news register)", "external", f"{s['nyt_n']:,} sentences",
            f"Pearson r {s['nyt_pearson_r']:.3f} with the human mean; 3-class macro-F1 {s['nyt_f1']:.3f}",
            "not computed by the benchmark", "VADER ground truth, NYT editorial snippets")
    if "written_quotes_heldout_recall" in s:
        q, written = _quotes_heldout(s)
        add("quotes and reported statements", "held-out", f"{s[f'{q}_statements']} statements",
            f"recall {s[f'{q}_recall']:.3f}, precision {s[f'{q}_precision']:.3f}",
            "recall 0 (no statement found)", f"sentences {written}")
    if "bbc_nmi_default" in t:
        add("topics, dominant topic vs category", "external", f"{t['bbc_n_documents']:,} articles",
            f"NMI {t['bbc_nmi_default']:.3f}, accuracy {t['bbc_acc_default']:.3f}", "—", "BBC News")
    # in-sample: built with these texts in view
    if "stance_in_sample_alpha" in g:
        add(f"stance of actor mentions ({stance_by} + role rules), 3 classes", "in-sample",
            f"{g['stance_in_sample_n']} mentions",
            f"alpha {g['stance_in_sample_alpha']:.3f}, accuracy {g['stance_in_sample_accuracy']:.3f}",
            f"accuracy {g['stance_in_sample_baseline']:.3f}",
            f"{g['stance_in_sample_source']}; role rules written with it in view")
    if "story_dictionary_dev_part_in_sample_macro_f1" in f:
        add("story dictionary, 8 frames", "in-sample", f"{f['story_dev_sentences']} sentences",
            f"macro-F1 {f['story_dictionary_dev_part_in_sample_macro_f1']:.3f}, mean alpha "
            f"{f['story_dictionary_dev_part_in_sample_alpha']:.3f}",
            f"accuracy {f['story_dictionary_dev_part_in_sample_baseline_accuracy']:.3f} (F1 0)",
            "data/coding/frames_iraq_coder1.csv (development part)")
    if "story_dictionary_written_macro_f1" in f:
        add("story dictionary, 8 frames", f.get("story_written_part", "held-out"), f"{f['story_written_sentences']} sentences",
            f"macro-F1 {f['story_dictionary_written_macro_f1']:.3f}, mean alpha "
            f"{f['story_dictionary_written_alpha']:.3f}, accuracy {f['story_dictionary_written_accuracy']:.3f}",
            f"accuracy {f['story_dictionary_written_baseline_accuracy']:.3f} (F1 0)",
            "tests/data/frames_iraq_heldout.csv (written for a test; in view while the lexicon was revised)")
    if "story_dictionary_before_macro_f1_in_sample" in f:
        add("story dictionary before its first revision", "in-sample", f"{f['story_coded_sentences']} sentences",
            f"macro-F1 {f['story_dictionary_before_macro_f1_in_sample']:.3f}, mean alpha "
            f"{f['story_dictionary_before_alpha_in_sample']:.3f}", "F1 0",
            "data/coding/frames_iraq_coder1.csv (both parts)")
    if "seed_quote_recall" in s:
        add("quotes and reported statements", "in-sample", f"{s['seed_quote_coded_statements']} statements",
            f"recall {s['seed_quote_recall']:.3f}, precision {s['seed_quote_precision']:.3f}",
            "recall 0 (no statement found)", "data/coding/quotes_iraq_coder1.csv (both parts)")
    if "written_quotes_dev_recall" in s:
        add("quotes and reported statements", "in-sample", f"{s['written_quotes_dev_statements']} statements",
            f"recall {s['written_quotes_dev_recall']:.3f}, precision {s['written_quotes_dev_precision']:.3f}",
            "recall 0 (no statement found)", "sentences from other stories used while writing the rules")
    order = {"held-out": 0, "external": 1, "in-sample": 2}
    return sorted(rows, key=lambda r: order[r["part"]])


def figures_table() -> list[str]:
    """Markdown lines: every figure with its part, n and baseline, held-out first."""
    lines = ["| measure | part | n | this package | majority baseline | data |", "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['measure']} | **{r['part']}** | {r['n']} | {r['value']} | {r['baseline']} | {r['data']} |"
              for r in figures()]
    return lines


def facts_note() -> str:
    """Markdown: how well the fact groups agree with hand groupings (benchmarks/facts.py), in one sentence with
    the figures folded under it, or how to get the figures."""
    r = results("facts")
    if not r or "seed_fact_pair_f1" not in r:
        return "_Validation figures for facts: run `python benchmarks/facts.py --allsides PATH` to produce them._"
    weak = r["seed_fact_pair_f1"] < 0.5
    short = lead(not weak,
                 f"fact groups agree with a coder's at F1 {r['seed_fact_pair_f1']:.2f} on the articles bundled with "
                 f"the package ({r['seed_fact_part']}; 1 is perfect, one fact per story would score "
                 f"{r['seed_fact_baseline_one_fact_f1']:.2f})"
                 + (f" and {r['allsides_fact_pair_f1']:.2f} on {r['allsides_fact_events']} AllSides roundups "
                    f"({r['allsides_fact_part']})" if "allsides_fact_pair_f1" in r else ""),
                 "treat each blind spot below as a lead to check in its sentences, not as a finding" if weak
                 else "the blind spots below are worth reading, each with its sentences")
    details = [f"{r['seed_fact_part'].capitalize()}: a coder's blind grouping of the sentences of {BUNDLED_CORPUS} "
               f"into facts ({r['seed_fact_pairs']} same-fact pairs across articles): pairwise F1 "
               f"{r['seed_fact_pair_f1']:.2f} (precision {r['seed_fact_pair_precision']:.2f}, recall "
               f"{r['seed_fact_pair_recall']:.2f}; adjusted Rand {r['seed_fact_ari']:.2f}); one fact per story "
               f"would reach {r['seed_fact_baseline_one_fact_f1']:.2f}."]
    if "allsides_fact_pair_f1" in r:
        details.append(f"{r['allsides_fact_part'].capitalize()}: {r['allsides_fact_events']} AllSides roundups "
                       f"(left, centre, right; {r['allsides_fact_pairs']} pairs): F1 {r['allsides_fact_pair_f1']:.2f} "
                       f"(precision {r['allsides_fact_pair_precision']:.2f}, recall "
                       f"{r['allsides_fact_pair_recall']:.2f}).")
    details.append(f"The similarity threshold ({r['threshold']:.2f}) was chosen on other roundups, never on these "
                   "sheets. F1 here: of the pairs of sentences put in one fact, how many the coder also pairs, "
                   "combined with how many of the coder's pairs are found (1 is perfect). From "
                   "`benchmarks/facts.py`.")
    return folded(short, bullets(details))



def heldout_frame_lines(f: dict) -> list[str]:
    """Markdown lines: per frame, the classifier's and the dictionary's F1 (precision / recall) on each held-out
    blind sheet scored by ``benchmarks/frames.py`` (none when no sheet was scored)."""
    sheets = [(h, f[h + "_sheet"], f[h + "_n"]) for h in HELDOUT_FRAME_PREFIXES
              if f.get(h + "_status") == "scored" and f"{h}_classifier_f1_sovereignty" in f]
    if not sheets:
        return []
    frames = [k.rsplit("_f1_", 1)[1] for k in f if k.startswith(sheets[0][0] + "_classifier_f1_")]
    cell = lambda k, fr: (f"{f[f'{k}_f1_{fr}']:.3f} ({f[f'{k}_precision_{fr}']:.2f} / "
                          f"{f[f'{k}_recall_{fr}']:.2f})")
    head = " | ".join(f"{m} on {sheet.rsplit('/', 1)[-1]} ({n}): F1 (P / R)" for h, sheet, n in sheets
                      for m in ("classifier", "dictionary"))
    return [
        "Per frame on the held-out blind sheets (written and coded from the codebook alone; "
        + "; ".join(f"{sheet.rsplit('/', 1)[-1]}: " + f.get(h + "_note", "held out")
                    for h, sheet, _ in sheets) + "):",
        "",
        f"| frame | positives | {head} |",
        "| --- | --- |" + " --- |" * (2 * len(sheets)),
        *(f"| {fr} | " + " / ".join(str(f[f'{h}_positives_{fr}']) for h, _, _ in sheets) + " | "
          + " | ".join(cell(f"{h}_{m}", fr) for h, _, _ in sheets for m in ("classifier", "dictionary")) + " |"
          for fr in frames),
        "",
    ]

def _estimate(figures: dict, key: str, fmt: str = "{:.3f}") -> str:
    """``figures[key]`` with its 95% interval (``key_low``, ``key_high``) in the house form of
    :mod:`~analysis.reporting.intervals`: "0.712 (0.650–0.770)", "+0.075 (+0.013 to +0.137)"."""
    return estimate(figures[key], figures.get(key + "_low"), figures.get(key + "_high"), fmt)


def readme_section() -> str:
    """The Markdown of README's Validity section, from the results files present."""
    lines = [START, "## Validity", "",
             "Generated from `benchmarks/results/*.json` by `python -m analysis validity --update-readme`; "
             "rerun the benchmark commands below to reproduce them (the datasets are not part of the project: "
             "each script says where to get its data when the path is missing).", "",
             "Every figure says which part of the coding it was measured on: **held-out** (text the measure was not "
             "written, revised or trained on: the frozen test part of a coded sheet, split by article with "
             "`analysis.corpus.coding.heldout_articles`, or sentences written for a test, or a dataset's test split), "
             "**external** (another corpus coded by others) or **in-sample** (text it was built with in view: "
             "flattering, shown for comparison only). Beside each: n and the trivial baseline (always the majority "
             "class). Reports state a difference between groups only where the intervals separate *and* the measure "
             "clears the validity gate: held-out Krippendorff's alpha at least the study's `[validity] min_alpha` "
             "(0.667 by default) and above the majority baseline; below it a measure is shown as exploratory.", "",
             *figures_table(), ""]
    f = results("frames")
    if f and "story_dictionary_test_part_macro_f1" in f:
        lines += [f"The test part of the five articles ({', '.join(f['story_test_articles'])}) is frozen since the "
                  "split; the story lexicon's first revision (before the split) was made with every coded sentence in "
                  "view, so its figures on that part flatter it"
                  + (f"; the blind sheets are training data since they were scored ({BLIND_TRAINING_SINCE}; a fresh "
                     "blind sheet replaced them as the held-out set)." if f.get("story_blind_part") == "in-sample"
                     else "; the blind-coded sentences were never in view."), ""]
    s = results("sentiment")
    if s:
        lines += [
            "### Sentiment, stance and voices",
            "",
            "```bash",
            "python benchmarks/sentiment.py --vader-truth PATH/vader-groundtruth --newsmtsc PATH/newsmtsc",
            "```",
            "",
            "| measure | this package | published / baseline |",
            "| --- | --- | --- |",
            f"| VADER vs human mean, NYT editorial snippets (n = {s['nyt_n']:,}), Pearson r, news register (default) | {s['nyt_pearson_r']:.3f} | 0.492 (Hutto & Gilbert 2014) |",
            f"| the same, plain VADER | {s['nyt_pearson_r_plain']:.3f} | |",
            *(f"| {name}, Pearson r, news register / plain | {s[key + '_pearson_r']:.3f} / {s[key + '_pearson_r_plain']:.3f} | |"
              for key, name in (("tweets", "tweets (n = {:,})".format(s.get("tweets_n", 0))),
                                ("movie", "movie review snippets (n = {:,})".format(s.get("movie_n", 0))),
                                ("amazon", "product review snippets (n = {:,})".format(s.get("amazon_n", 0))))
              if key + "_pearson_r" in s),
            f"| VADER 3-class F1 on NYT ({s['nyt_f1_method']}) | {s['nyt_f1']:.3f} (weighted {s['nyt_f1_weighted']:.3f}) | 0.55 |",
            f"| NewsMTSC rw test ({s['newsmtsc_rw_test_n_targets']} targets), macro-F1, whole-sentence VADER (thresholds {s['newsmtsc_sentence_thresholds_from_train']} tuned on train) | {s['newsmtsc_rw_test_macro_f1_sentence']:.3f} | no lexicon baseline published |",
            *_actor_model_rows(s),
            "",
        ]
        for b in ("blind_stance", "blind_stance_before"):
            if f"{b}_accuracy" not in s:
                continue
            before = f"; {s[b + '_note']}" if s.get(b + "_note") else ""
            lines += [
                f"**Stance of actor mentions, {'held-out' if s.get(b + '_part', 'held-out') == 'held-out' else 'in-sample'}** ({s[b + '_source']}: "
                f"{s[b + '_sentences']} sentences with "
                f"{s[b + '_n']} actor mentions, written and coded by an independent coder from the stance rules "
                f"alone, " + ("never seen by anyone building the package" if s.get(b + "_part", "held-out") ==
                              "held-out" else "in-sample: the package was tuned on them") +
                f"; the package finds {s[b + '_coverage']:.0%} of "
                f"the coded mentions, and a mention it misses counts as a disagreement{before}). 95% intervals over "
                f"sentences:",
                "",
                "| method | accuracy | macro-F1 | Krippendorff's alpha |",
                "| --- | --- | --- | --- |",
                *(f"| {label} | {_estimate(s, k + '_accuracy')}"
                  f" | {s[k + '_macro_f1']:.3f} | {s[k + '_alpha']:.3f} |"
                  for label, k in (("model + role rules + neutral band (the package)", b),
                                   (f"always the most frequent stance ({s[b + '_majority_class']})", b + "_majority"),
                                   ("whole-sentence VADER at ±0.05", b + "_sentence_vader"))),
                "",
                f"The package's accuracy minus the majority baseline: "
                f"{_estimate(s, b + '_accuracy_minus_majority', '{:+.3f}')}. " + (
                    f"Its alpha is below the {DEFAULT_MIN_ALPHA:.3g} the validity gate requires by default, so the "
                    "reports show stance as exploratory." if s[b + '_alpha'] < DEFAULT_MIN_ALPHA else
                    f"Its alpha clears the {DEFAULT_MIN_ALPHA:.3g} the validity gate requires by default."),
                "",
            ]
        if "seed_actor_stance_heldout_accuracy" in s:
            h = "seed_actor_stance_heldout"
            lines += [
                f"**Stance of actor mentions on the frozen test part** of the five articles' stance sheet "
                f"({', '.join(s[h + '_articles'])}; {s[h + '_n']} mentions, never used to fit the model or choose its "
                f"neutral band; the first role rules were written before the split with all five articles in view, "
                f"so this flatters them), against the trivial baseline and sentence VADER:",
                "",
                "| method | accuracy | macro-F1 | Krippendorff's alpha |",
                "| --- | --- | --- | --- |",
                *(f"| {label} | {s[k + '_accuracy' if k != h + '_majority' else k]:.3f} | {s[k + '_macro_f1']:.3f} | "
                  f"{s[k + '_alpha']:.3f} |"
                  for label, k in (("model + role rules + neutral band (the package)", h),
                                   ("always the most frequent stance of the development part (neutral)", h + "_majority"),
                                   ("whole-sentence VADER at ±0.05", h + "_sentence_vader"),
                                   ("classifier alone (no role rules, no band)", h + "_model_only"))),
                "",
                f"The same on the development part, **in-sample** (the band was chosen there): accuracy "
                f"{s['seed_actor_stance_dev_in_sample_accuracy']:.3f} against {s['seed_actor_stance_dev_in_sample_majority']:.3f} "
                f"for always neutral; alpha {s['seed_actor_stance_dev_in_sample_alpha']:.3f}.",
                "",
            ]
        if "seed_actor_stance_alpha" in s:
            lines += [
                "**In-sample: against hand coding of the five real articles, both parts** (`data/coding/`, rules in "
                "its README; one coder; intervals resample articles; the held-out figures are above):",
                "",
                "| measure | agreement |",
                "| --- | --- |",
                f"| stance of each actor mention ({s['seed_actor_stance_n']} mentions): model + role rules, Krippendorff's alpha (nominal) | "
                f"{s['seed_actor_stance_alpha']:.3f}; accuracy {_estimate(s, 'seed_actor_stance_accuracy')}, "
                f"macro-F1 {s['seed_actor_stance_macro_f1']:.3f} |",
                f"| the same, classifier alone (no role rules) | {s['seed_actor_stance_model_only_alpha']:.3f} "
                f"(accuracy {s['seed_actor_stance_model_only_accuracy']:.3f}) |",
                f"| the same, whole-sentence VADER at ±0.05 | {s['seed_actor_stance_sentence_vader_alpha']:.3f} "
                f"(accuracy {s['seed_actor_stance_sentence_vader_accuracy']:.3f}) |",
                f"| quotes and reported statements ({s['seed_quote_coded_statements']} coded): recall / precision, same sentence, kind and speaker | "
                f"{_estimate(s, 'seed_quote_recall')} / {_estimate(s, 'seed_quote_precision')} |",
                f"| the same, sentence and kind only | {s['seed_quote_lenient_recall']:.3f} / {s['seed_quote_lenient_precision']:.3f} |",
                *([f"| quotes on {s['written_quotes_blind_sentences']} sentences written and coded blind by an independent "
                   f"coder ({s.get('written_quotes_blind_note', 'scored once').split(':')[0]}) | {s['written_quotes_blind_recall']:.3f} / {s['written_quotes_blind_precision']:.3f} |"]
                  if "written_quotes_blind_recall" in s else []),
                f"| quotes on {s['written_quotes_heldout_sentences']} sentences from other stories written after the rules "
                "(scored before the rules were revised on 2026-12-02) | "
                f"{s['written_quotes_heldout_recall']:.3f} / {s['written_quotes_heldout_precision']:.3f} |",
                f"| quotes on {s['written_quotes_dev_sentences']} sentences from other stories used while writing the rules | "
                f"{s['written_quotes_dev_recall']:.3f} / {s['written_quotes_dev_precision']:.3f} |",
                "",
                "The stance classifier was never trained on these sentences; the role rules and the speech lexicon were "
                "written with the five articles in view (and the coder wrote them), so the in-sample quote figures "
                f"flatter the extractor. The news register moves article mean sentiment by up to "
                f"{s['seed_register_article_mean_shift_max']:.3f} ({s['seed_register_sentences_changed']} of "
                f"{s['seed_register_sentences']} lead and body sentences change score).",
                "",
            ]
    rs = results("register_search")
    if rs:
        lines += [
            f"Can a fitted neutral word list do better on the NYT snippets? `python benchmarks/register_search.py "
            f"--vader-truth PATH` fits one in {rs['folds']} folds: mean held-out r {rs['mean_heldout_r_register_plus_fitted_words']:.3f} "
            f"with the fitted words against {rs['mean_heldout_r_register']:.3f} with the register alone, so the "
            "register is kept as written (from news style, not fitted).",
            "",
        ]
    t = results("topics")
    if t:
        lines += [
            "### Topics",
            "",
            "```bash",
            "python benchmarks/topics.py --bbc PATH/bbc --allsides PATH/headline_11_2021-10-19_crawled_all.jsonl",
            "```",
            "",
            "**Choosing k** (coherence × stability over k = 2..12, see `analysis.measures.topics.choose_k`):",
            "",
            "| corpus | the right answer | chosen k |",
            "| --- | --- | --- |",
            f"| BBC News, {t['bbc_n_documents']:,} articles | 5 labelled categories | {t['bbc_chosen_k']} "
            f"({t['bbc_choose_k_seconds']:.0f} s) |",
            f"| AllSides roundups, {t['roundups_events']} events, {t['roundups_units']} paragraphs, through the whole "
            f"pipeline | many distinct events: not 2 | {t['roundups_chosen_k']} |",
            "",
            f"**Topic recovery**: BBC News, {t['bbc_n_documents']:,} articles in 5 categories, k = 5, each article "
            "assigned its dominant topic.",
            "",
            "| model | NMI | ARI | accuracy | published NMI (Xu et al. 2025) |",
            "| --- | --- | --- | --- | --- |",
            f"| default (`TopicModel(5)`: {t['default_model'].split(': ', 1)[1]}) | {t['bbc_nmi_default']:.3f} | {t['bbc_ari_default']:.3f} | {t['bbc_acc_default']:.3f} | 0.812 (NMF) |",
            f"| LDA on counts (`method='lda'`: document prior 0.1, terms in at least 0.2% of units), seed 0 | "
            f"{t['bbc_nmi_lda']:.3f} | {t['bbc_ari_lda']:.3f} | {t['bbc_acc_lda']:.3f} | 0.727 (LDA) |",
            f"| the same LDA over seeds 0–4: mean NMI (min–max) | {t['bbc_nmi_lda_seeds_mean']:.3f} "
            f"({t['bbc_nmi_lda_seeds_min']:.3f}–{t['bbc_nmi_lda_seeds_max']:.3f}) | | | |",
            f"| streaming NMF ({t['streaming_setup']}) | {t['bbc_nmi_streaming']:.3f} | | | topics overlap the in-memory model's at {t['bbc_streaming_topic_overlap']:.2f} |",
            "",
            f"Fitting the default model took {t['fit_seconds_default']:.1f} s with a peak resident memory of "
            f"{t['peak_rss_mb_default']:.0f} MB for the whole benchmark process (2 cores, one machine).",
            "",
        ]
    f = results("frames")
    if f and "story_dictionary_test_part_macro_f1" in f:
        per = f["story_dictionary_test_part_per_frame_alpha"]
        written = f["story_dictionary_written_per_frame_alpha"]
        blind_f1 = f.get("story_dictionary_blind_per_frame_f1", {})
        blind_p = f.get("story_dictionary_blind_per_frame_precision", {})
        blind_r = f.get("story_dictionary_blind_per_frame_recall", {})
        blind_a = f.get("story_dictionary_blind_per_frame_alpha", {})
        lines += [
            "### Frames",
            "",
            "```bash",
            "python benchmarks/frames.py --gvfc PATH/gvfc",
            "python benchmarks/gate.py      # the held-out figures shipped for studies without coded sheets",
            "```",
            "",
            *heldout_frame_lines(f),
            f"Story dictionary per frame: **{f.get('story_blind_part', 'held-out')}** on "
            f"{f.get('story_blind_sentences', 0)} sentences written and "
            f"coded blind (F1, precision / recall, alpha), {f.get('story_dictionary_test_part_part', 'held-out')} on "
            f"the test part of the five articles "
            f"({f['story_test_sentences']} sentences, alpha), in-sample on {f['story_written_sentences']} sentences "
            f"written for an earlier test and on the development part ({f['story_dev_sentences']} sentences, alpha):",
            "",
            f"| frame | {f.get('story_blind_part', 'held-out')}, blind: F1 (P / R) | blind: alpha | "
            f"{f.get('story_dictionary_test_part_part', 'held-out')}: test part alpha | in-sample: written "
            "alpha | in-sample: development part alpha |",
            "| --- | --- | --- | --- | --- | --- |",
            *(f"| {fr} | " + (f"{blind_f1[fr]:.3f} ({blind_p[fr]:.2f} / {blind_r[fr]:.2f}) | {blind_a[fr]:.3f}"
                              if fr in blind_f1 else "— | —")
              + f" | {per[fr]:.3f} | {written[fr]:.3f} | "
              f"{f['story_dictionary_dev_part_in_sample_per_frame_alpha'][fr]:.3f} |" for fr in per),
            "",
        ]
    fa = results("facts")
    if fa and "seed_fact_pair_f1" in fa:
        lines += ["### Facts across outlets", "", "```bash",
                  "python benchmarks/facts.py --allsides PATH/allsides-neus/headline_11_2021-10-19_crawled_all.jsonl",
                  "```", "",
                  "| hand grouping of sentences into facts | part | same-fact pairs | pairwise F1 (precision / recall) "
                  "| adjusted Rand | one fact per story (F1) |",
                  "| --- | --- | --- | --- | --- | --- |",
                  f"| five starting articles, one blind coder (`data/coding/facts_iraq_coder1.csv`) | "
                  f"**{fa['seed_fact_part']}** | {fa['seed_fact_pairs']} | {fa['seed_fact_pair_f1']:.3f} "
                  f"({fa['seed_fact_pair_precision']:.3f} / {fa['seed_fact_pair_recall']:.3f}) | {fa['seed_fact_ari']:.3f} "
                  f"| {fa['seed_fact_baseline_one_fact_f1']:.3f} |",
                  f"| {fa['allsides_fact_events']} AllSides roundups, left/centre/right, same coder | "
                  f"**{fa['allsides_fact_part']}** | {fa['allsides_fact_pairs']} | {fa['allsides_fact_pair_f1']:.3f} "
                  f"({fa['allsides_fact_pair_precision']:.3f} / {fa['allsides_fact_pair_recall']:.3f}) | "
                  f"{fa['allsides_fact_ari']:.3f} | {fa['allsides_fact_baseline_one_fact_f1']:.3f} |",
                  f"| {fa['dev_events']} other roundups grouped by the author; threshold {fa['threshold']:.2f} chosen "
                  f"here | in-sample | {fa['dev_fact_pairs']} | {fa['dev_fact_pair_f1']:.3f} "
                  f"({fa['dev_fact_pair_precision']:.3f} / {fa['dev_fact_pair_recall']:.3f}) | {fa['dev_fact_ari']:.3f} | |",
                  "", f"Scale: clustering up to {fa['scale_max_articles']:,} generated articles takes "
                  f"{fa['scale_seconds_per_event_min']:.3f}–{fa['scale_seconds_per_event_max']:.3f} CPU seconds per event "
                  "(linear in events).", ""]
    se = results("sentences")
    if se and "sentence_suite_accuracy" in se:
        lines += ["### Sentence boundaries", "", "```bash", "python benchmarks/sentences.py", "```", "",
                  "Share of hand-written segmentation cases (lists, times, initials, abbreviations, names with '!', "
                  "quotes, datelines...) split as a reader would:", "",
                  "| case set | part | n | before the rules for lists, times and names | now |",
                  "| --- | --- | --- | --- | --- |",
                  f"| cases written before the splitter was changed (`benchmarks/data/sentence_cases.jsonl`) | "
                  f"{se['sentence_suite_part']} | {se['sentence_suite_n']} | {se['sentence_suite_accuracy_before']:.3f} "
                  f"| {se['sentence_suite_accuracy']:.3f} |",
                  f"| cases written after the change, run once (`benchmarks/data/sentence_cases_heldout.jsonl`) | "
                  f"**{se['sentence_heldout_part']}** | {se['sentence_heldout_n']} | "
                  f"{se['sentence_heldout_accuracy_before']:.3f} | {se['sentence_heldout_accuracy']:.3f} |", ""]
    rb = results("robustness")
    if rb and rb.get("rows"):
        lines += ["### Long lines and many rows", "", "```bash", "python benchmarks/robustness.py", "```", "",
                  f"Ingestion in a fresh process (CPU seconds less a start-up of {rb['startup_seconds_cpu']:.1f} s); "
                  "roughly constant seconds per unit means linear growth:", "",
                  "| input | size | CPU seconds | per unit | peak memory (MB) |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {r['input'].replace('_', ' ')} | {r['size']:g} {r['unit']} | {r['seconds_cpu_net']:.1f} | "
                  f"{r['cpu_per_unit']:.2f} s per {'MB' if r['unit'] == 'MB' else '1,000 rows'} | {r['peak_rss_mb']:.0f} |"
                  for r in rb["rows"]]
        lines.append("")
    sp = results("speed")
    if sp:
        steps = [k for k in sp if k.endswith("_seconds") and k != "ingest_seconds"]
        lines += ["### Speed", "", "```bash", f"python benchmarks/speed.py --articles {sp['articles']}", "```", "",
                  f"A generated corpus of {sp['articles']:,} scraped-style articles ({sp['sentences']:,} sentences, "
                  f"20 outlets) on one 2-core machine: ingestion {sp['ingest_seconds']:.1f} s "
                  f"({sp['ingest_articles_per_second']:.0f} articles/s, {sp['duplicate_copies_found']} syndicated copies "
                  f"grouped); peak memory {sp['peak_rss_mb']:.0f} MB.", "",
                  "| measure | seconds |", "| --- | --- |"]
        lines += [f"| {k[:-len('_seconds')]} | {sp[k]:.1f} |" for k in steps]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def listing() -> str:
    """Every figure as plain text (``python -m analysis validity``): part, n, value, baseline, data."""
    rows = figures()
    if not rows:
        return "No results files: run the benchmark scripts (README, Validity)."
    return "\n".join(f"{r['part']:10} {r['measure']}: {r['value']} (n = {r['n']}; majority baseline: {r['baseline']}; "
                     f"{r['data']})" for r in rows)


def update_readme(path: Path = README) -> bool:
    """Rewrite the Validity section of README in place (from a checkout: after shipping
    ``benchmarks/results``); returns whether it changed."""
    if RESULTS.is_dir():
        ship(RESULTS)
    text = path.read_text(encoding="utf-8")
    section = readme_section()
    if START in text and END in text:
        new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        new = text.rstrip("\n") + "\n\n" + section + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
