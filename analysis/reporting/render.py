"""Execute the notebooks with a study's parameters and render stand-alone HTML reports.

Each report embeds its images, hides code unless asked, and loads nothing
from the network: widget state is stripped from the executed notebooks (it
would make nbconvert add a widget-manager script from a CDN), and every
``<script src>``, external stylesheet and remote URL the template adds is
removed; :func:`scan` checks a page for anything that would run or be
fetched.  ``index.html`` lists the reports with the study's provenance
(settings file, lexicon files and their hashes, package version, corpus
hash).  The set of reports is written as one generation of an
:class:`~analysis.io.Store`: a killed run leaves the previous reports whole.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import tempfile
from pathlib import Path

import nbformat
from tqdm.auto import tqdm

from .. import paths
from ..errors import ReportError
from ..io import Store, write_csv
from ..version import __version__
from . import safe

log = logging.getLogger(__name__)

_WIDGET = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# <script src=...>, external stylesheets, and the lab template's MathJax/mermaid/require loaders
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*(?:</script>)?", re.I)
_LINK_EXT = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.I)
_LOADERS = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?(?:mathjax|mermaid|require\.config|widget)"
                      r"(?:(?!</script>).)*</script>", re.I | re.S)
_CSS = """<style>
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { text-align: left; vertical-align: top; max-width: 48em; }
.jp-RenderedHTMLCommon table { font-size: 0.85em; }
body { max-width: 1100px; margin: 0 auto; }
</style>
"""
_NBCONVERT_ALT = 'alt="No description has been provided for this image"'


def notebooks(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The report notebooks, ``NN-name.ipynb``, in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def execute(nb_path: Path, parameters: dict, out_path: Path) -> nbformat.NotebookNode:
    """Run one notebook with papermill, injecting ``parameters`` after its ``parameters`` cell."""
    import papermill

    return papermill.execute_notebook(str(nb_path), str(out_path), parameters=parameters,
                                      cwd=str(nb_path.parent), progress_bar=False, log_output=False,
                                      kernel_name="python3")


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


def to_html(nb: nbformat.NotebookNode, with_code: bool = False) -> str:
    """A stand-alone HTML page for an executed notebook (no scripts loaded, nothing fetched)."""
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
    return _add_alt(body, alts).replace("</head>", _CSS + "</head>", 1)


_URL_ATTR = re.compile(r"""\b(src|href|action|formaction|poster|data|srcset|xlink:href)\s*=\s*(["']?)([^"'\s>]*)""", re.I)
_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!data:image/)([^)'\"]+)", re.I)


def scan(page: str) -> list[str]:
    """Everything in an HTML page that would run or be fetched: script sources, event handlers,
    ``javascript:``/``data:`` links (embedded images aside), and any URL that loads a resource."""
    problems = []
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


def _index(entries: list[tuple[str, str, str]], study) -> str:
    prov = study.provenance()
    arts = study.articles
    rows = "\n".join(f'<li>{safe.link(title, href)} <small>{safe.html_text(note)}</small></li>'
                     for href, title, note in entries)
    files = "\n".join(f"<li>{safe.html_text(r['kind'])}: <code>{safe.html_text(r['path'])}</code> "
                      f"<small>sha256 {safe.html_text(r['sha256'])}</small></li>" for r in prov["resources"])
    synthetic = ("<p><strong>This corpus is synthetic</strong> (fictional outlets, invented text).</p>"
                 if study.is_synthetic else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Framing reports: {safe.html_text(study.settings.study.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5;color:#222}}
dt{{font-weight:600}}dd{{margin:0 0 .5rem 0}}li{{margin:.3rem 0}}small{{color:#666}}</style></head>
<body><h1>Framing reports</h1>{synthetic}
<dl><dt>Study</dt><dd>{safe.html_text(study.settings.study.name)} <small>(settings: <code>{safe.html_text(Path(prov['settings_file']).name)}</code>)</small></dd>
<dt>Corpus</dt><dd><code>{safe.html_text(study.settings.corpus)}</code> — {len(arts)} articles, {len(study.counted)} counted, from {study.counted[study.by].drop_duplicates().shape[0]} {safe.html_text(study.group_label)}s</dd>
<dt>Rendered</dt><dd>{dt.date.today().isoformat()}</dd><dt>Package version</dt><dd>{safe.html_text(__version__)} <small>(code {safe.html_text(prov['code_hash'])})</small></dd>
<dt>Data hash</dt><dd><code>{safe.html_text(prov['corpus_key'] or '')}</code> <small>(inputs, ingest settings, rules and code; corpus tables hash {safe.html_text(prov['corpus_hash'] or '')})</small></dd>
<dt>Lexicons and rules</dt><dd><ul>{files}</ul></dd></dl>
<h2>Reports</h2><ol>
{rows}
</ol>
<p>Every table shown in the reports is in <a href="tables/">tables/</a> as CSV; the full settings and file hashes are in <a href="provenance.json">provenance.json</a>.</p>
</body></html>
"""


def render_reports(study_file: str | Path | None = None, out: Path = paths.REPORTS, *, overrides: dict | None = None,
                   with_code: bool = False, figures_dir: Path | None = None, progress: bool = False,
                   only: list[str] | None = None) -> Path:
    """Execute every notebook for a study and write ``out/NN-name.html``, ``out/index.html`` and ``out/tables/``.

    The corpus and every measure are computed once before the notebooks run
    (they then read the cache).  A notebook that fails does not stop the
    others: its page shows the error and :class:`ReportError` lists it.
    """
    from ..measures import run_measures
    from .study import open_study

    out = Path(out)
    overrides = {k: (str(v) if isinstance(v, Path) else v) for k, v in (overrides or {}).items() if v is not None}
    study = open_study(study_file, progress=progress, **overrides)
    study.axis_poles                          # a bad axis or lexicon fails here, once, with its name
    skipped: dict[str, str] = {}
    run_measures(study.corpus, study.settings, progress=progress,
                 on_error=lambda name, exc: skipped.setdefault(name, str(exc)))
    for name, why in skipped.items():
        log.warning("measure %s not computed: %s", name, why)
    if figures_dir is None:
        figures_dir = paths.FIGURES if out.resolve() == paths.REPORTS.resolve() else None
    store = Store(out)
    entries, failures = [], {}
    books = [p for p in notebooks() if not only or p.stem in only]
    with store.writing(keep_current=False) as gen, tempfile.TemporaryDirectory() as tmp:
        params = {"study_file": str(Path(study_file).resolve()) if study_file else None,
                  "overrides": study_overrides(overrides),
                  "figures_dir": str(Path(figures_dir or gen / "figures").resolve()),
                  "tables_dir": str((gen / "tables").resolve())}
        for nb_path in tqdm(books, desc="reports", unit="notebook", disable=not progress):
            executed_path = Path(tmp) / nb_path.name
            note = nb_path.name
            try:
                executed = execute(nb_path, params, executed_path)
            except Exception as exc:  # papermill's error names the cell; the rest of the reports still render
                failures[nb_path.stem] = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
                log.error("%s failed: %s", nb_path.name, failures[nb_path.stem])
                if not executed_path.exists():
                    continue
                executed = nbformat.read(executed_path, as_version=4)
                note += " — FAILED, see the error in the report"
            target = gen / f"{nb_path.stem}.html"
            target.write_text(to_html(executed, with_code or nb_path.stem in failures), encoding="utf-8")
            entries.append((target.name, _title(executed, nb_path.stem), note))
            log.info("rendered %s", target)
        (gen / "tables").mkdir(exist_ok=True)
        write_csv(study.articles.drop(columns=["text"]), gen / "tables" / "articles.csv")
        (gen / "provenance.json").write_text(json.dumps(study.provenance(), indent=1, default=str), encoding="utf-8")
        (gen / "index.html").write_text(_index(entries, study), encoding="utf-8")
    if failures:
        raise ReportError(failures)
    return out / "index.html"


def study_overrides(overrides: dict) -> dict:
    """Overrides as JSON-safe values for the notebooks' ``overrides`` parameter."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in overrides.items()}


def refresh(books: list[Path] | None = None) -> None:
    """Execute notebooks in place with their default parameters (to commit them with clean outputs)."""
    from nbclient import NotebookClient

    for nb_path in books or notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(nb_path.parent)}}).execute()
        nbformat.write(strip_widgets(nb), nb_path)
        log.info("refreshed %s", nb_path)
