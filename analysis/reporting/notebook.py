"""What every report notebook does first, and how it shows things.

>>> from analysis.reporting.notebook import start
>>> study, page = start(study_file, figures_dir=figures_dir, tables_dir=tables_dir, corpus=corpus)  # doctest: +SKIP

:func:`start` opens the study with the notebook's parameters and returns a
:class:`Page`, which shows

* figures: saved as PNG and SVG and embedded with their titles as alt text;
* tables: every cell escaped, shown whole when short, else a preview, and
  always written in full as a spreadsheet-safe CSV beside the report with a
  link to it, so every number can be traced;
* Markdown built only from :mod:`analysis.reporting.safe` pieces.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from .. import paths
from ..compare.groups import called
from ..io import write_csv
from ..settings import resolve_overrides, study_path
from . import caveats, findings, gate, intervals, plots, safe
from .study import Study, open_study

log = logging.getLogger(__name__)
FULL_TABLE_ROWS = 60
FOLD_ROWS = 12          # tables longer than this are folded (HTML <details>) under a summary line


class Page:
    """The display side of a report notebook."""

    def __init__(self, study: Study, figures_dir: str | Path | None = None, tables_dir: str | Path | None = None,
                 tables_href: str = "tables"):
        self.study = study
        self.figures_dir = Path(figures_dir) if figures_dir else paths.FIGURES
        self.tables_dir = Path(tables_dir) if tables_dir else None
        self.tables_href = tables_href

    # -- output ------------------------------------------------------------------
    @staticmethod
    def markdown(text: str) -> None:
        """Show Markdown; text with a folded part (``<details>``, :func:`safe.folded`) is shown as its HTML."""
        from IPython.display import HTML, Markdown, display
        if "<details>" in text:
            display(HTML(markdown_html(text)))
        else:
            display(Markdown(text))

    @staticmethod
    def html(text: str) -> None:
        from IPython.display import HTML, display
        display(HTML(text))

    def figure(self, fig, name: str) -> None:
        """Write the figure to ``figures_dir`` (PNG + SVG) and show it, with its title as alt text."""
        import matplotlib.pyplot as plt
        from IPython.display import Image, display

        png = plots.save(fig, name, self.figures_dir)[0]
        data = png.read_bytes()
        width = int.from_bytes(data[16:20], "big")   # PNG header; shown at screen size, not print size
        display(Image(data=data, width=int(width * 100 / plt.rcParams["savefig.dpi"])),
                metadata={"alt": plots.describe(fig, name)})
        plt.close(fig)

    def table(self, frame: pd.DataFrame, name: str, max_rows: int = FULL_TABLE_ROWS, caption: str = "",
              fold: bool | None = None, columns: list | None = None, headings: dict | None = None,
              percent: bool = False, shares=()) -> None:
        """Show ``frame`` escaped (:func:`table_html`); write it whole to ``tables_dir/name.csv`` and link to it.

        ``columns`` shows only those columns (the CSV keeps every one);
        ``headings`` names columns whose usual heading would not say what
        they hold in this table (``{"score": "stance score (−1 to +1)"}``);
        a column named by a frame id of the study is headed by the frame's label, one that names the groups
        (:data:`~analysis.reporting.safe.GROUP_HEADINGS`) by what the study's grouping calls them;
        ``percent``: the estimate with ``ci_low``/``ci_high`` is a share, shown as a percentage (:func:`with_intervals`);
        ``shares``: columns of shares with no interval, shown as percentages too (:func:`tidy`).
        """
        href = None
        if self.tables_dir is not None:
            self.tables_dir.mkdir(parents=True, exist_ok=True)
            write_csv(frame, self.tables_dir / f"{name}.csv")
            href = f"{self.tables_href}/{name}.csv"
        shown = frame if columns is None else frame[[c for c in columns if c in frame.columns]]
        # a column named by a frame id (a count or share per frame) is headed by the frame's label
        frames = {c: label for c, label in self.study.frame_labels().items() if c in shown.columns}
        # a "group" column (:func:`plots.with_group`, the keyness tables) holds the grouping columns' values
        group = {"group": " · ".join(safe.heading(c) for c in self.study.by)} if "group" in shown.columns else {}
        # beside the publisher (``outlet``), the label the reports compare by is not headed "outlet" a second time
        label = {"source_label": safe.COMPARED_AS} if {"outlet", "source_label"} <= set(shown.columns) else {}
        self.html(table_html(shown, name, max_rows=max_rows, caption=caption, fold=fold, href=href,
                             headings={**safe.group_headings(called(self.study.by)), **frames, **group, **label,
                                       **(headings or {})}, percent=percent, shares=shares))

    # -- the header every report starts with ---------------------------------------
    def header(self) -> None:
        """Which corpus and settings the report ran on, what it cannot tell, lexicon-fit warnings, and what the
        bracketed 95% intervals of the report mean (:data:`~analysis.reporting.intervals.EXPLAINED`)."""
        self.markdown(corpus_note(self.study))
        if self.study.counted.empty:
            self.markdown("**No article could be ingested from this corpus folder**, so nothing below can be "
                          "computed. The ingest report in [01 · Corpus](01-corpus.html) says why, file by file.")
            return
        warnings = self.study.lexicon_fit()["warnings"]
        if warnings:
            self.markdown(lexicon_warning(self.study, warnings))
        disabled = self.study.disabled_patterns()
        if disabled:
            self.markdown(disabled_warning(disabled))
        self.markdown(intervals.EXPLAINED)          # once per report, not on every line that has an interval

    def found(self, lines) -> None:
        """Show the block that opens a report under its header: "What this report found", then the Markdown lines
        ``lines(study)`` returns (a function of :mod:`analysis.reporting.opening`) as bullets; nothing when no
        article was ingested (the header says so)."""
        if self.study.counted.empty:
            return
        self.markdown(FOUND_HEADING + "\n\n" + safe.bullets(lines(self.study)))


FOUND_HEADING = "### What this report found"


def markdown_html(text: str) -> str:
    """``text`` (Markdown) as HTML, rendered here with the renderer nbconvert uses for Markdown.

    A Markdown output's raw-HTML blocks are re-parsed one by one when
    nbconvert renders a report (to embed images), which closes a
    ``<details>`` before the folded content that follows it; the HTML of the
    whole text, shown as an HTML output, keeps the content inside.
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    return f'<div class="jp-RenderedMarkdown">{markdown2html_mistune(text)}</div>'


