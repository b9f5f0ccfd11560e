"""The validity gate: a difference a measure shows is stated only when the measure agrees with human coders on
text it was not built on.

A :class:`Gate` holds a measure's agreement figures that count (held-out or
external :class:`~analysis.compare.agreement.Agreement` records), the
study's threshold (``[validity] min_alpha``, 0.667 by default: the usual
floor of Krippendorff's alpha for tentative conclusions) and, when there is
no figure, why not.  The weakest figure decides: the measure clears the
gate only when every one of them reaches the threshold and beats the
majority-class baseline.  :meth:`Gate.note` says in words what the reader
may conclude; :mod:`analysis.reporting.findings` states no "X differs from
Y" sentence for a measure that does not clear it.

When a study has no coded sheet for a measure, the figures of the bundled
defaults (the stance model, the story lexicon) measured on the package's
own held-out sets are used and marked as coming from another corpus; they
ship as ``validity_defaults.json`` beside this module, written by
``python benchmarks/gate.py`` (the library never reads ``benchmarks/``).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..compare.agreement import Agreement
from .intervals import estimate
from .safe import bullets, folded, md

DEFAULTS = Path(__file__).with_name("validity_defaults.json")
DEFAULT_MIN_ALPHA = 0.667


def _defaults() -> dict:
    if not DEFAULTS.exists():
        return {}
    return json.loads(DEFAULTS.read_text(encoding="utf-8"))


def _records(keep) -> list[Agreement]:
    return [Agreement(**r) for r in _defaults().get("records", []) if keep(r["measure"])]


def default_records(measure: str) -> list[Agreement]:
    """The bundled defaults' figures for ``measure`` (``"stance"``, ``"frames/iraq/sovereignty"``...)."""
    return _records(lambda m: m == measure)


def lexicon_records(lexicon: str) -> list[Agreement]:
    """The bundled defaults' figures for every frame of the frame lexicon ``lexicon`` (``"policy"``...)."""
    return _records(lambda m: m.startswith(f"frames/{lexicon}/"))


def unvalidated_note(what: str, records) -> str:
    """Markdown: the line (:func:`lead`) saying that ``what`` (a frame lexicon, in words) is exploratory, not
    validated on this corpus, when no held-out or external figure among ``records`` (its agreement records)
    beats its trivial baseline (always the majority class); "" when one does, so the note goes away as soon as
    such a record exists.  Only records that count (never in-sample) and beat their baseline validate it."""
    counted = [r for r in records if r.part != "in-sample"]
    if counted and all(math.isfinite(r.accuracy) and r.accuracy > r.baseline for r in counted):
        return ""
    why = ("no held-out agreement figure with human coders" if not counted else
           "its held-out agreement with human coders is no better than always answering the most common code")
    return lead(False, f"{md(what)} is not validated on this corpus ({why})",
                "read its shares as an exploratory description of the words the articles use, not as measured "
                "framing; no difference in them is stated")


def default_stance_records(stance_model: str) -> tuple[tuple[Agreement, ...], str]:
    """The bundled defaults' stance figures when they were measured with ``stance_model`` (the study's
    ``[sentiment] stance_model``), else none and why (figures of another model never decide a study's gate)."""
    measured = _defaults().get("stance_model", "words")
    if measured != stance_model:
        return (), (f"the package's stance figures were measured with the {measured} model and this study uses the "
                    f"{stance_model} model; code a sample of its mentions ([coding] stance) to measure it")
    return tuple(default_records("stance")), ""


def default_context(key: str) -> str:
    """A plain-words figure shipped with the defaults for a measure that has no alpha (e.g. VADER's correlation
    with human ratings on another corpus); "" when there is none."""
    return _defaults().get("context", {}).get(key, "")


