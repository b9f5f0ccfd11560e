"""Command line: ``python -m analysis ingest|analyse|report|run|export|coding|lexicon|validity``.

The library logs; this module decides what the user sees.  Every command
reads the same study settings (``--study FILE``) and takes the overrides
(``--corpus``, ``--frames``, ``--actors``, ``--by``, the ingest options...)
that change what it does (:data:`TAKES`), so ``ingest``, ``analyse`` and
every report see one set of settings and no option is ignored silently.
Expected problems are :class:`~analysis.errors.AnalysisError`: caught once
here, shown as a message naming the file and the problem, exit status 2.
Paths on the command line are relative to the working directory it runs in;
a log message is shown once however often the library repeats it.
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from pathlib import Path

from . import lexicons, paths
from .errors import AnalysisError, ReportError, check_choice

log = logging.getLogger("analysis.cli")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _number(kind: type, section: str = "", name: str = "", low: float = 0, high: float = 0, words: str = ""):
    """An argparse ``type`` reading a whole number (``kind`` int) or a number (float) and checking its range:
    a study setting's range from :data:`analysis.settings.RANGES` (``section``, ``name``), or ``low`` to
    ``high`` inclusive described by ``words``.  A bad value is refused as a usage error naming the flag."""
    noun = "a whole number" if kind is int else "a number"

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None
        if section:
            from .settings import out_of_range
            problem = out_of_range(section, name, value)
        else:
            problem = None if math.isfinite(value) and low <= value <= high else words
        if problem:
            raise argparse.ArgumentTypeError(f"{text} is out of range; it must be {problem}")
        return value

    parse.__name__ = kind.__name__            # argparse names the type in its own messages
    return parse


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line naming the flag (``--max-mb``), exit status 2, as every other error; an
    argument the subcommand does not take comes with the one it does (:func:`unrecognized_hint`)."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        if extras:   # said by the chosen subcommand's parser, so the message names the command
            _command(self, namespace)[1].error(
                f"unrecognized arguments: {' '.join(extras)}{unrecognized_hint(self, namespace, extras)}")
        return namespace


def _command(parser: argparse.ArgumentParser, namespace) -> tuple[str, argparse.ArgumentParser]:
    """The subcommand the arguments chose (``"coding sample"``) and its parser."""
    names = []
    while True:
        sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        chosen = getattr(namespace, sub.dest, None) if sub else None
        if chosen not in (sub.choices if sub else {}):
            return " ".join(names), parser
        names.append(chosen)
        parser = sub.choices[chosen]


def unrecognized_hint(parser: argparse.ArgumentParser, namespace, extras: list[str]) -> str:
    """"; did you mean --study?" for arguments the chosen subcommand does not take: a flag spelt
    nearly alike (``--studdy``), ``--corpus FOLDER`` for a folder given where the corpus is a flag, or the
    folder as first argument where ``--corpus`` is not a flag; "" when none fits."""
    import difflib

    command, sub = _command(parser, namespace)
    flags = {o: a for a in sub._actions for o in a.option_strings if o.startswith("--")}
    positional = {a.dest for a in sub._actions if not a.option_strings}
    hints, skip = [], False
    for token in extras:
        if skip:
            skip = False
            if not token.startswith("-"):
                continue
        flag, given_value = token.partition("=")[0], "=" in token
        if not token.startswith("-"):
            if "--corpus" in flags:
                hints.append(f"--corpus {token} (`{command}` takes the corpus folder as --corpus)")
            continue
        close = difflib.get_close_matches(flag, list(flags), n=1, cutoff=0.75)
        if flag == "--corpus" and "corpus" in positional:
            hints.append(f"the corpus folder as first argument, without --corpus (`python -m analysis {command} "
                         "CORPUS`)")
        elif close:
            hints.append(close[0])
        # the value after the flag (an unknown flag's too) is not a second mistake
        takes_value = flags[close[0]].nargs != 0 if close else True
        skip = takes_value and not given_value
    return f"; did you mean {' and '.join(hints)}?" if hints else ""


def _overrides(args) -> dict:
    """Settings overrides from the flags that were given (absent flags keep the study file's values)."""
    o = {
        "corpus": getattr(args, "corpus", None),
        "frames": getattr(args, "frames", None) or None,
        "axis_positive": getattr(args, "axis_positive", None),
        "axis_negative": getattr(args, "axis_negative", None),
        "actors": getattr(args, "actors", None),
        "by": getattr(args, "by", None) or None,
        "rules": (["default", *args.rules] if getattr(args, "rules", None) else None),
        "sources": getattr(args, "sources", None),
        "max_mb": getattr(args, "max_mb", None),
        "near_duplicate_threshold": getattr(args, "near_duplicate_threshold", None),
        "k": getattr(args, "k", None),
        "engine": getattr(args, "engine", None),
    }
    if getattr(args, "count_copies", False):
        o["count_copies"] = True
    if getattr(args, "no_news_register", False):
        o["news_register"] = False
    from .settings import resolve_overrides
    return resolve_overrides({k: v for k, v in o.items() if v is not None})


def _settings(args, corpus_folder: str | None = None):
    """The study settings for a command.  ``corpus_folder``: where already ingested tables came from, so that
    a command given only tables (``analyse --data``) picks the study the same way as one given a folder."""
    from .settings import load_settings
    overrides = _overrides(args)
    if corpus_folder and not getattr(args, "study", None) and "corpus" not in overrides:
        overrides["corpus"] = corpus_folder
    settings = load_settings(getattr(args, "study", None), overrides)
    if getattr(args, "corpus", None) is not None:        # said as given: the argument, not the settings key
        from .corpus.readers import check_corpus_folder
        check_corpus_folder(settings.corpus, args.corpus_named_by)
    return settings


def _checked_study(args, progress: bool = True, corpus=None, data: Path | None = None, settings=None):
    """The study, checked once against its corpus and lexicons (:meth:`~analysis.reporting.study.Study.check`):
    a lexicon that does not read, or a setting naming a column or frame that does not exist, is an error.
    ``corpus``: tables already read or built (``data``: the folder they were read from); ``settings``: already
    loaded for them."""
    from .reporting.study import Study

    if settings is None:
        settings = _settings(args, corpus.provenance.get("corpus_folder") if corpus is not None else None)
    study = Study(settings, data=data, progress=progress)
    if corpus is not None:
        study.corpus = corpus                   # read or built once, by the caller
    study.check()
    return study


class _Once(logging.Filter):
    """Show each log message once (a library warning repeated for every table is one cause)."""

    def __init__(self):
        super().__init__()
        self.seen = set()

    def filter(self, record):
        key = (record.name, record.levelno, record.getMessage())
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


class _Below(logging.Filter):
    """Hide a library's records below ``level`` (the Dask engine's cluster logs its start and stop at INFO)."""

    def __init__(self, name: str, level: int):
        super().__init__()
        self.prefix, self.level = name, level

    def filter(self, record):
        return record.levelno >= self.level or not record.name.startswith(self.prefix)


def _missing_package(name: str, argv: list[str]) -> str:
    """What to do when a package the command needs is not installed: most often the command was run with a
    Python other than the project's environment (``python3 -m analysis`` before ``make venv``)."""
    import shlex
    venv = paths.ROOT / ".venv"
    at_root = Path.cwd().resolve() == paths.ROOT.resolve()
    python = Path(".venv", "bin", "python") if at_root else venv / "bin" / "python"
    where = "" if at_root else f" in {paths.ROOT}"
    again = f"`{python} -m analysis {shlex.join(argv)}`"
    if Path(sys.prefix).resolve() == venv.resolve():
        return (f"the Python module '{name}' is missing from the project's environment ({venv}): install it again "
                f"with `{python} -m pip install -e '.[dev,dask]'`{where}, then run {again}")
    return (f"the Python module '{name}' is not installed for this Python ({sys.executable}): set up the project's "
            f"environment with `make venv`{where}, then run {again}")


def _print_report(corpus, out: Path | None, count_copies: bool = False) -> None:
    from .reporting.findings import counted_phrase, plural

    counts = corpus.report["status"].value_counts()
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("ok", "duplicate", "skipped", "error"))
    arts = corpus.articles
    print(f"{plural(len(arts), 'article')} from {plural(arts['source_label'].nunique(), 'source')} "
          f"({counted_phrase(arts, corpus.counted(count_copies))}); "
          f"{plural(len(corpus.sentences), 'sentence')}; {plural(len(corpus.removed), 'boilerplate line')} removed")
    print(f"ingest report: {summary}" + (f"  ->  {out / 'ingest_report.csv'}" if out else ""))
    for row in corpus.problems().itertuples():
        print(f"  {row.status:8} {row.path}: {row.reason}", file=sys.stderr)