INTERVAL_VALUES = ("mean", "share", "estimate", "value", "difference")   # the columns ci_low / ci_high bound


def _interval_text(value, low, high, percent: bool, signed: bool = False) -> str:
    return "" if pd.isna(value) else intervals.estimate(value, low, high, percent=percent, signed=signed)


def _numeric(frame: pd.DataFrame, *columns) -> bool:
    return all(pd.api.types.is_numeric_dtype(frame[c]) for c in columns)


def with_intervals(frame: pd.DataFrame, percent: bool = False) -> pd.DataFrame:
    """For display: an estimate and its 95% interval in one cell, in the house form of
    :mod:`~analysis.reporting.intervals` ("12% (7–20%)" for a share, "0.31 (0.12–0.48)", "1.00 (all alike, no
    interval)"; a column holding a number below zero signed throughout: "+0.03 (−0.12 to +0.16)", "−0.31 (−0.50
    to −0.10)"), in place of the estimate, ``ci_low`` and ``ci_high`` columns
    (the CSV keeps all three); the same for every column ``X`` with ``X_low`` and ``X_high`` beside it (``f1``, ``f1_low``, ``f1_high``).
    The estimate is written as a percentage when its column's name says it is a share, or when ``percent``
    says so (a share of sentences kept as ``mean``)."""
    out = frame
    value = next((c for c in INTERVAL_VALUES if c in frame.columns), None)
    if value is not None and {"ci_low", "ci_high"} <= set(frame.columns) and _numeric(frame, value, "ci_low", "ci_high"):
        percent = percent or "share" in value
        # "none": no interval; a zero-width one (values all alike) is said in words, any other is not shown
        none = frame["ci_unit"].eq("none") if "ci_unit" in frame else pd.Series(False, index=frame.index)
        sign = intervals.signed(frame[value], frame["ci_low"], frame["ci_high"])     # the whole column, one form
        text = [_interval_text(v, lo, hi, percent, sign) if not skip or lo == hi else
                _interval_text(v, None, None, percent, sign)
                for v, lo, hi, skip in zip(frame[value], frame["ci_low"], frame["ci_high"], none)]
        out = frame.drop(columns=["ci_low", "ci_high"])
        out[value] = text
        out = out.rename(columns={value: f"{value}{safe.INTERVAL_SUFFIX}"})
    for c in [c for c in out.columns if f"{c}_low" in out.columns and f"{c}_high" in out.columns]:
        if not _numeric(out, c, f"{c}_low", f"{c}_high"):
            continue
        sign = intervals.signed(out[c], out[f"{c}_low"], out[f"{c}_high"])
        text = [_interval_text(v, lo, hi, False, sign) for v, lo, hi in zip(out[c], out[f"{c}_low"], out[f"{c}_high"])]
        out = out.drop(columns=[f"{c}_low", f"{c}_high"])
        out[c] = text
        out = out.rename(columns={c: f"{c}{safe.INTERVAL_SUFFIX}"})
    return out