@dataclass(frozen=True)
class Gate:
    """Whether the differences a measure shows may be stated.

    ``what``: the measure in words ("the stance of actor mentions");
    ``records``: its agreement figures (in-sample ones are shown but never
    count); ``min_alpha``: the threshold; ``elsewhere``: non-empty when the
    figures come from another corpus (it names it); ``missing``: why there
    is no figure.
    """

    what: str
    records: tuple[Agreement, ...] = ()
    min_alpha: float = DEFAULT_MIN_ALPHA
    elsewhere: str = ""
    missing: str = ""

    @property
    def counted(self) -> list[Agreement]:
        return [r for r in self.records if r.part != "in-sample"]

    @property
    def deciding(self) -> Agreement | None:
        """The weakest counted figure (an undefined alpha is the weakest)."""
        counted = self.counted
        if not counted:
            return None
        failing = [r for r in counted if not r.clears(self.min_alpha)]
        pool = failing or counted
        return min(pool, key=lambda r: r.alpha if math.isfinite(r.alpha) else -math.inf)

    @property
    def clears(self) -> bool:
        counted = self.counted
        return bool(counted) and all(r.clears(self.min_alpha) for r in counted)

    def figure(self, r: Agreement) -> str:
        """One agreement figure in words, with its part, n, source and baseline."""
        where = f"{r.part} text" if r.part != "held-out" else "held-out text"
        base = (f"; it agrees with the coders on {r.accuracy:.0%} of them, always answering "
                f"“{md(r.baseline_class)}” would on {r.baseline:.0%}" if math.isfinite(r.baseline) else "")
        return (f"alpha {estimate(r.alpha, r.alpha_low, r.alpha_high)} on {where} ({r.n} {md(r.unit)}, {md(r.source)}{base})")

    def note(self) -> str:
        """Markdown: one line (:meth:`line`: the deciding figure, its threshold or baseline, what a reader may
        conclude), then the figure's details (n, data, baseline, where it was measured) folded under it."""
        other = (f"It was measured on another corpus: {md(self.elsewhere)}; code a sample of this study to measure it "
                 "here." if self.elsewhere else "")
        r = self.deciding
        if r is None:
            why = md(self.missing) if self.missing else ""
            if self.records:          # only in-sample figures: shown, never counted
                why = (f"Its only figure is {self.figure(self.records[0])}: in-sample, so it does not count.")
            return folded(self.line(), bullets([why.rstrip(".") + "." if why else "", other]), "Why")
        return folded(self.line(), bullets([f"Deciding figure: {self.figure(r)}.", other, ALPHA_WORDS]))

    def line(self) -> str:
        """Markdown: the one line (:func:`lead`) a note opens with, without its folded details."""
        r = self.deciding
        if r is None:
            return lead(False, f"the agreement of {md(self.what)} with human coders has not been measured on "
                        "held-out text", "differences are not stated")
        text = "held-out text of another corpus" if self.elsewhere else "held-out text"   # said in the line itself
        needed = f"agreement beyond chance, 1 is perfect; {self.min_alpha:.3g} needed"
        if self.clears:
            short = lead(True, f"{md(self.what)} agrees with human coders at alpha {estimate(r.alpha)} on {text} "
                         f"({needed})", "differences whose intervals separate are stated")
        elif r.shortfall and math.isfinite(r.alpha) and r.alpha >= self.min_alpha:
            short = lead(False, f"{md(self.what)} agrees with human coders at alpha {estimate(r.alpha)} on {text}, "
                         f"but on {md(r.shortfall)}", "too few to tell agreement from luck, so differences "
                         "are not stated")
        elif math.isfinite(r.alpha) and r.alpha >= self.min_alpha:
            short = lead(False, f"{md(self.what)} agrees with human coders on {r.accuracy:.0%} of held-out "
                         f"{md(r.unit)}{' of another corpus' if self.elsewhere else ''} (alpha {estimate(r.alpha)}), no better than always answering "
                         f"“{md(r.baseline_class)}” ({r.baseline:.0%})", "differences are not stated")
        else:
            short = lead(False, f"{md(self.what)} agrees with human coders only at alpha {estimate(r.alpha)} on "
                         f"{text} ({needed})", "differences are not stated")
        return short


PART_ORDER = {"held-out": 0, "external": 1, "in-sample": 2}


def by_sheet(records) -> list[dict]:
    """``records`` (:class:`~analysis.compare.agreement.Agreement`, several frames' included) grouped by what
    they were measured on: one dict per method, part, sheet, n and unit (held-out first, then external, then
    in-sample; larger sheets first), with the ``alphas`` and how many records ``beat`` their trivial baseline
    (accuracy above always answering the most common code) of how many (``of``)."""
    groups: dict[tuple, list] = {}
    for r in dict.fromkeys(records):                      # the same record met through two gates counts once
        groups.setdefault((r.method, r.part, r.source, r.n, r.unit), []).append(r)
    out = []
    for (method, part, source, n, unit), rs in groups.items():
        alphas = [r.alpha for r in rs if math.isfinite(r.alpha)]
        out.append({"method": method, "part": part, "source": source, "n": n, "unit": unit, "alphas": alphas,
                    "accuracy": sum(r.accuracy for r in rs) / len(rs),
                    "baseline": sum(r.baseline for r in rs) / len(rs),
                    "baseline_class": rs[0].baseline_class, "beat": sum(r.accuracy > r.baseline for r in rs),
                    "of": len(rs)})
    return sorted(out, key=lambda g: (PART_ORDER.get(g["part"], 3), -g["n"], g["source"]))