def _strict(args, corpus) -> int:
    n = len(corpus.problems())
    if getattr(args, "strict", False) and n:
        print(f"--strict: {n} input problem(s) listed above", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_ingest(args) -> int:
    from .corpus import build_corpus
    from .reporting.study import Study

    settings = _settings(args)
    Study(settings, progress=False).check_files()              # a lexicon typo is said before any file is read
    corpus = build_corpus(settings.corpus, settings, progress=True)
    _checked_study(args, corpus=corpus, settings=settings)     # the study's settings fit these tables
    corpus.provenance["corpus_key"] = None
    corpus.write(args.out)
    _print_report(corpus, Path(args.out), settings.compare.count_copies)
    return _strict(args, corpus)


def _built(study) -> dict[str, int]:
    """Compute every measure of the study once (rows per table), saying which could not be computed and why
    (each cause once, with the measures it stopped)."""
    from .reporting.caveats import by_cause
    rows = study.build()
    for why, names in by_cause(study.skipped).items():
        print(f"warning: {', '.join(names)} not computed: {why}", file=sys.stderr)
    for note in study.disabled_patterns():
        print(f"warning: {note}", file=sys.stderr)
    return rows


def cmd_analyse(args) -> int:
    from .corpus import Corpus
    from .errors import CorpusError

    if args.data is None:                       # the study's corpus, in the cache `run` and `make report` fill
        study = _checked_study(args)
        corpus = study.corpus
    elif given := [f"--{name.replace('_', '-')}" for name in INGEST_OPTIONS if getattr(args, name, None) is not None]:
        # the tables are read as ingested: how to read the corpus would change nothing
        print(f"error: analyse --data reads tables already ingested, so {' and '.join(given)} would change "
              f"nothing: give {'them' if len(given) > 1 else 'it'} to `ingest`, or leave out --data",
              file=sys.stderr)
        return EXIT_USAGE
    else:
        try:
            corpus = Corpus.load(args.data)
        except CorpusError as exc:
            raise CorpusError(f"{exc}; or leave out --data to analyse the study's corpus (--study, --corpus) "
                              "where `run` and `make report` keep its tables") from None
        study = _checked_study(args, corpus=corpus, data=args.data)
    for name, n in _built(study).items():
        print(f"{name}: {n} rows -> {Path(corpus.location) / (name + '.parquet')}")
    return EXIT_OK


# names a report set writes into its folder: a corpus folder named so gets its reports under another name
REPORT_SET_NAMES = ("tables", "figures")


def _reports_folder(args, settings) -> Path:
    """Where ``run`` and ``report`` write: the folder given (``--reports`` / ``--out``); else ``reports/`` for the
    corpus the study file names, and ``reports/NAME/`` for another corpus folder named on the command line (NAME:
    its folder's name; ``NAME-reports`` where a report set writes a folder of that name), so that reports of
    other pages never replace the study's."""
    given = getattr(args, "reports", None) if hasattr(args, "reports") else getattr(args, "out", None)
    if given is not None:
        return Path(given).resolve()
    if getattr(args, "corpus", None) is not None and "study.corpus" in settings.overridden:
        from .settings import load_settings
        own = load_settings(settings.source).corpus if settings.source != "defaults" else None
        if own is None or own.resolve() != settings.corpus.resolve():
            name = settings.corpus.resolve().name or "corpus"
            return paths.REPORTS / (f"{name}-reports" if name in REPORT_SET_NAMES else name)
    return paths.REPORTS


def _made_by(folder: Path) -> tuple[str, str] | None:
    """The study and corpus folder the reports in ``folder`` were made from (its ``provenance.json``); None
    when it holds no report set."""
    import json
    try:
        made = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
        return str(made["study"]), str(made["corpus_folder"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _replacing(out: Path, settings, force: bool) -> str:
    """What writing ``settings``' reports into ``out`` replaces: "" when the folder holds no reports or those
    of the same study (by name) on the same corpus folder; the reports of another study or corpus are replaced
    only with ``force`` (then their description is returned), else a :class:`SettingsError` says what the
    folder holds and how to keep it."""
    from .errors import SettingsError
    made = _made_by(out)
    if made is None or (made[0] == settings.study.name
                        and Path(made[1]).resolve() == settings.corpus.resolve()):
        return ""
    held = f"the reports of '{made[0]}' on {made[1]}"
    if not force:
        raise SettingsError(f"{out} holds {held}, and these are the reports of '{settings.study.name}' on "
                            f"{settings.corpus}: give them a folder of their own with --reports FOLDER (make: "
                            "OUT=FOLDER), or replace those with --force (make: FORCE=1)")
    return held


def _render(args, study, out: Path, replacing: str = "") -> int:
    """Render the reports of a built study into ``out``; what failed is listed, exit status 1.  ``replacing``:
    the reports of another study or corpus this set replaces (:func:`_replacing`), said when it does."""
    from .reporting.render import render

    out = Path(out).resolve()
    try:
        result = render(study, out, with_code=args.with_code, progress=True, force=getattr(args, "force", False),
                        only=getattr(args, "only", None))
    except ReportError as exc:
        for name, error in exc.failures.items():
            print(f"error: report {name} failed: {error}", file=sys.stderr)
        written = getattr(exc, "written", [])
        if written:
            print(f"{len(written)} of {len(written) + len(exc.failures)} reports written (the failed ones show "
                  f"their error); open {out / 'index.html'}", file=sys.stderr)
        else:
            print(f"no report was written; {out} keeps its previous reports", file=sys.stderr)
        return EXIT_PROBLEMS
    done = "written to" if result.rendered or result.failures else "in"       # an unchanged set is not written
    print(f"reports {done} {out}" + (f", replacing {replacing}" if replacing else ""))
    print(result.summary())
    return EXIT_OK


def cmd_report(args) -> int:
    from .reporting.render import check_only
    check_only(args.only)
    settings = _settings(args)
    out = _reports_folder(args, settings)
    replacing = _replacing(out, settings, args.force)     # said before anything is read or computed
    study = _checked_study(args, settings=settings)
    _built(study)
    return _render(args, study, out, replacing)


def cmd_run(args) -> int:
    from .reporting.render import check_only
    check_only(args.only)
    settings = _settings(args)
    out = _reports_folder(args, settings)
    replacing = _replacing(out, settings, args.force)     # said before anything is read or computed
    study = _checked_study(args, settings=settings)
    corpus = study.corpus                       # ingested once, cached by content
    _print_report(corpus, corpus.location, study.settings.compare.count_copies)
    if (rc := _strict(args, corpus)):
        return rc
    _built(study)
    print(f"tables: {corpus.location}")
    return _render(args, study, out, replacing)


def cmd_export(args) -> int:
    from .reporting.caveats import by_cause
    from .reporting.export import export_tables

    study = _checked_study(args)
    written = export_tables(study, Path(args.out), formats=args.format)
    for path in written:
        print(path)
    for why, names in by_cause(written.empty).items():
        print(f"empty (header only): {', '.join(names)}: {why}")
    for why, names in by_cause(written.failed).items():
        print(f"warning: not exported: {', '.join(names)}: {why}", file=sys.stderr)
    return EXIT_OK


def cmd_coding_sample(args) -> int:
    from .corpus.coding import write_sheet
    from .reporting.findings import plural

    study = _checked_study(args)
    v = study.settings.validity
    sample = study.coding_sample(args.n, args.seed)
    path = write_sheet(sample, list(study.frame_labels()), args.out, codebook=study.frames, coder=args.coder)
    print(f"{len(sample)} sentences to code for {len(study.frame_labels())} frames -> {path}")
    if len(sample) < args.n:
        print(f"  {args.n:,} sentences were asked for (--n) and the corpus has {plural(len(sample), 'sentence')} to "
              f"code (its articles that count, copies once): the sheet holds every one")
    test = sample.loc[sample["part"] == "test", "article_id"].nunique()
    print(f"split by article (test share {v.test_share}, seed {v.split_seed}, column 'part'): "
          f"{(sample['part'] == 'development').sum()} sentences to develop with, {(sample['part'] == 'test').sum()} "
          f"of {test} article(s) frozen as the test part")
    return EXIT_OK


def cmd_coding_check(args) -> int:
    from .compare.agreement import alpha
    from .corpus.coding import read_sheets

    if not (args.study or args.frames):
        print("error: coding check needs the study the sheets were coded for, to check their frame columns and "
              "sentences: --study FILE (the bundled study of data/raw: --study iraq_coalition), or "
              "--frames TOML --corpus DIR", file=sys.stderr)
        return EXIT_USAGE
    study = _checked_study(args, progress=False)
    frames = list(study.frame_labels())
    v = study.settings.validity
    coded = read_sheets(args.sheets, frames, study.sentences, test_share=v.test_share, split_seed=v.split_seed,
                        split_by=v.split_by)
    print(f"{coded['unit_id'].nunique()} sentences, {coded['coder'].nunique()} coder(s): every row valid")
    parts = coded.drop_duplicates("unit_id").groupby("part")["article_id"].agg(["size", "nunique"])
    print("; ".join(f"{p} part: {r['size']} sentences of {r['nunique']} article(s)" for p, r in parts.iterrows()))
    if coded["coder"].nunique() > 1:
        per_unit = coded.groupby("unit_id")["coder"].nunique()
        shared = int((per_unit > 1).sum())
        if not shared:
            print("  the coders coded no sentence in common, so their agreement cannot be measured: give every coder "
                  "the same sheet (the same sample and seed)")
            return EXIT_OK
        print(f"  {shared} sentence(s) coded by more than one coder")
        for f in frames:
            wide = coded.pivot_table(index="unit_id", columns="coder", values=f, aggfunc="first")
            a = alpha(wide.T.to_numpy(dtype=float))
            shown = f"{a:.3f}" if a == a else "not defined (every coder gave the same code to every shared sentence)"
            print(f"  {f:28} alpha between coders {shown}")
    return EXIT_OK


def cmd_lexicon_suggest(args) -> int:
    import pandas as pd

    from .io import write_csv
    from .measures.lexicon_assistant import size_caveat, suggest_terms
    from .reporting.intervals import number

    study = _checked_study(args)               # a mistake in the study is said here too, not only by the others
    lex = study.frame_lexicons[0]
    for frame in args.frame or ():
        check_choice("--frame", frame, list(lex.frames), f"a frame of {lex.source or lex.name}")
    table = suggest_terms(study.sentences, lex, args.frame, n=args.n, tokenizer=study.tokenizer())
    if caveat := size_caveat(len(study.sentences)):
        print(f"caution: {caveat}; read the candidates as leads to check, not as findings", file=sys.stderr)
    for fid, why in table.attrs.get("no_candidates", {}).items():
        print(f"\n{fid}: no candidates: {why}")
    for fid, rows in table.groupby("frame", sort=False):
        print(f"\n{fid}: candidates (score = similarity to the frame's terms in this corpus; "
              f"sentences holding the term / of which the frame already evokes)")
        frame_caveat = rows["caveat"].iloc[0].split("; ")[-1] if rows["caveat"].iloc[0] else ""
        if frame_caveat.startswith("the frame"):
            print(f"  ({frame_caveat})")
        for r in rows.itertuples():
            also = f"  already a term of: {r.other_frames}" if r.other_frames else ""
            score = number(r.score, "{:.3f}")      # the report's form: a real minus, never "-0.000"
            print(f"  {r.term:24} {score:>6}  {r.n_sentences:4d} / {r.n_with_frame:<4d}{also}")
            for line in r.examples:
                print(f"      {line}")
    if args.out:
        none = pd.DataFrame([{"frame": f, "term": "", "caveat": f"no candidates: {why}"}
                             for f, why in table.attrs.get("no_candidates", {}).items()], columns=table.columns)
        rows = table.assign(examples=table["examples"].str.join(" || "))
        write_csv(pd.concat([rows, none.assign(examples="")], ignore_index=True).assign(accept=""), args.out)
        print(f"\n{len(table)} suggestions -> {args.out}")
    print(f"\nnothing was added: put the terms you accept in {lex.source or lex.name} and check them against coded sentences")
    return EXIT_OK


def cmd_validity(args) -> int:
    from .reporting import validity

    if args.update_readme:
        changed = validity.update_readme()
        print("README.md Validity section " + ("updated" if changed else "already up to date"))
    elif args.markdown:
        print(validity.readme_section())
    else:
        print(validity.listing())
    return EXIT_OK


STUDY_OPTIONS = ("frames", "axis_positive", "axis_negative", "actors", "by", "count_copies", "k", "no_news_register",
                 "engine")
AXIS_OPTIONS = ("axis_positive", "axis_negative")   # the axis is drawn by the reports, from the measures
INGEST_OPTIONS = ("rules", "sources", "max_mb", "near_duplicate_threshold")   # how the corpus is read, into the cache
# the options each command takes: one it would ignore is not defined for it, so argparse refuses it (exit status 2)
TAKES = {
    "ingest": {"engine", *INGEST_OPTIONS, "strict"},     # the lexicons change measures, not the corpus tables
    "analyse": {*STUDY_OPTIONS, *INGEST_OPTIONS} - {"by", *AXIS_OPTIONS},
    "report": {*STUDY_OPTIONS, *INGEST_OPTIONS},
    "run": {*STUDY_OPTIONS, *INGEST_OPTIONS, "strict"},
    "export": {*STUDY_OPTIONS, *INGEST_OPTIONS},
    "coding sample": {"frames", "by", "count_copies", "engine", *INGEST_OPTIONS},   # nor the axis
    "coding check": {"frames", "engine", *INGEST_OPTIONS},
    "lexicon suggest": {"frames", "engine", *INGEST_OPTIONS},
}


def _study_options(p: argparse.ArgumentParser, command: str, corpus_flag: bool = True) -> None:
    """The study settings and ingest options ``command`` takes (:data:`TAKES`), added to its parser."""
    from .settings import STUDIES

    takes = TAKES[command]
    bundled = ", ".join(sorted(path.stem for path in STUDIES.glob("*.toml")))
    g = p.add_argument_group("study settings (override the study file)")
    g.add_argument("--study", metavar="TOML",
                   help=f"study settings file, or a bundled study's name ({bundled}). Default: the bundled Iraq "
                        "study (iraq_coalition) for its own corpus (data/raw), the generic study (Policy Frames "
                        "Codebook, no story actors) for any other corpus")
    if corpus_flag:
        g.add_argument("--corpus", type=Path, help="folder of input files (default: the study's corpus)")
    p.set_defaults(corpus_named_by="--corpus" if corpus_flag else "the CORPUS argument")
    options = {
        "frames": (["--frames"], dict(action="append", metavar="TOML",
                   help="frame lexicon (bundled name or file; repeatable; replaces the study's list; the "
                        "study's axis is kept when the first lexicon holds both its frames, else dropped)")),
        "axis_positive": (["--axis-positive"], dict(metavar="FRAME",
                          help="frame id at +1 on the frame axis (replaces the study's axis.positive; a frame of "
                               "the first frame lexicon)")),
        "axis_negative": (["--axis-negative"], dict(metavar="FRAME",
                          help="frame id at -1 on the frame axis (replaces the study's axis.negative; a frame of "
                               "the first frame lexicon)")),
        "actors": (["--actors"], dict(metavar="TOML", help="actor lexicon (bundled name or file; '' for none)")),
        "by": (["--by"], dict(action="append", metavar="COLUMN",
               help="grouping column to compare (repeatable; default source_label)")),
        "count_copies": (["--count-copies"], dict(action="store_true",
                         help="count every copy of syndicated articles")),
        "k": (["--k"], dict(type=_number(int, "topics", "k"),
              help="number of topics, 1 to 200; 0 (the default, as k = \"auto\" in a study) chooses k from "
                   "coherence and stability")),
        "no_news_register": (["--no-news-register"], dict(action="store_true",
                             help="plain VADER, without the news-register list")),
        "engine": (["--engine"], dict(choices=["local", "dask"],
                   help="where the per-article work runs: this process (local, the default) or a Dask cluster "
                        "(the study's [engine] section; README: Large corpora)")),
        "strict": (["--strict"], dict(action="store_true",
                   help="exit with status 1 if any input was skipped or failed")),
        "rules": (["--rules"], dict(action="append", metavar="TOML",
                  help="extra boilerplate rules file (repeatable); 'replace = true' in it drops the defaults")),
        "sources": (["--sources"], dict(metavar="TOML",
                    help="extra known agencies and outlets, added to the bundled list; 'replace = true' in it "
                         "replaces the bundled list instead")),
        "max_mb": (["--max-mb"], dict(type=_number(float, "ingest", "max_mb"),
                   help="skip input files larger than this (default 20 MB)")),
        "near_duplicate_threshold": (["--near-duplicate-threshold"], dict(
            type=_number(float, "ingest", "near_duplicate_threshold"),
            help="share of 5-word phrases two articles must share to be grouped as copies (default 0.8)")),
    }
    i = p.add_argument_group("ingest options")
    for name, (flags, kwargs) in options.items():
        if name in takes:
            (g if name in STUDY_OPTIONS else i).add_argument(*flags, **kwargs)


REPORTS_DEFAULT = ("Default: reports/ for the corpus the study names, reports/NAME/ for another corpus folder NAME; "
                   "a folder holding the reports of another study or corpus is not replaced without --force")
FORCE_HELP = ("render every report even when its inputs have not changed, and replace a folder's reports of "
              "another study or corpus")


def build_parser() -> argparse.ArgumentParser:
    from .schema import SAMPLE_SEED, SAMPLE_SIZE

    parser = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0].replace("``", ""))
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read a folder of articles into corpus tables")
    p.add_argument("corpus", type=Path, nargs="?", metavar="CORPUS",
                   help="folder of input files (default: the study's corpus)")
    p.add_argument("--out", type=Path, required=True,
                   help="folder for articles/sentences/removed.parquet and ingest_report.csv")
    _study_options(p, "ingest", corpus_flag=False)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("analyse", aliases=["analyze"], help="compute the measures beside the corpus tables")
    p.add_argument("--data", type=Path,
                   help="folder written by `ingest` (default: the study's corpus, ingested once and kept where "
                        "`run` and `make report` keep it, data/processed/cache/corpus-KEY/)")
    _study_options(p, "analyse")
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("report", help="execute the notebooks and render HTML reports")
    p.add_argument("--out", "--reports", dest="out", type=Path,
                   help=f"folder for the HTML reports (--reports is the same, as in run). {REPORTS_DEFAULT}")
    p.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--only", action="append", metavar="NAME",
                   help="render only this report (repeatable; e.g. 01-corpus); the others are left out of the set")
    _study_options(p, "report")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("run", help="ingest, analyse and report in one go")
    p.add_argument("corpus", type=Path, nargs="?", metavar="CORPUS",
                   help="folder of input files (default: the study's corpus)")
    p.add_argument("--reports", "--out", dest="reports", type=Path,
                   help=f"folder for the HTML reports (--out is the same, as in report). {REPORTS_DEFAULT}")
    p.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--only", action="append", metavar="NAME",
                   help="render only this report (repeatable; e.g. 01-corpus); the others are left out of the set")
    _study_options(p, "run", corpus_flag=False)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("export", help="write every table the reports show as CSV (and Excel)")
    p.add_argument("--out", type=Path, default=paths.DATA_PROCESSED / "export", help="folder for the tables")
    p.add_argument("--format", action="append", choices=["csv", "xlsx"], help="csv (default) and/or xlsx")
    _study_options(p, "export")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("coding", help="hand-coding sheets: draw a sample to code, or check coded sheets")
    coding = p.add_subparsers(dest="coding_command", required=True)
    c = coding.add_parser("sample", help="write a stratified, seeded sample of sentences to code (.csv or .xlsx)")
    c.add_argument("--out", type=Path, required=True, help="the sheet to write (.csv or .xlsx)")
    c.add_argument("--n", type=_number(int, low=1, high=1_000_000, words="1 to 1,000,000 sentences"),
                   default=SAMPLE_SIZE, help=f"sentences in the sample (default {SAMPLE_SIZE}, as report 05's sheet)")
    c.add_argument("--seed", type=_number(int, "topics", "seed"), default=SAMPLE_SEED,
                   help=f"seed of the sample (default {SAMPLE_SEED}, as report 05's sheet)")
    c.add_argument("--coder", default="", help="the coder's name, written in the sheet")
    _study_options(c, "coding sample")
    c.set_defaults(func=cmd_coding_sample)
    c = coding.add_parser("check", help="validate coded sheets (and give the agreement between coders)")
    c.add_argument("sheets", type=Path, nargs="+", help="one coded sheet per coder")
    _study_options(c, "coding check")
    c.set_defaults(func=cmd_coding_check)

    p = sub.add_parser("lexicon", help="help with the study's frame lexicon")
    lexicon = p.add_subparsers(dest="lexicon_command", required=True)
    c = lexicon.add_parser("suggest", help="terms of the corpus close to a frame's terms, with their contexts, to review")
    c.add_argument("--frame", action="append", help="frame id (repeatable; default every frame of the study's lexicon)")
    c.add_argument("--n", type=_number(int, low=1, high=10_000, words="1 to 10,000 candidates"), default=20,
                   help="candidates per frame (default 20)")
    c.add_argument("--out", type=Path, help="also write the suggestions as CSV, with an empty 'accept' column")
    _study_options(c, "lexicon suggest")
    c.set_defaults(func=cmd_lexicon_suggest)

    p = sub.add_parser("validity", help="print (or write into README) the validation figures from benchmarks/results")
    p.add_argument("--update-readme", action="store_true")
    p.add_argument("--markdown", action="store_true", help="print README's Validity section instead of the list")
    p.set_defaults(func=cmd_validity)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    once, handlers = _Once(), list(logging.getLogger().handlers)
    dask_logs = _Below("distributed", logging.WARNING if args.verbose < 2 else logging.DEBUG)
    for handler in handlers:
        handler.addFilter(once)
        handler.addFilter(dask_logs)
    try:
        with lexicons.one_version():            # each lexicon, rules or sheet file read once per command
            return args.func(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:       # the reader of our output stopped (`... | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())    # so Python's flush of stdout at exit does not raise again
        return 0
    except OSError as exc:        # an output path that cannot be written: a file where a folder should be, /proc...
        from .corpus.readers import display_name
        where = exc.filename if exc.filename is not None else "an output path"
        print(f"error: cannot write {display_name(str(where))}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except ModuleNotFoundError as exc:   # a package of the environment, not of this project, is not installed
        if not exc.name or exc.name.partition(".")[0] == __package__.partition(".")[0]:
            raise
        print(f"error: {_missing_package(exc.name.partition('.')[0], argv)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        engine = sys.modules.get(f"{__package__}.engine")    # imported by a command that may have started one
        if engine is not None:
            engine.shutdown()                      # a Dask engine's cluster stops while its logs are filtered
        for handler in handlers:
            handler.removeFilter(once)
            handler.removeFilter(dask_logs)


if __name__ == "__main__":
    sys.exit(main())