def tidy(frame: pd.DataFrame, percent: bool = False, shares=()) -> tuple[pd.DataFrame, list[str]]:
    """The columns a reader needs, and one note per column left out (the CSV keeps every column).

    Left out: a column with no value in any row (said in a sentence, :func:`empty_columns`); a text column that
    repeats another one (nothing lost, so not said); a text column with the same value in every row of three or
    more (said once in a sentence, :func:`same_in_every_row`).  The ``flag`` column shows letters, each
    caveat explained once in a note starting with
    :data:`~analysis.reporting.caveats.PREFIX` (:func:`caveats.mark`; a
    caveat on every row is said once, unmarked).  Yes/no columns show "yes"
    and "no".  Numbers are never left out for being constant (an article
    count of 1 in every row is a finding).  ``percent``: as :func:`with_intervals`; ``shares``: columns of
    shares (0 to 1) with no interval, written as percentages in the house form ("29%"), as is every column whose
    name says it is a share (``own_share``, ``share_negative``) and whose values lie from 0 to 1.
    """
    shown, notes = with_intervals(frame.copy(), percent), []
    # a column named a share (0 to 1) reads as a percentage ("2%", not 0.0157), named in ``shares`` or not
    shares = [*shares, *(c for c in shown.columns if "share" in str(c) and c not in shares
                         and pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
                         and shown[c].dropna().between(0, 1).all())]
    for c in shares:
        if c in shown.columns and pd.api.types.is_numeric_dtype(shown[c]):
            shown[c] = [_interval_text(v, None, None, True) for v in shown[c]]
    caveat_notes: list[str] = []
    if "flag" in shown.columns and len(shown):
        # a score per actor counts the articles that mention the actor, not the group's coverage
        counted = caveats.MENTIONING if {"actor", "n_articles"} <= set(frame.columns) else "articles"
        shown["flag"], caveat_notes = caveats.mark(shown["flag"], counted)
        if not (shown["flag"] != "").any():           # every caveat said in a note: no column of blanks
            shown = shown.drop(columns="flag")
    if "ci_unit" in shown.columns:                    # the units in words, not the names the CSV keeps
        shown["ci_unit"] = shown["ci_unit"].map(lambda u: caveats.UNIT_SHOWN.get(u, u))
    yes_no = [c for c in shown.columns if pd.api.types.is_bool_dtype(shown[c])]
    for c in yes_no:
        shown[c] = shown[c].map({True: "yes", False: "no"})
    texts = {c: shown[c].map(safe.cell_text) for c in shown.columns}
    kept: list = []
    empty, constant = [], []
    for c in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[c])
        if len(shown) and (texts[c] == "").all():
            empty.append(c)
        # a text column equal to one already shown adds nothing (two yes/no columns alike by chance both stay)
        elif (not numeric and c not in yes_no and len(shown) >= 2
              and any(texts[k].equals(texts[c]) for k in [*kept, *(k for k, _ in constant)] if k not in yes_no)):
            continue
        elif not numeric and len(shown) >= 3 and texts[c].nunique() == 1:
            constant.append((c, texts[c].iloc[0]))
        else:
            kept.append(c)
    if not kept:                                  # nothing would be left to show: show it as it is
        return frame, []
    notes += caveat_notes
    notes += same_in_every_row([(c, v) for c, v in constant if c not in yes_no],
                               [(c, v) for c, v in constant if c in yes_no])
    notes += empty_columns(empty)
    notes += safe.column_notes([*kept, *(c for c, _ in constant)])     # what a heading cannot say in a few words
    return shown[kept], notes