def _alpha_words(alphas: list[float]) -> str:
    if not alphas:
        return "alpha undefined"
    if len(alphas) == 1:
        return f"alpha {estimate(alphas[0])}"
    return (f"mean alpha {estimate(sum(alphas) / len(alphas))} over {len(alphas)} frames (lowest "
            f"{estimate(min(alphas))})")


def describe(records) -> list[str]:
    """Markdown, one line per sheet a measure was scored on (:func:`by_sheet`): whether it is held-out, external
    or in-sample (in-sample figures never count for the gate), the method, the sheet and how many sentences
    or mentions, the figure (alpha; over several frames, the mean and the lowest) and whether the measure beats
    its trivial baseline there.  The one description of a measure's validity every report shows (00, 04 and 05
    read it through :func:`analysis.reporting.notebook.frame_validity_items`), so they cannot disagree."""
    lines = []
    for g in by_sheet(records):
        frames = g["of"] > 1
        beats = ("beats it" if g["beat"] == g["of"] else "does not beat it" if not g["beat"] else
                 f"beats it for {g['beat']} of {g['of']} frames")
        if frames and g["beat"] == g["of"]:
            beats += " for every frame"
        lines.append(f"**{g['part'].capitalize()}**{' (never counts)' if g['part'] == 'in-sample' else ''}, "
                     f"{md(g['method'])}: {md(g['source'])}, {g['n']} {md(g['unit'])}: {_alpha_words(g['alphas'])}; "
                     f"accuracy {g['accuracy']:.0%} against {g['baseline']:.0%} for always answering "
                     f"“{md(g['baseline_class'])}”{' (mean over frames)' if frames else ''}: {beats}.")
    return lines


def heldout_phrase(records) -> str:
    """Markdown, a few words for a one-line verdict: the counted (held-out or external) figures of ``records``
    by sheet ("mean alpha 0.92 on 240 held-out sentences of frames_written_coder17.csv, 0.84 on 200 of
    frames_written_coder4.csv"); "" when none counts.  The same grouping as :func:`describe`."""
    said = []
    for g in by_sheet(records):
        if g["part"] == "in-sample" or not g["alphas"]:
            continue
        mean = estimate(sum(g["alphas"]) / len(g["alphas"]))
        sheet = md(g["source"].split(" (", 1)[0].rsplit("/", 1)[-1])
        said.append(f"{'mean alpha ' if not said else ''}{mean} on {g['n']} {g['part']} {md(g['unit'])} of {sheet}")
    return ", ".join(said)


ALPHA_WORDS = (f"Krippendorff's alpha is agreement beyond chance: 1 is perfect agreement, 0 no better than chance; "
               f"{DEFAULT_MIN_ALPHA:.3g} is the usual floor for tentative conclusions.")


def lead(clears: bool, figure: str, claim: str) -> str:
    """Markdown: the one line every validity note opens with, the same in every report: the verdict
    (``*Validity*`` when the figure lets the report state differences or read the counts as they are,
    ``**Exploratory**`` when it does not), the figure with its threshold or baseline (``figure``, Markdown), and
    what the report may claim from it (``claim``, Markdown)."""
    return f"{'*Validity*' if clears else '**Exploratory**'}: {figure}, so {claim}."


def combine(what: str, gates: list[Gate]) -> Gate:
    """One gate for a figure built from several measures (an axis of two frames): it clears only if each does."""
    records = tuple(r for g in gates for r in g.records)
    missing = "; ".join(f"{g.what}: {g.missing}" for g in gates if not g.counted and g.missing)
    elsewhere = "; ".join(sorted({g.elsewhere for g in gates if g.elsewhere}))
    min_alpha = gates[0].min_alpha if gates else DEFAULT_MIN_ALPHA
    if any(not g.counted for g in gates):           # one unmeasured part leaves the whole unmeasured
        return Gate(what, (), min_alpha, elsewhere, missing or "a part of it was not measured")
    return Gate(what, records, min_alpha, elsewhere, missing)
