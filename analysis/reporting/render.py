"""Execute the notebooks with a study's parameters and render stand-alone HTML reports.

Each report embeds its images, hides code unless asked, and loads nothing
from the network: widget state is stripped from the executed notebooks (it
would make nbconvert add a widget-manager script from a CDN), and every
``<script src>``, external stylesheet and remote URL the template adds is
removed; :func:`scan` checks a page for anything that would run or be
fetched.  ``index.html`` opens with what was compared (corpus, groups,
dates), lists the reports each with its "What this report found" lines (kept
in ``_set.json``, so a report left unchanged still gives its lines), then the
study's provenance (settings file, lexicon files and their hashes, package
version, corpus hash).  The set of reports is written as one :class:`~analysis.io.SwapFolder`:
real files (the folder can be zipped and sent), replaced whole, so a killed
run leaves the previous reports whole.

A report whose inputs have not changed is not rendered again: each page's
fingerprint (corpus and measure cache keys, settings and the files they name,
the notebook's source, the package version and code, the benchmark results
the reports quote) is kept in the folder's ``_set.json``.  A notebook that
fails gets a short page saying what went wrong, not a traceback.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import nbformat

from .. import paths
from ..errors import ReportError, check_choice
from ..io import SwapFolder, write_csv
from ..progress import tqdm
from ..settings import resolve_overrides, study_path
from ..corpus.readers import GENERATOR
from ..version import __version__, code_hash
from . import interactive, safe
from .caveats import by_cause

log = logging.getLogger(__name__)

_WIDGET = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# <script src=...>, external stylesheets, and the lab template's MathJax/mermaid/require loaders
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*(?:</script>)?", re.I)
_LINK_EXT = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_LOADERS = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?(?:mathjax|mermaid|require\.config|widget)"
                      r"(?:(?!</script>).)*</script>", re.I | re.S)
_CSS = """<style>
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td, :not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th {
  text-align: left; vertical-align: top; max-width: 48em; }
:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td.num { text-align: right; font-variant-numeric: tabular-nums; }
.jp-RenderedHTMLCommon table { font-size: 0.85em; }
body { max-width: 1100px; margin: 0 auto; }
details { margin: 0.3em 0 0.9em; }
details > summary { cursor: pointer; color: #333; }
</style>
"""
_NBCONVERT_ALT = 'alt="No description has been provided for this image"'


def notebooks(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The report notebooks, ``NN-name.ipynb``, in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def check_only(only: list[str] | None) -> None:
    """Refuse a report name of ``only`` (``--only``) that is none of :func:`notebooks`, with the names there are:
    said before anything is computed."""
    for name in only or ():
        check_choice("--only", name, [p.stem for p in notebooks()], "a report")


@contextlib.contextmanager
def _kernel(nb_path: Path):
    """The configuration a notebook's kernel is started with, for the duration of the block.

    The kernel talks to us over local IPC sockets (in a private temporary
    folder), not over TCP: nothing listens on a network port, and the kernel
    has no reason to warn that its traffic is unencrypted.  Inside the block
    the process's standard error goes to a log in that folder
    (:func:`_stderr_to`): the kernel inherits it, and on a busy machine its
    shutdown can print a harmless interrupt message or a closed-socket
    traceback.  When the block fails, the log's last lines are shown with
    the failure (which names the cell and its error): a kernel that died says
    why only there.
    """
    from traitlets.config import Config

    with tempfile.TemporaryDirectory(prefix="nf-kernel-") as sockets:
        config = Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(sockets, "kernel")}})
        kernel_log = Path(sockets) / "stderr.log"
        try:
            with _stderr_to(kernel_log):
                yield config
        except Exception:
            lines = (kernel_log.read_text(encoding="utf-8", errors="replace").splitlines()
                     if kernel_log.exists() else [])
            if lines:           # a kernel that died (out of memory, at start-up) says why only there
                log.error("standard error while %s ran (last %d lines):\n%s", nb_path.name, min(len(lines), 20),
                          "\n".join(lines[-20:]))
            raise


def execute(nb_path: Path, parameters: dict, out_path: Path) -> nbformat.NotebookNode:
    """Run one notebook with papermill, injecting ``parameters`` after its ``parameters`` cell, in a kernel
    started by :func:`_kernel`; the executed notebook is written to ``out_path`` and returned."""
    import papermill

    with _kernel(nb_path) as config:
        return papermill.execute_notebook(str(nb_path), str(out_path), parameters=parameters,
                                          cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                                          kernel_name="python3", config=config)


@contextlib.contextmanager
def _stderr_to(path: Path):
    """File descriptor 2 (this process's and every child's standard error) written to ``path`` inside the block."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(path, "ab") as f:
            os.dup2(f.fileno(), 2)
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _is_progress(output) -> bool:
    data = output.get("data", {})
    return output.get("name") == "stderr" or _WIDGET in data or _WIDGET_STATE in data


def strip_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop progress output and widget state (it belongs to the person running, not the reader)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if not _is_progress(o)]
            cell.metadata.pop("widgets", None)
    return nb