# columns that explain a row when it needs explaining: empty in every row, they have nothing to say
EXPLAINING = ("reason", "why", "note", "notes", "flag", "caveat", "empty_because")


def same_in_every_row(texts, yes_no=()) -> list[str]:
    """Sentences for the columns a table leaves out because every row has the same value: ``texts`` as
    ``(column, value)`` pairs ("The same in every row, so not shown as a column: outlet “The Stock Dork”;
    article “d69a…”."),
    ``yes_no`` the same for yes/no columns ("Every row is marked “counted”.", "No row is marked “converged”.")."""
    said = []
    if texts:
        # "heading “value”" reads as a list entry whatever the heading's grammar ("outlet taken from “manifest”")
        said.append("The same in every row, so not shown as a column: "
                    + "; ".join(f"{safe.heading(c)} “{v}”" for c, v in texts) + ".")
    for answer, start in (("yes", "Every row is"), ("no", "No row is")):
        names = [f"“{safe.heading(c)}”" for c, v in yes_no if v == answer]
        if names:
            said.append(f"{start} marked {safe.and_list(names, 'or' if answer == 'no' else 'and')}.")
    return said


def empty_columns(columns) -> list[str]:
    """A sentence naming the columns a table leaves out because no row has a value in them; none for a column
    that only explains other rows (:data:`EXPLAINING`: an empty "why" says that nothing needed explaining)."""
    named = [safe.heading(c) for c in columns if str(c).lower() not in EXPLAINING]
    if not named:
        return []
    if len(named) == 1:
        return [f"No row has a value for {named[0]}, so that column is left out."]
    return [f"No row has a value for {safe.and_list(named, 'or')}, so those columns are left out."]


def table_html(frame: pd.DataFrame, name: str, *, max_rows: int = FULL_TABLE_ROWS, caption: str = "",
               fold: bool | None = None, href: str | None = None, headings: dict | None = None,
               percent: bool = False, shares=()) -> str:
    """HTML for a table in a report: its caption, notes on the columns :func:`tidy` left out, the table (folded
    under a one-line summary when ``fold``, by default when longer than ``FOLD_ROWS``), the notes explaining its
    headings and a link to the CSV.  ``headings`` overrides the heading of a column
    (:data:`~analysis.reporting.safe.HEADINGS`); ``percent`` shows the estimate as a percentage
    (:func:`with_intervals`), and so do the columns ``shares`` names (shares with no interval, :func:`tidy`).  A
    table with no row is one line saying so, not an empty grid."""
    if frame.empty:
        link = f" ({safe.link(f'{name}.csv', href)})" if href else ""
        return f"<p><small>{safe.html_text(caption or name.replace('_', ' '))}: no rows{link}.</small></p>"
    shown, notes = tidy(frame, percent, shares)
    if headings:                    # an estimate shown with its interval keeps the suffix: "axis score (95% interval)"
        named = {c: headings[c] for c in shown.columns if c in headings}
        named.update({c: headings[c[: -len(safe.INTERVAL_SUFFIX)]] + safe.INTERVAL_SUFFIX for c in shown.columns
                      if str(c).endswith(safe.INTERVAL_SUFFIX) and c[: -len(safe.INTERVAL_SUFFIX)] in headings})
        shown = shown.rename(columns=named)
    explain = [n for n in notes if n in safe.COLUMN_NOTES.values() or n.startswith(caveats.PREFIX)]   # under it
    notes = [n for n in notes if n not in explain]
    note = f"Full table ({len(frame):,} rows): {safe.link(f'{name}.csv', href)}" if href else ""
    if len(frame) > max_rows:
        note = f"Showing the first {max_rows} of {len(frame):,} rows. " + note
    folded = fold if fold is not None else len(frame) > FOLD_ROWS
    head = f"<p><b>{safe.html_text(caption)}</b></p>" if caption and not folded else ""
    head += f"<p><small>{safe.html_text(' '.join(notes))}</small></p>" if notes else ""
    foot = f"<p><small>{note.strip()}</small></p>" if note else ""
    body = safe.table(shown, max_rows)
    body += f"<p><small>{safe.html_text(' '.join(explain))}</small></p>" if explain and len(shown) else ""
    if folded:                      # behind a one-line summary (the caption), with every note on the table
        body = (f"<details><summary>{safe.html_text(caption or name.replace('_', ' '))}: "
                f"{len(frame):,} rows (click to show)</summary>{head}{body}</details>")
        head = ""
    return head + body + foot


