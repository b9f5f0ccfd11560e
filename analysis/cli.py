"""Command line: ``python -m analysis ingest|analyse|report|run``.

The library logs; this module decides what the user sees.  Expected problems
(bad input files, a missing folder, a malformed rules file) end with a clear
message and an exit code, never a traceback.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import paths

log = logging.getLogger("analysis.cli")

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """An error the user can fix; shown without a traceback."""


def _print_report(corpus, out: Path | None) -> None:
    counts = corpus.report["status"].value_counts()
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("ok", "duplicate", "skipped", "error"))
    arts = corpus.articles
    print(f"{len(arts)} articles from {arts['outlet'].nunique()} outlets "
          f"({int(arts['is_primary'].sum())} counted once duplicates are grouped); "
          f"{len(corpus.sentences)} sentences; {len(corpus.removed)} boilerplate lines removed")
    print(f"ingest report: {summary}" + (f"  ->  {out / 'ingest_report.csv'}" if out else ""))
    problems = corpus.problems()
    for row in problems.itertuples():
        print(f"  {row.status:8} {row.path}: {row.reason}", file=sys.stderr)


def cmd_ingest(args) -> int:
    from .corpus import build_corpus
    from .corpus.clean import RulesError

    try:
        corpus = build_corpus(args.corpus, rules_files=args.rules, sources_file=args.sources,
                              max_bytes=int(args.max_mb * 1024 * 1024),
                              near_duplicate_threshold=args.near_duplicate_threshold, progress=True)
    except (FileNotFoundError, RulesError) as exc:
        raise UserError(str(exc)) from exc
    corpus.write(args.out)
    _print_report(corpus, Path(args.out))
    n_problems = len(corpus.problems())
    if args.strict and n_problems:
        print(f"--strict: {n_problems} input problem(s) listed above", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_analyse(args) -> int:
    from .measures import run_measures

    try:
        written = run_measures(args.data, progress=True)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    for name, n in written.items():
        print(f"{name}: {n} rows -> {Path(args.data) / name}")
    return EXIT_OK


def cmd_report(args) -> int:
    from .report import render_reports

    corpus = Path(args.corpus) if args.corpus else paths.default_corpus()
    if not corpus.is_dir():
        raise UserError(f"corpus folder {corpus} does not exist")
    from .frames import FramesError
    from .report import ReportError

    try:
        index = render_reports(corpus, Path(args.out), with_code=args.with_code, progress=True,
                               count_copies=getattr(args, "count_copies", False),
                               frames_file=getattr(args, "frames", None))
    except FramesError as exc:
        raise UserError(str(exc)) from exc
    except ReportError as exc:
        for name, error in exc.failures.items():
            print(f"error: notebook {name} failed: {error}", file=sys.stderr)
        print(f"the other reports were written; open {Path(args.out) / 'index.html'}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"reports written; open {index}")
    return EXIT_OK


def cmd_run(args) -> int:
    corpus = Path(args.corpus) if args.corpus else paths.default_corpus()
    data = Path(args.data) if args.data else paths.DATA_PROCESSED
    rc = cmd_ingest(argparse.Namespace(corpus=corpus, out=data, strict=args.strict, rules=args.rules,
                                       sources=args.sources, max_mb=args.max_mb,
                                       near_duplicate_threshold=args.near_duplicate_threshold))
    if rc:
        return rc
    cmd_analyse(argparse.Namespace(data=data))
    return cmd_report(argparse.Namespace(corpus=corpus, out=args.reports, with_code=args.with_code,
                                         count_copies=args.count_copies, frames=args.frames))


def cmd_validity(args) -> int:
    from . import validity

    if args.update_readme:
        changed = validity.update_readme()
        print("README.md Validity section " + ("updated" if changed else "already up to date"))
    else:
        print(validity.readme_section())
    return EXIT_OK


def _ingest_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="exit with status 1 if any input was skipped or failed")
    p.add_argument("--rules", action="append", default=[], metavar="TOML",
                   help="extra boilerplate rules file (repeatable); `replace = true` in it drops the defaults")
    p.add_argument("--sources", metavar="TOML", help="replacement for the known agencies and outlets list")
    p.add_argument("--max-mb", type=float, default=20.0, help="skip input files larger than this (default 20 MB)")
    p.add_argument("--near-duplicate-threshold", type=float, default=0.8,
                   help="share of 5-word phrases two articles must share to be grouped as copies (default 0.8)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read a folder of articles into corpus tables")
    p.add_argument("corpus", type=Path, help="folder of input files (txt, html, csv, jsonl, manifest.csv)")
    p.add_argument("--out", type=Path, required=True, help="folder for articles/sentences/removed.parquet and ingest_report.csv")
    _ingest_options(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("analyse", aliases=["analyze"], help="compute the measures beside the corpus tables")
    p.add_argument("--data", type=Path, default=paths.DATA_PROCESSED, help="folder written by `ingest`")
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("report", help="execute the notebooks and render HTML reports")
    p.add_argument("--corpus", type=Path, help="folder of input files (default data/raw, or the demo corpus)")
    p.add_argument("--out", type=Path, default=paths.REPORTS, help="folder for the HTML reports (default reports/)")
    p.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument("--count-copies", action="store_true", help="count every copy of syndicated articles")
    p.add_argument("--frames", type=Path, metavar="TOML", help="your own frame dictionary (see README)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("validity", help="print (or write into README) the validation figures from benchmarks/results")
    p.add_argument("--update-readme", action="store_true")
    p.set_defaults(func=cmd_validity)

    p = sub.add_parser("run", help="ingest, analyse and report in one go")
    p.add_argument("corpus", type=Path, nargs="?", help="folder of input files (default data/raw, or the demo corpus)")
    p.add_argument("--data", type=Path, help="folder for the tables (default data/processed)")
    p.add_argument("--reports", type=Path, default=paths.REPORTS, help="folder for the HTML reports")
    p.add_argument("--count-copies", action="store_true", help="count every copy of syndicated articles")
    p.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument("--frames", type=Path, metavar="TOML", help="your own frame dictionary (see README)")
    _ingest_options(p)
    p.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