def _alts(nb: nbformat.NotebookNode) -> list[str]:
    return [o.get("metadata", {}).get("alt") or "figure"
            for cell in nb.cells if cell.get("cell_type") == "code"
            for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


class _AltSupplied(logging.Filter):
    # nbconvert warns that images lack alt text before _add_alt supplies it
    def filter(self, record):
        return "Alternative text is missing" not in record.getMessage()


def _add_alt(body: str, alts: list[str]) -> str:
    """Put each figure's own description where nbconvert left its placeholder (images come in output order)."""
    it = iter(alts)
    return re.sub(re.escape(_NBCONVERT_ALT), lambda _: f'alt="{html.escape(next(it, "figure"))}"', body)


# marks every page this package writes, so a report copied into a corpus folder is never read as an article
_GENERATOR_META = f'<meta name="generator" content="{GENERATOR} {__version__}">'


def to_html(nb: nbformat.NotebookNode, with_code: bool = False) -> str:
    """A stand-alone HTML page for an executed notebook (nothing loaded or fetched; one fixed script of
    ours sorts and filters its tables, see :mod:`analysis.reporting.interactive`)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = strip_widgets(nb)
    alts = _alts(nb)
    exporter = HTMLExporter(template_name="lab", exclude_input=not with_code,
                            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    exporter.log.addFilter(_AltSupplied())
    # the cells nbval compares print plain key numbers for the tests; readers get the tables and figures
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"nbval-check-output"}), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    body = _LOADERS.sub("", _LINK_EXT.sub("", _SCRIPT_SRC.sub("", body)))
    page = _add_alt(body, alts).replace("</head>", _GENERATOR_META + _CSS + "</head>", 1)
    return interactive.add(page)          # sortable, filterable tables; a policy that lets nothing else run


_URL_ATTR = re.compile(r"""\b(src|href|action|formaction|poster|data|srcset|xlink:href)\s*=\s*(["']?)([^"'\s>]*)""", re.I)
_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!data:image/)([^)'\"]+)", re.I)


def scan(page: str) -> list[str]:
    """Everything in an HTML page that would run or be fetched: scripts (but the report's own table script),
    script sources, event handlers,
    ``javascript:``/``data:`` links (embedded images aside), and any URL that loads a resource."""
    problems = interactive.foreign_scripts(page)     # every script but the report's own table script
    if _SCRIPT_SRC.search(page):
        problems.append("a <script src> element")
    if _HANDLER.search(page):
        problems.append("an inline event handler (on...=)")
    for attr, _, value in _URL_ATTR.findall(page):
        v = html.unescape(value).strip().lower()
        attr = attr.lower()
        if v.startswith(("javascript:", "vbscript:")):
            problems.append(f"a {v.split(':')[0]}: URL in {attr}")
        elif v.startswith("data:") and not (attr == "src" and v.startswith("data:image/")):
            problems.append(f"a data: URL in {attr}")
        elif attr != "href" and re.match(r"(?:https?:)?//", v):
            problems.append(f"a remote resource in {attr}: {value[:60]}")
    for value in _CSS_URL.findall(page):
        if re.match(r"\s*(?:https?:)?//", value):
            problems.append(f"a remote url() in a style: {value[:60]}")
    if re.search(r"<link\b[^>]*rel\s*=\s*[\"']?(?:stylesheet|preload|prefetch|import)[^>]*href\s*=\s*[\"']?(?:https?:)?//",
                 page, re.I):
        problems.append("an external stylesheet")
    return problems


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


FIRST_GROUPS = 5      # groups named in the index's "What was compared"; the rest are counted


def found_lines(nb: nbformat.NotebookNode) -> list[str]:
    """The Markdown lines of an executed report's "What this report found" block (:meth:`Page.found
    <analysis.reporting.notebook.Page.found>`), one per bullet; [] when the report shows none."""
    from .notebook import FOUND_HEADING
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            text = "".join(text) if isinstance(text, list) else text
            if not text.startswith(FOUND_HEADING):
                continue
            lines: list[str] = []
            for line in text[len(FOUND_HEADING):].strip().splitlines():
                if line.startswith("- "):
                    lines.append(line[2:])
                elif not line.strip():
                    if lines:
                        break           # the list ends
                elif lines:
                    lines[-1] += " " + line.strip()
            return lines
    return []


def compared(study) -> str:
    """HTML (every user-derived value escaped): what the reports compare — the corpus folder's name, how many
    articles, the grouping column and its groups (the first :data:`FIRST_GROUPS`, then how many more), and the
    dates the articles span when they carry any."""
    import pandas as pd

    from .findings import date_span, plural
    from .notebook import markdown_html
    counted = study.counted
    groups = [" · ".join(map(str, g)) for g in counted[study.by].drop_duplicates().itertuples(index=False)]
    groups = sorted(groups, key=str.casefold)
    named = "; ".join(safe.html_text(g) for g in groups[:FIRST_GROUPS])      # a group name may hold a comma
    more = f" and {len(groups) - FIRST_GROUPS} more" if len(groups) > FIRST_GROUPS else ""
    column = " × ".join(safe.code(c) for c in study.by)
    items = [f"Corpus folder {safe.code(Path(str(study.settings.corpus)).name)}: "
             f"{plural(len(study.articles), 'article')}, {len(counted)} counted",
             f"Grouped by {safe.html_text(study.group_label)} ({column}), "
             f"{plural(len(groups), safe.html_text(study.group_label))}" + (f": {named}{more}" if groups else "")]
    date = study.settings.compare.date
    if date in counted and pd.to_datetime(counted[date], errors="coerce", format="mixed", utc=True).notna().any():
        items.append(markdown_html(date_span(counted, date)))
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _found_html(lines: list[str]) -> str:
    """The found lines (Markdown built from :mod:`~analysis.reporting.safe` pieces by the report) as HTML."""
    from .notebook import markdown_html
    return markdown_html(safe.bullets(lines)) if lines else ""


def _index(entries: list[tuple[str, str, str, list[str]]], study) -> str:
    """``index.html``: what was compared, each report with the lines it found (``entries``: file, title, note,
    found lines), and how the reports were made."""
    prov = study.provenance()
    rows = "\n".join(f'<li>{safe.link(title, href)} <small>{safe.html_text(note)}</small>{_found_html(found)}</li>'
                     for href, title, note, found in entries)
    files = "\n".join(f"<li>{safe.html_text(r['kind'])}: <code>{safe.html_text(r['path'])}</code> "
                      f"<small>sha256 {safe.html_text(r['sha256'])}</small></li>" for r in prov["resources"])
    synthetic = ("<p><strong>This corpus is synthetic</strong> (fictional outlets, invented text).</p>"
                 if study.is_synthetic else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{_GENERATOR_META}<title>Framing reports: {safe.html_text(study.settings.study.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5;color:#222}}
dt{{font-weight:600}}dd{{margin:0 0 .5rem 0}}li{{margin:.3rem 0}}small{{color:#666}}</style></head>
<body><h1>Framing reports</h1>{synthetic}
<h2>What was compared</h2>
{compared(study)}
<h2>Reports, and what each found</h2><ol>
{rows}
</ol>
<h2>How they were made</h2>
<dl><dt>Study</dt><dd>{safe.html_text(study.settings.study.name)} <small>(settings: <code>{safe.html_text(Path(prov['settings_file']).name)}</code>)</small></dd>
<dt>Corpus</dt><dd><code>{safe.html_text(study.settings.corpus)}</code></dd>
<dt>Rendered</dt><dd>{dt.date.today().isoformat()}</dd><dt>Package version</dt><dd>{safe.html_text(__version__)} <small>(code {safe.html_text(prov['code_hash'])})</small></dd>
<dt>Data hash</dt><dd><code>{safe.html_text(prov['corpus_key'] or '')}</code> <small>(inputs, ingest settings, rules and code; corpus tables hash {safe.html_text(prov['corpus_hash'] or '')})</small></dd>
<dt>Lexicons and rules</dt><dd><details><summary>{len(prov['resources'])} files, each with its sha256 (click to show)</summary><ul>{files}</ul></details></dd></dl>
<p>Every table shown in the reports is in <a href="tables/">tables/</a> as CSV; the full settings and file hashes are in <a href="provenance.json">provenance.json</a>.</p>
</body></html>
"""


@dataclass
class Rendered:
    """What :func:`render` did: the reports rendered now, those kept because nothing changed, and failures."""

    out: Path
    rendered: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def index(self) -> Path:
        return self.out / "index.html"

    def summary(self) -> str:
        if not self.rendered and not self.failures:
            return (f"reports up to date: nothing changed since they were rendered, {len(self.unchanged)} kept "
                    f"(--force renders them again); open {self.index}")
        kept = f", {len(self.unchanged)} unchanged and kept" if self.unchanged else ""
        from .findings import plural
        return f"{plural(len(self.rendered), 'report')} rendered{kept}; open {self.index}"


def _failure(exc: BaseException) -> str:
    """One line saying why a notebook failed: the error raised in its cell, not papermill's traceback."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    text = f"{ename}: {evalue}" if ename else (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
    return re.sub(r"\x1b\[[0-9;]*m", "", text).strip()


def _error_page(title: str, name: str, error: str) -> str:
    """A short page for a report that could not be produced: what failed and how to see more."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{_GENERATOR_META}<title>{safe.html_text(title)}: not produced</title>
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5;color:#222}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:.8rem}}</style></head>
<body><h1>{safe.html_text(title)}</h1>
<p><strong>This report could not be produced.</strong> The notebook <code>{safe.html_text(name)}.ipynb</code> stopped with:</p>
<pre>{safe.html_text(error)}</pre>
<p>The other reports are listed in <a href="index.html">index.html</a>. To see the whole error, run the notebook in
JupyterLab (<code>make lab</code>) or render it again with <code>python -m analysis -vv report --force</code>.</p>
</body></html>
"""


def _sha(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


def notebook_source_hash(nb_path: Path) -> str:
    """Hash of a notebook's cells (source, type, tags), not of its stored outputs."""
    nb = nbformat.read(nb_path, as_version=4)
    return _sha([(c.cell_type, c.source, sorted(c.get("metadata", {}).get("tags", []))) for c in nb.cells])


def fingerprint_inputs(study, with_code: bool) -> dict:
    """Everything besides a notebook's own source that its report depends on."""
    from ..measures.registry import MEASURES
    from . import validity

    keys = {}
    for name in MEASURES:
        try:
            keys[name] = study.measure_keys.key(name)
        except Exception as exc:  # a measure that cannot be keyed is keyed by its error
            keys[name] = f"error: {exc}"
    libraries = {}
    for lib in ("pandas", "numpy", "matplotlib", "scikit-learn", "nbconvert", "papermill"):
        try:
            libraries[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            libraries[lib] = None
    s = study.settings
    return {"corpus_key": study.corpus.key or study.provenance().get("corpus_hash"), "measures": keys,
            "settings": s.digest(), "package_version": __version__, "code_hash": code_hash(),
            "benchmarks": validity.fingerprint(), "libraries": libraries, "with_code": with_code,
            "study": {"file": s.source, "base": str(s.base), "overridden": list(s.overridden)},
            "skipped": study.skipped or {}}


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else set()


def render(study=None, out: Path = paths.REPORTS, *, overrides: dict | None = None,
           with_code: bool = False, figures_dir: Path | None = None, progress: bool = False,
           only: list[str] | None = None, force: bool = False) -> Rendered:
    """Execute the notebooks for a study and write ``out/NN-name.html``, ``out/index.html`` and ``out/tables/``.

    ``study``: a :class:`~analysis.reporting.study.Study` (as the command
    line opened and built it), or a study file (None: the default study)
    opened here with ``overrides``; paths in a file name and the overrides
    are relative to the working directory (never to the notebooks' folder).
    The study is built once (:meth:`Study.build`: every measure computed
    before the notebooks run, nothing again if it was built already); each
    notebook kernel then opens it from the record the build writes (resolved
    settings, where the corpus and measures are stored), so no kernel reads
    the study file or hashes the inputs again.  Reports whose fingerprint
    matches the one stored with the current set are kept as they are (all of
    them: nothing is written) unless ``force``.  A notebook that fails does
    not stop the others: its page says what went wrong, and
    :class:`ReportError` lists it (with ``written``: the reports that were
    written); when none could be written the folder is unchanged.
    """
    from .study import Study, open_study

    out = Path(out).resolve()
    check_only(only)
    if not isinstance(study, Study):
        study_file = str(study_path(study).resolve()) if study else None
        study = open_study(study_file, progress=progress, **resolve_overrides(overrides))
    elif overrides:
        raise ValueError("overrides apply to a study file; a Study comes with its settings")
    study.check()                             # a bad setting, lexicon or axis fails here, naming its file
    if not study.built:                       # a caller that built the study said what it left out (the CLI)
        study.build()
        for why, names in by_cause(study.skipped).items():
            log.warning("measure %s not computed: %s", ", ".join(names), why)
    folder = SwapFolder(out)
    books = [p for p in notebooks() if not only or p.stem in only]
    base = fingerprint_inputs(study, with_code)
    wanted = {p.stem: _sha([base, notebook_source_hash(p), str(figures_dir)]) for p in books}
    before = folder.manifest().get("reports", {}) if out.is_dir() else {}
    same = {name for name, fp in wanted.items() if not force and before.get(name, {}).get("fingerprint") == fp
            and all((out / f).is_file() for f in before[name].get("files", []))}
    result = Rendered(out, unchanged=[p.stem for p in books if p.stem in same])
    if same == set(wanted) and (out / "index.html").is_file():
        return result
    record: dict = {"reports": {}}
    with folder.writing(info=record) as gen, tempfile.TemporaryDirectory() as tmp:
        built = study.write_record(Path(tmp) / "study.json")
        params = {"study_file": str(built), "overrides": {},
                  "figures_dir": str(Path(figures_dir or gen / "figures").resolve()),
                  "tables_dir": str((gen / "tables").resolve())}
        entries = []
        for nb_path in tqdm(books, desc="reports", unit="notebook", disable=not progress):
            name = nb_path.stem
            target = gen / f"{name}.html"
            if name in same:
                for f in before[name]["files"]:
                    (gen / f).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(out / f, gen / f)     # a copy: a later notebook may rewrite it
                record["reports"][name] = before[name]
                entries.append((target.name, before[name].get("title", name), nb_path.name,
                                before[name].get("found", [])))
                continue
            executed_path = Path(tmp) / nb_path.name
            seen = _files_under(gen)
            try:
                executed = execute(nb_path, params, executed_path)
            except Exception as exc:  # papermill's error names the cell; the rest of the reports still render
                result.failures[name] = _failure(exc)
                log.error("%s failed: %s", nb_path.name, result.failures[name])
                log.debug("%s", exc)                # the whole traceback, with -vv
                title = _title(nbformat.read(nb_path, as_version=4), name)
                target.write_text(_error_page(title, name, result.failures[name]), encoding="utf-8")
                entries.append((target.name, title, nb_path.name + " — FAILED: this report could not be produced", []))
                continue
            target.write_text(to_html(executed, with_code), encoding="utf-8")
            title = _title(executed, name)
            found = found_lines(executed)
            entries.append((target.name, title, nb_path.name, found))
            record["reports"][name] = {"fingerprint": wanted[name], "title": title, "found": found,
                                       "files": sorted(_files_under(gen) - seen)}
            result.rendered.append(name)
            log.info("rendered %s", target)
        if not result.rendered and not result.unchanged:
            err = ReportError(result.failures)
            err.written = []
            raise err                             # nothing worth showing: the previous reports stay
        (gen / "tables").mkdir(exist_ok=True)
        write_csv(study.table("articles"), gen / "tables" / "articles.csv")
        (gen / "provenance.json").write_text(json.dumps(study.provenance(), indent=1, default=str), encoding="utf-8")
        (gen / "index.html").write_text(_index(entries, study), encoding="utf-8")
    if result.failures:
        err = ReportError(result.failures)
        err.written = result.rendered + result.unchanged
        raise err
    return result


def render_reports(study=None, out: Path = paths.REPORTS, **kwargs) -> Path:
    """:func:`render`, returning the path of ``index.html``."""
    return render(study, out, **kwargs).index


def refresh(books: list[Path] | None = None) -> None:
    """Execute notebooks in place with their default parameters (to commit them with clean outputs), each in a
    kernel started by :func:`_kernel` as :func:`execute` starts it (``make notebooks``)."""
    from nbclient import NotebookClient

    for nb_path in books or notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        with _kernel(nb_path) as config:
            NotebookClient(nb, timeout=900, kernel_name="python3", config=config,
                           resources={"metadata": {"path": str(nb_path.parent)}}).execute()
        nbformat.write(strip_widgets(nb), nb_path)
        log.info("refreshed %s", nb_path)