def frame_validity_items(study: Study, method: str | None = None) -> list[str]:
    """Markdown, one item per sheet the frame method (default the study's) was scored on: every agreement record
    its frames' validity gates read (the study's coded test part, the package's held-out sheets of a bundled
    lexicon), described by :func:`analysis.reporting.gate.describe`.  Reports 00, 04 (through
    :func:`frame_method_note`) and 05 show these lines, so they name the same sheets and figures."""
    return gate.describe([r for g in study.frame_gates(method).values() for r in g.records])


def frame_method_note(study: Study, method: str | None = None) -> str:
    """Markdown: one line (:func:`analysis.reporting.gate.lead`) with the method's agreement with hand coding and
    the frames below the validity gate, then every detail (the method, training data, per-frame alpha, every
    agreement figure by sheet (:func:`frame_validity_items`), the gate's conditions) folded under it.
    ``method``: the study's frames method by default."""
    from . import validity

    method = method or study.frames_method
    words = {"dictionary": "dictionary matching", "classifier": "the frame classifier"}.get(method, method)
    items = [f"**Method**: {safe.md(study.method_note(method))}."]
    if (trained := study.trained_on(method)) and (parts := findings.training_parts(trained)[1]):
        items.append("**Its training data, sheet by sheet** (sentences): " + "; ".join(map(safe.md, parts)) + ".")
    table = study.frame_validity(method)
    gates = study.frame_gates(method)
    held = gate.heldout_phrase([r for g in gates.values() for r in g.records])
    f1_words = "macro-F1: how many coded frames it finds and how many of its finds are right; 1 is perfect"
    if table is None:
        figure = (f"{words} reaches {held} (another corpus: this study names no coded sheet)" if held
                  else f"{words} has not been compared with human coders on this study's articles (the study names "
                  "no coded sheet)")
        items.append("**Its agreement with human coders has not been measured on this study's articles**: the study "
                      "names no coded sheet. "
                      "Code a sample (report 05 writes one to fill in) and name it in the study's `[coding]` section.")
    else:
        coded = study.coded_frames("test")
        sheets = ", ".join(safe.md(r.shown_path) for r in study.settings.resources()["coding_frames"])
        per_frame = "; ".join(f"{safe.md(r.label)} {intervals.number(r.alpha_method)}" for r in table.itertuples()
                              if pd.notna(r.alpha_method))
        if table.empty:
            figure = (f"{words} cannot be compared with human coders on this study's held-out text: the coded sheet "
                      "has no test part" + (f"; elsewhere it reaches {held}" if held else ""))
            items.append(f"**Its agreement with human coders cannot be measured on held-out text**: {sheets} has no "
                         "test part.")
        else:
            part = table["part"].iloc[0]
            figure = (f"{words} reaches macro-F1 {table['f1'].mean():.2f} on {coded['unit_id'].nunique()} hand-coded "
                      f"sentences of this study ({safe.md(part)}; {f1_words})" + (f"; {held}" if held else ""))
            if part == "in-sample":
                part += (" (the lexicon was written with these articles in view before the split, "
                         "so this flatters it)")
            items.append(f"**Agreement with hand coding, {part}** ({sheets}, test part: {coded['unit_id'].nunique()} "
                         f"sentences of {findings.plural(coded['article_id'].nunique(), 'article')} frozen for testing, "
                         f"{findings.plural(coded['coder'].nunique(), 'coder')}). "
                         f"Krippendorff's alpha between coder and {method} (1 is perfect agreement, 0 no better than "
                         f"chance), per frame: {per_frame}. Macro-F1 (precision and recall combined, averaged over "
                         f"frames): {table['f1'].mean():.2f}"
                         + (" (classifier never trained on the test part)" if method == "classifier" else "") + ".")
    items += frame_validity_items(study, method)
    bench = validity.results("frames") or {}
    if method == "dictionary":
        items.append("Revise a lexicon from the development part only (report 05); the test part stays unseen.")
    if main_is_bundled_story(study) and (note := story_frames_note(bench, method)):
        items.append(note.strip())
    v = study.settings.validity
    items.append(f"The validity gate of a frame: alpha at least {study.min_alpha:.3g} on held-out text of at least "
                 f"{v.min_units} coded sentences, {v.min_positives} of them coded present and {v.min_positives} "
                 "absent, and above always answering the most common code.")
    clears, claim = findings.frames_claim(gates, study.frame_labels())
    return safe.folded(gate.lead(clears, figure, claim), safe.bullets(items),
                       "How the method was measured")


def frame_agreement_note(study: Study, table: pd.DataFrame, method: str) -> str:
    """Markdown for report 05: the method's agreement with the coders' test part in one line
    (:func:`analysis.reporting.findings.frame_agreement`, ``table`` from :meth:`Study.frame_validity`), with the
    method and every agreement figure by sheet (:func:`frame_validity_items`: what reports 00 and 04 show)
    folded under it."""
    items = [f"**Method**: {safe.md(study.method_note(method))}.", *frame_validity_items(study, method)]
    return safe.folded(findings.frame_agreement(table, method, study.frame_gates(method)), safe.bullets(items),
                       "The method and every agreement figure of it")


def main_is_bundled_story(study: Study) -> bool:
    main = study.frame_lexicons[0].resource
    return main is not None and main.bundled and main.path.name == "frames_iraq.toml"


def story_frames_note(bench: dict, method: str) -> str:
    """The bundled story lexicon's cross-validated figure from ``benchmarks/frames.py`` for one method (on the
    training sheets: in-sample for the choice of method); "" without it.  Its held-out figures are the validity
    records :func:`frame_validity_items` describes."""
    key = f"frames_cv_written_{method}"
    if f"{key}_macro_f1" not in bench:
        return ""
    return (f"In-sample for the choice of method: cross-validated by sheet on {bench['frames_cv_written_n']} "
            f"sentences written and coded from the codebook (training data), macro-F1 "
            f"{bench[key + '_macro_f1']:.2f} (lowest frame {bench[key + '_min_f1']:.2f}) (README, Validity).")


def corpus_note(study: Study) -> str:
    """Markdown: which corpus, how many articles and groups, the lexicons used, and caveats."""
    arts, counted = study.articles, study.counted
    prov = study.provenance()
    files = ", ".join(f"{safe.md(r['path'])} (sha256 {r['sha256'][:12]})" for r in prov["resources"]
                      if r["kind"] in ("frames", "actors"))
    # plain text, not <code>: nbconvert re-parses each inline tag of Markdown alone and empties the element
    line = (f"Study **{safe.md(study.settings.study.name)}** — corpus folder {safe.md(study.settings.corpus.name)}: "
            f"{findings.plural(len(arts), 'article')} ({findings.counted_phrase(arts, counted)}) from "
            f"{counted[study.by].drop_duplicates().shape[0]} {safe.md(study.group_label)}s; "
            f"lexicons {files}; package version {safe.md(prov['package_version'])}, corpus hash "
            f"{safe.md(prov['corpus_hash'] or '')}.")
    if study.is_synthetic:
        line += ("\n\n**This corpus is synthetic** (fictional outlets, invented text): the numbers below "
                 "illustrate the method, not real coverage.")
    caveat = findings.single_articles(counted, study.by, study.group_label)
    if caveat:
        line += f"\n\n**{caveat}**"
    return line


def axis_placeholder_note(study: Study) -> str:
    """Markdown for a study whose axis is a placeholder (:attr:`Study.axis_placeholder`): that no axis is
    shown, why, and how to name one in the study file with two frames of its own lexicon; "" for a study that
    names its axis."""
    if not study.axis_placeholder:
        return ""
    labels = study.frame_labels()
    pos, neg = study.axis_poles
    why = (f"The frames given on the command line or in the notebook parameters (--frames / frames=) do not hold "
           f"the two frames the study “{safe.md(study.settings.study.name)}” names for its axis (axis.positive and "
           f"axis.negative), so that axis was dropped" if study.settings.axis_dropped else
           f"The study “{safe.md(study.settings.study.name)}” does not name the two frames of its axis")
    return (f"**No story axis.** {why}, so the only axis it has is a placeholder, the first two frames of the lexicon "
            f"(*{safe.md(labels[pos])}* vs *{safe.md(labels[neg])}*), which says nothing about this story; it is "
            f"not shown. To place each {safe.md(study.group_label)} between two frames of your story, name them "
            f"by their ids in the {safe.md('[axis]')} section of your study file: positive = \"{safe.md(pos)}\" "
            f"(the frame at +1) and negative = \"{safe.md(neg)}\" (the frame at −1), or any two of the lexicon's "
            f"frames ({safe.md(', '.join(labels))}; README, \"Your own study\").")


def no_time_view(study: Study) -> str:
    """Markdown for report 04 when it has no view over time: that no article is dated (:attr:`Study.undated`),
    or that the dated ones fall in a single week or month."""
    if study.undated:
        return f"{safe.md(study.undated[0].upper() + study.undated[1:])}, so there is no time view."
    return "The dated articles fall in a single week or month, so there is no time view."


def lexicon_warning(study: Study, warnings: list[str]) -> str:
    items = "\n".join(f"- {safe.md(w)}" for w in warnings)
    return ("**The lexicons may not fit this corpus.**\n\n" + items +
            "\n\nDictionary counts from a lexicon written for another story measure mostly noise. Write your own "
            "frame and actor lexicons (README, \"Your own study\") and name them in a study file.")


def disabled_warning(notes: list[str]) -> str:
    """Markdown: the patterns of the study's files disabled in this run, each with its file, key and problem."""
    items = "\n".join(f"- {safe.md(n)}" for n in notes)
    return ("**Patterns disabled in this run.** Each ran away on some text (or could not be run) and was left out: "
            "the tables below are computed without it.\n\n" + items)


def start(study_file: str | Path | None = None, *, figures_dir=None, tables_dir=None, data=None,
          **overrides) -> tuple[Study, Page]:
    """Open the study for a report notebook (``None`` parameters keep the study file's values).

    A notebook runs in ``notebooks/``, so relative paths in its parameters
    (``study_file``, the ``overrides``) are read from the project root, as the
    command line and ``make`` read them from where they are run; ``make
    report`` passes absolute paths.
    """
    plots.use_style()
    extra = overrides.pop("overrides", None) or {}
    overrides = resolve_overrides({**overrides, **extra}, base=paths.ROOT)
    if study_file:
        study_file = study_path(study_file)
        study_file = study_file if study_file.is_absolute() else paths.ROOT / study_file
    study = open_study(study_file, data=data, **overrides)
    return study, Page(study, figures_dir, tables_dir)
